import type { Board, Note, Section } from './model.js';

export type Rect = { x: number; y: number; width: number; height: number };

export const contains = (r: Rect, px: number, py: number) =>
  px >= r.x && px <= r.x + r.width && py >= r.y && py <= r.y + r.height;

/** A note belongs to the topmost section that contains its centre. */
export function sectionAt(sections: Record<string, Section>, note: Rect): string | null {
  const cx = note.x + note.width / 2;
  const cy = note.y + note.height / 2;
  let found: string | null = null;
  for (const s of Object.values(sections)) if (contains(s, cx, cy)) found = s.id;
  return found;
}

/** Recompute every note's section after sections changed; notes that did not change keep their identity. */
export function reassignSections(board: Board): Board {
  let notes: Record<string, Note> | null = null;
  for (const n of Object.values(board.notes)) {
    const sid = sectionAt(board.sections, n);
    if (sid !== n.sectionId) {
      notes ??= { ...board.notes };
      notes[n.id] = { ...n, sectionId: sid };
    }
  }
  return notes ? { ...board, notes } : board;
}

export function boundsOf(rects: Iterable<Rect>): Rect | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}
