import { randomBytes } from 'node:crypto';
import { TEMPLATES, templateById } from '../../shared/templates/index.js';
import { templateInfo, TEMPLATE_LIMITS, type Template, type TemplateInfo } from '../../shared/templates/schema.js';
import type { Clock } from '../log.js';
import type { BoardStore, StoredTemplate } from '../store/types.js';

/** Custom ids never meet a built-in one: built-in ids are words, these start with `custom-`. */
export const newTemplateId = () => 'custom-' + randomBytes(9).toString('base64url');

export type Found = { template: Template; stored: StoredTemplate | null };

/** The built-in templates and the ones facilitators saved on this server, as one list (T1, T5). */
export class TemplateCatalog {
  constructor(private readonly deps: { store: BoardStore; clock: Clock }) {}

  async list(): Promise<TemplateInfo[]> {
    const custom = await this.deps.store.listTemplates();
    return [...TEMPLATES.map((t) => templateInfo(t, false)), ...custom.map((s) => templateInfo(s.template, true))];
  }

  async find(id: string): Promise<Found | null> {
    const builtIn = templateById(id);
    if (builtIn) return { template: builtIn, stored: null };
    const stored = (await this.deps.store.listTemplates()).find((s) => s.template.id === id);
    return stored ? { template: stored.template, stored } : null;
  }

  /** The template, wherever it lives; undefined for an id nobody knows. */
  byId = async (id: string): Promise<Template | undefined> => (await this.find(id))?.template;

  async isFull(): Promise<boolean> {
    return (await this.deps.store.listTemplates()).length >= TEMPLATE_LIMITS.custom;
  }

  async save(template: Template, createdBy: string): Promise<void> {
    await this.deps.store.saveTemplate({ schemaVersion: 1, template, createdBy, createdAt: this.deps.clock.now() });
  }

  remove(id: string): Promise<boolean> {
    return this.deps.store.deleteTemplate(id);
  }
}
