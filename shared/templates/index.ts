import { blank } from './blank.js';
import { formsOfCollaboration } from './forms-of-collaboration.js';
import { kpt } from './kpt.js';
import { partnershipPromises } from './partnership-promises.js';
import { sameTable } from './same-table.js';
import { sevenRules } from './seven-rules.js';
import type { Template } from './types.js';

export type { Phase, Template, TemplateInfo, TemplateNote, TemplateSection } from './types.js';

/** The built-in templates in the order the home page offers them; their ids are part of the contract (T2). */
export const TEMPLATES: readonly Template[] = [blank, sameTable, sevenRules, partnershipPromises, kpt, formsOfCollaboration];
export const templateById = (id: string): Template | undefined => TEMPLATES.find((t) => t.id === id);
