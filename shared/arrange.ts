import type { Rect } from './geometry.js';
import type { Board, Note, Section } from './model.js';
import { Obstacles } from './obstacles.js';
import { firstFree, headerOf, inBounds, offsetsAround, overlaps, PLACEMENT, type Point, type Size } from './placement.js';

// The facilitator's tidying: a section's notes laid out on its grid, or a handful of notes
// gathered into one compact block. Both only compute moves; the client sends them as one
// `note.move`, so they are ordinary, undoable edits that every replica applies alike.

export type Move = { id: string; x: number; y: number };
export const TIDY_ORDERS = ['time', 'votes'] as const;
export type TidyOrder = (typeof TIDY_ORDERS)[number];

const rectOf = (n: Note): Rect => ({ x: n.x, y: n.y, width: n.width, height: n.height });

export function votesOn(board: Pick<Board, 'votes'>, noteId: string): number {
  let sum = 0;
  for (const n of Object.values(board.votes[noteId] ?? {})) sum += n;
  return sum;
}

/** Oldest first; by votes, most first and the older of equals first. Ids break exact ties, so every screen agrees. */
export function tidyOrder(board: Pick<Board, 'votes'>, notes: Note[], order: TidyOrder): Note[] {
  const byTime = (a: Note, b: Note) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (order === 'time') return [...notes].sort(byTime);
  const votes = new Map(notes.map((n) => [n.id, votesOn(board, n.id)]));
  return [...notes].sort((a, b) => votes.get(b.id)! - votes.get(a.id)! || byTime(a, b));
}

/**
 * The section's notes, in `order`, on the section's grid row by row; past its last cell they go
 * where a new note would, never onto a note of another section. Only notes that move are listed.
 */
export function tidySection(board: Board, sectionId: string, order: TidyOrder): Move[] {
  const section = board.sections[sectionId];
  if (!section) return [];
  const all = Object.values(board.notes);
  const mine = tidyOrder(board, all.filter((n) => n.sectionId === sectionId), order);
  const obstacles = new Obstacles(all.filter((n) => n.sectionId !== sectionId).map(rectOf));
  const moves: Move[] = [];
  for (const n of mine) {
    const size = { width: n.width, height: n.height };
    const p = firstFree(board, size, { section }, obstacles);
    obstacles.add({ ...p, ...size });
    if (p.x !== n.x || p.y !== n.y) moves.push({ id: n.id, x: p.x, y: p.y });
  }
  return moves;
}

/** Inside `s`, below its title and prompt. */
const inBody = (s: Section, r: Rect) =>
  r.x >= s.x && r.x + r.width <= s.x + s.width && r.y >= s.y + headerOf(s) && r.y + r.height <= s.y + s.height;

/**
 * Where a block of `size` goes near `from` (on a grid of `step` through it), clear of `others`: inside the body of `home` if it
 * fits there, else somewhere it crosses no section's edge or header, else anywhere free. A block
 * astride two sections would file its notes under both.
 */
function blockSpot(board: Board, size: Size, step: Size, from: Point, home: Section | undefined, others: Obstacles): Point {
  const sections = Object.values(board.sections);
  const clean = (r: Rect) => sections.every((s) => !overlaps(s, r) || inBody(s, r));
  const tiers = home ? [(r: Rect) => inBody(home, r), clean] : [clean];
  const offsets = offsetsAround(step.width, step.height);
  for (const fits of tiers)
    for (const { dx, dy } of offsets) {
      const p = { x: from.x + dx, y: from.y + dy };
      const r = { ...p, ...size };
      if (inBounds(p, size) && fits(r) && !others.hits(r)) return p;
    }
  return firstFree(board, size, { at: from }, others);
}

/**
 * The notes `ids` (the first one first) in a compact, nearly square block of rows: where the first
 * one is if nothing else is in the way, else at the nearest place clear of other notes, inside the
 * first one's section when there is room.
 */
export function gatherNotes(board: Board, ids: readonly string[]): Move[] {
  const notes = [...new Set(ids)].map((id) => board.notes[id]).filter((n): n is Note => !!n);
  if (notes.length < 2) return [];
  const gap = PLACEMENT.gap;
  const cols = Math.ceil(Math.sqrt(notes.length));
  const rows = Math.ceil(notes.length / cols);
  const cellW = Math.max(...notes.map((n) => n.width)) + gap;
  const cellH = Math.max(...notes.map((n) => n.height)) + gap;
  const block = { width: cols * cellW - gap, height: rows * cellH - gap };
  const chosen = new Set(notes.map((n) => n.id));
  const others = new Obstacles(Object.values(board.notes).filter((n) => !chosen.has(n.id)).map(rectOf));
  const first = notes[0]!;
  const home = first.sectionId ? board.sections[first.sectionId] : undefined;
  const at = blockSpot(board, block, { width: cellW, height: cellH }, { x: first.x, y: first.y }, home, others);
  const moves: Move[] = [];
  notes.forEach((n, i) => {
    const x = at.x + (i % cols) * cellW;
    const y = at.y + Math.floor(i / cols) * cellH;
    if (x !== n.x || y !== n.y) moves.push({ id: n.id, x, y });
  });
  return moves;
}
