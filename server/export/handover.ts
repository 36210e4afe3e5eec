import { z } from 'zod';
import { reassignSections } from '../../shared/geometry.js';
import { LIMITS, NOTE_DEFAULT_SIZE } from '../../shared/limits.js';
import { BoardTitle, emptyBoard, Id, type Board, type Note, type Section } from '../../shared/model.js';
import type { Template } from '../../shared/templates/index.js';
import type { Parsed } from '../../shared/snapshot.js';
import { boardFromView, PUBLIC_VIEWER, viewFor } from '../../shared/view.js';
import { sectionReports } from './report.js';

// 担当者が変わっても思いを引き継ぐ: the next session starts from a template and carries the notes
// the facilitator chose, so nobody has to retype what the last table agreed on.

export const NextSessionBody = z.strictObject({
  template: Id.optional(),
  title: BoardTitle.optional(),
  carrySections: z.array(Id).max(LIMITS.sectionsPerBoard).optional(),
});
export type NextSessionBody = z.infer<typeof NextSessionBody>;

const GAP = 20;
const PAD = 24;
const HEADER = 64;
const COLUMNS = 4;
const cellW = NOTE_DEFAULT_SIZE.width + GAP;
const cellH = NOTE_DEFAULT_SIZE.height + GAP;

export const CARRY_PREFIX = { ja: '前回から: ', en: 'From last time: ' } as const;

/**
 * The content of the next board: the template's sections, and above them one "前回から" section
 * per carried section holding its notes in a grid, most-voted first. Votes and participants stay
 * with the old board (a new session votes afresh; its people join anew). `id` is a placeholder:
 * the registry gives the board its own.
 *
 * The new board is a public place, so what it carries is what the old board shows its wall
 * (LK1): no note still private, no author on an anonymous board, no order by a hidden vote.
 */
export function nextSession(original: Board, template: Template, body: NextSessionBody, now: number): Parsed<Board> {
  const carried = body.carrySections ?? [];
  for (const id of carried) if (!original.sections[id]) return { ok: false, message: `carrySections: the board has no section ${id}` };
  const title = (body.title || `${original.title}（次回）`).slice(0, LIMITS.boardTitle);
  const board: Board = {
    ...emptyBoard({ id: 'next', title, template: template.id, lang: original.lang, createdAt: now }),
    previous: { id: original.id, title: original.title },
  };
  if (original.timeZone) board.timeZone = original.timeZone;
  template.sections.forEach((s, i) => (board.sections[`s_${i + 1}`] = { ...s, id: `s_${i + 1}` }));

  const chosen = sectionReports(publicBoard(original)).filter((r) => r.id !== null && carried.includes(r.id));
  const sizes = chosen.map((r) => {
    const cols = Math.min(COLUMNS, Math.max(1, r.notes.length));
    const rows = Math.max(1, Math.ceil(r.notes.length / cols));
    return { width: PAD * 2 + cols * cellW - GAP, height: HEADER + rows * cellH - GAP + PAD };
  });
  const templateTop = Math.min(0, ...Object.values(board.sections).map((s) => s.y));
  const templateLeft = Math.min(0, ...Object.values(board.sections).map((s) => s.x));
  const top = templateTop - GAP * 2 - Math.max(0, ...sizes.map((s) => s.height));
  let left = templateLeft;
  let n = 0;
  chosen.forEach((report, i) => {
    const from = original.sections[report.id!]!;
    const size = sizes[i]!;
    const section: Section = {
      id: `prev_${i + 1}`,
      title: (CARRY_PREFIX.ja + from.title).slice(0, LIMITS.sectionTitle),
      prompt: from.prompt,
      en: { title: (CARRY_PREFIX.en + (from.en?.title ?? from.title)).slice(0, LIMITS.sectionTitle), prompt: from.en?.prompt ?? from.prompt },
      x: left,
      y: top,
      ...size,
      color: from.color,
    };
    board.sections[section.id] = section;
    const cols = Math.min(COLUMNS, Math.max(1, report.notes.length));
    report.notes.forEach(({ note }, j) => {
      const copy: Note = {
        ...note,
        id: `c_${++n}`,
        x: left + PAD + (j % cols) * cellW,
        y: top + HEADER + Math.floor(j / cols) * cellH,
        ...NOTE_DEFAULT_SIZE,
        sectionId: null,
      };
      board.notes[copy.id] = copy;
    });
    left += size.width + GAP * 2;
  });
  return { ok: true, value: reassignSections(board) };
}

/** Who wrote a note nobody may know the author of: not a participant of any board (ids start with `p`). */
export const UNKNOWN_AUTHOR = 'anonymous';

/** The board as the public view has it, each note with an author id a board document accepts. */
function publicBoard(board: Board): Board {
  const shown = boardFromView(viewFor(board, PUBLIC_VIEWER));
  for (const [id, note] of Object.entries(shown.notes)) if (!note.authorId) shown.notes[id] = { ...note, authorId: UNKNOWN_AUTHOR };
  return shown;
}
