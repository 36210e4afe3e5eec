import { z } from 'zod';
import { reassignSections } from '../../shared/geometry.js';
import { NOTE_DEFAULT_SIZE } from '../../shared/limits.js';
import { Id, type Board, type Note, type Section } from '../../shared/model.js';
import type { Parsed } from '../../shared/snapshot.js';
import { Bilingual, Template, TEMPLATE_AUTHOR, TEMPLATE_LIMITS, TemplateTitle, type TemplateNote, type TemplateSection } from '../../shared/templates/schema.js';

// Between boards and templates, both ways: what a template puts on a new board, and what a
// board gives a template saved from it.

/**
 * Lay a template out on an empty board: sections `s_1…`, example notes `t_1…` by TEMPLATE_AUTHOR
 * (T6), each note in the section under its centre (R5).
 */
export function withTemplate(board: Board, template: Template): Board {
  const sections: Record<string, Section> = {};
  template.sections.forEach((s, i) => {
    const id = `s_${i + 1}`;
    sections[id] = { id, ...s };
  });
  const notes: Record<string, Note> = {};
  (template.notes ?? []).forEach((n, i) => {
    const id = `t_${i + 1}`;
    notes[id] = {
      id,
      text: n.text,
      x: n.x,
      y: n.y,
      width: n.width ?? NOTE_DEFAULT_SIZE.width,
      height: n.height ?? NOTE_DEFAULT_SIZE.height,
      color: n.color,
      sectionId: null,
      authorId: TEMPLATE_AUTHOR.id,
      authorName: TEMPLATE_AUTHOR.name[board.lang],
      affiliation: TEMPLATE_AUTHOR.affiliation,
      createdAt: board.createdAt,
      updatedAt: board.createdAt,
    };
  });
  return reassignSections({ ...board, sections, notes });
}

export const SaveTemplateBody = z.strictObject({
  boardId: Id,
  title: Bilingual(TemplateTitle),
  description: Bilingual(z.string().trim().max(TEMPLATE_LIMITS.description)).optional(),
  includeNotes: z.boolean().optional(),
});
export type SaveTemplateBody = z.infer<typeof SaveTemplateBody>;

/**
 * A template of this board: its sections as they are now (titles, English texts where they still
 * have them, places, colours) and, if asked, its notes' text, place, size and colour — never who
 * wrote them or their votes. The phases and budget come from the template the board was made
 * from, the budget from the board itself once it has voted.
 */
export function templateFromBoard(board: Board, body: SaveTemplateBody, id: string, source: Template | undefined): Parsed<Template> {
  const sections: TemplateSection[] = Object.values(board.sections).map(({ id: _id, ...s }) => s);
  const all = Object.values(board.notes);
  if (body.includeNotes && all.length > TEMPLATE_LIMITS.notes)
    return { ok: false, message: `a template carries at most ${TEMPLATE_LIMITS.notes} example notes; this board has ${all.length}` };
  const template: Template = {
    id,
    title: body.title,
    description: body.description ?? { ja: '', en: '' },
    sections,
  };
  const budget = board.voting.open || board.voting.ended ? board.voting.budget : source?.suggestedBudget;
  if (budget !== undefined) template.suggestedBudget = budget;
  if (source?.phases) template.phases = source.phases;
  if (source?.reflection) template.reflection = source.reflection;
  if (body.includeNotes && all.length > 0)
    template.notes = all.map((n): TemplateNote => ({ text: n.text, x: n.x, y: n.y, width: n.width, height: n.height, color: n.color }));
  const parsed = Template.safeParse(template);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'invalid template' };
  return { ok: true, value: parsed.data };
}
