import { z } from 'zod';
import { LIMITS } from '../limits.js';
import { Affiliation, Color, Coord, Id, NoteSize, NoteText, SectionSize } from '../model.js';
import { PHASES, Phase } from '../phase.js';

// A template is data: built-in ones are TypeScript literals checked against this schema, custom
// ones are JSON files in DATA_DIR parsed with it on every load (docs/PROTOCOL.md T1–T12).

export const TEMPLATE_LIMITS = {
  /** Example notes one template may carry (a saved board with more is refused, never cut short). */
  notes: 500,
  /** Custom templates one server keeps. */
  custom: 1_000,
  /** Body of `POST /api/templates`: two titles, two descriptions, a board id. */
  saveBodyBytes: 16 * 1024,
  description: 1_000,
} as const;

/** Steps a facilitator may run (the names of the client's phase bar); a template suggests which, in which order. */
export { PHASES, Phase } from '../phase.js';

export const TemplateTitle = z.string().trim().min(1).max(LIMITS.boardTitle);
export const Bilingual = <S extends z.ZodType<string>>(text: S) => z.strictObject({ ja: text, en: text });

const SectionText = { title: z.string().max(LIMITS.sectionTitle), prompt: z.string().max(LIMITS.sectionPrompt) };

/**
 * A section as a template lays it out. `title`/`prompt` are the Japanese (or the facilitator's own)
 * texts and `en` the English ones, whatever the language of the board made from it: the client
 * shows `en` when its UI is English. Built-in templates always give `en`; a custom template keeps
 * what its board had, so a section the facilitator added by hand may have none.
 */
export const TemplateSection = z.strictObject({
  ...SectionText,
  en: z.strictObject(SectionText).optional(),
  x: Coord,
  y: Coord,
  width: SectionSize,
  height: SectionSize,
  color: Color,
  /** The partner whose new notes go to this section (a role column). */
  affiliation: Affiliation.optional(),
});
export type TemplateSection = z.infer<typeof TemplateSection>;

/** An example note; on a new board it has no participant as its author (TEMPLATE_AUTHOR). */
export const TemplateNote = z.strictObject({
  text: NoteText,
  x: Coord,
  y: Coord,
  width: NoteSize.optional(),
  height: NoteSize.optional(),
  color: Color,
});
export type TemplateNote = z.infer<typeof TemplateNote>;

export const Template = z
  .strictObject({
    id: Id,
    title: Bilingual(TemplateTitle),
    description: Bilingual(z.string().max(TEMPLATE_LIMITS.description)),
    sections: z.array(TemplateSection).max(LIMITS.sectionsPerBoard),
    /** Dots per person the facilitator is offered when voting starts. */
    suggestedBudget: z.number().int().min(1).max(LIMITS.maxVoteBudget).optional(),
    /** The phases this kind of session runs, in order. */
    phases: z.array(Phase).min(1).max(PHASES.length).optional(),
    /** What ⑤ asks everybody to look back on (KPT's three questions, the seven rules, …). */
    reflection: Bilingual(z.string().min(1).max(TEMPLATE_LIMITS.description)).optional(),
    notes: z.array(TemplateNote).max(TEMPLATE_LIMITS.notes).optional(),
  })
  .refine((t) => !t.phases || new Set(t.phases).size === t.phases.length, { message: 'a phase is listed twice', path: ['phases'] });
export type Template = z.infer<typeof Template>;

/** Who an example note is by: no participant of any board has this id (theirs start with `p` and are 17 long). */
export const TEMPLATE_AUTHOR = { id: 'template', name: { ja: 'テンプレートの例', en: 'Template example' }, affiliation: 'other' } as const;

/** What `GET /api/templates` lists: enough for the home page to name a template and draw its sections. */
export type TemplateInfo = {
  id: string;
  title: { ja: string; en: string };
  description: { ja: string; en: string };
  sections: Pick<TemplateSection, 'title' | 'en' | 'x' | 'y' | 'width' | 'height' | 'color'>[];
  suggestedBudget?: number;
  phases?: Phase[];
  reflection?: { ja: string; en: string };
  /** Example notes it puts on a new board. */
  notes: number;
  /** Saved by a facilitator on this server (deletable with the key of the board it came from). */
  custom: boolean;
};

export function templateInfo(t: Template, custom: boolean): TemplateInfo {
  const info: TemplateInfo = {
    id: t.id,
    title: t.title,
    description: t.description,
    sections: t.sections.map(({ title, en, x, y, width, height, color }) => (en ? { title, en, x, y, width, height, color } : { title, x, y, width, height, color })),
    notes: t.notes?.length ?? 0,
    custom,
  };
  if (t.suggestedBudget !== undefined) info.suggestedBudget = t.suggestedBudget;
  if (t.phases) info.phases = t.phases;
  if (t.reflection) info.reflection = t.reflection;
  return info;
}
