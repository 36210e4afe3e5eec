import { err } from './errors.js';
import { reassignSections } from './geometry.js';
import { LIMITS } from './limits.js';
import type { Board, Section } from './model.js';
import type { OpOf } from './ops.js';
import type { Step } from './reducer.js';

const SECTION_COLOR = '#f5f5f5';

export function addSection(board: Board, op: OpOf<'section.add'>): Step {
  const s = op.section;
  if (board.sections[s.id]) return err('conflict', `a section with id ${s.id} already exists`);
  if (Object.keys(board.sections).length >= LIMITS.sectionsPerBoard)
    return err('limit', `a board holds at most ${LIMITS.sectionsPerBoard} sections`);
  const section: Section = { ...s, prompt: s.prompt ?? '', color: s.color ?? SECTION_COLOR };
  if (!s.en) delete section.en;
  return reassignSections({ ...board, sections: { ...board.sections, [s.id]: section } });
}

export function updateSection(board: Board, op: OpOf<'section.update'>): Step {
  const section = board.sections[op.id];
  if (!section) return err('not_found', `no section ${op.id}`);
  const keys = Object.keys(op.patch) as (keyof typeof op.patch)[];
  if (!keys.some((k) => op.patch[k] !== undefined && op.patch[k] !== section[k])) return board;
  const next: Section = { ...section };
  for (const k of keys) if (op.patch[k] !== undefined) (next as Record<string, unknown>)[k] = op.patch[k];
  // A renamed section no longer matches its template's English title.
  if ((op.patch.title ?? section.title) !== section.title || (op.patch.prompt ?? section.prompt) !== section.prompt) delete next.en;
  return reassignSections({ ...board, sections: { ...board.sections, [op.id]: next } });
}

export function deleteSection(board: Board, op: OpOf<'section.delete'>): Step {
  if (!board.sections[op.id]) return err('not_found', `no section ${op.id}`);
  const sections = { ...board.sections };
  delete sections[op.id];
  const focus = board.focus && 'sectionId' in board.focus && board.focus.sectionId === op.id ? null : board.focus;
  return reassignSections({ ...board, sections, focus });
}
