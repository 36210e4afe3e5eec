import { err } from './errors.js';
import { sectionAt } from './geometry.js';
import { LIMITS, NOTE_DEFAULT_SIZE } from './limits.js';
import { DEFAULT_NOTE_COLOR, type Board, type Note } from './model.js';
import type { OpOf } from './ops.js';
import type { OpContext, Step } from './reducer.js';
import { writableNotes, writableVotes, type Draft } from './draft.js';

/** While private writing is on, a participant may only touch notes it wrote. */
function canTouch(board: Board, note: Note, ctx: OpContext) {
  return ctx.trusted || !board.settings.privateWriting || ctx.actor.role === 'facilitator' || note.authorId === ctx.actor.id;
}

// Every reducer here checks everything before its first write: inside a batch (`draft`) it may
// write records the batch owns in place, and a refused op must leave them as they were.

export function addNote(board: Board, op: OpOf<'note.add'>, ctx: OpContext, draft?: Draft): Step {
  const n = op.note;
  if (board.notes[n.id]) return err('conflict', `a note with id ${n.id} already exists`);
  if (Object.keys(board.notes).length >= LIMITS.notesPerBoard)
    return err('limit', `a board holds at most ${LIMITS.notesPerBoard} notes`);
  const author = board.participants[ctx.actor.id] ?? { id: ctx.actor.id, name: '', affiliation: 'other' as const };
  const rect = { x: n.x, y: n.y, width: n.width ?? NOTE_DEFAULT_SIZE.width, height: n.height ?? NOTE_DEFAULT_SIZE.height };
  const note: Note = {
    id: n.id,
    text: n.text,
    ...rect,
    color: n.color ?? DEFAULT_NOTE_COLOR,
    sectionId: sectionAt(board.sections, rect),
    authorId: author.id,
    authorName: author.name,
    affiliation: author.affiliation,
    createdAt: ctx.at,
    updatedAt: ctx.at,
  };
  const notes = writableNotes(board, draft);
  notes[n.id] = note;
  draft?.wroteNote(n.id);
  return { ...board, notes };
}

export function updateNote(board: Board, op: OpOf<'note.update'>, ctx: OpContext, draft?: Draft): Step {
  const note = board.notes[op.id];
  if (!note) return err('not_found', `no note ${op.id}`);
  if (!canTouch(board, note, ctx)) return err('forbidden', 'during private writing you can only edit your own notes');
  // sectionId is derived from geometry, never taken from the patch.
  const { sectionId: _ignored, ...patch } = op.patch;
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((k) => patch[k] !== undefined && patch[k] !== note[k]);
  if (!changed) return board;
  const next: Note = { ...note, ...definedOnly(patch), updatedAt: ctx.at };
  next.sectionId = sectionAt(board.sections, next);
  const notes = writableNotes(board, draft);
  notes[op.id] = next;
  draft?.wroteNote(op.id);
  return { ...board, notes };
}

export function moveNotes(board: Board, op: OpOf<'note.move'>, ctx: OpContext, draft?: Draft): Step {
  for (const m of op.moves) {
    const note = board.notes[m.id];
    if (!note) return err('not_found', `no note ${m.id}`);
    if (!canTouch(board, note, ctx)) return err('forbidden', 'during private writing you can only move your own notes');
  }
  let notes: Record<string, Note> | null = null;
  for (const m of op.moves) {
    const note = (notes ?? board.notes)[m.id]!;
    if (note.x === m.x && note.y === m.y) continue;
    notes ??= writableNotes(board, draft);
    const moved = { ...note, x: m.x, y: m.y, updatedAt: ctx.at };
    moved.sectionId = sectionAt(board.sections, moved);
    notes[m.id] = moved;
    draft?.wroteNote(m.id);
  }
  return notes ? { ...board, notes } : board;
}

export function deleteNotes(board: Board, op: OpOf<'note.delete'>, ctx: OpContext, draft?: Draft): Step {
  // Two people deleting the same note is normal; only an op that finds none of its notes is refused.
  const present = op.ids.filter((id) => board.notes[id]);
  if (present.length === 0) return err('not_found', 'none of these notes exist');
  for (const id of present)
    if (!canTouch(board, board.notes[id]!, ctx)) return err('forbidden', 'during private writing you can only delete your own notes');
  const notes = writableNotes(board, draft);
  let votes = board.votes;
  for (const id of present) {
    delete notes[id];
    draft?.wroteNote(id);
    if (votes[id]) {
      if (votes === board.votes) votes = writableVotes(board, draft);
      delete votes[id];
    }
  }
  return { ...board, notes, votes };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
