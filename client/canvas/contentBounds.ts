import { boundsOf, type Rect } from '../../shared/geometry';
import type { Board } from '../../shared/model';

/** Enough of a section's top to show its title; the notes below it show the rest. */
const HEADER_STRIP = 100;

/**
 * What "show everything" shows: the notes, and the sections that hold them as far down as their
 * notes go. A template's sections leave room for more notes than a workshop writes; showing that
 * empty paper (or empty sections) would only make every note smaller at the opening view. With
 * no notes yet, the sections are all there is to see.
 */
export function contentBounds(board: Pick<Board, 'notes' | 'sections'>): Rect | null {
  const notes = Object.values(board.notes);
  const sections = Object.values(board.sections);
  if (notes.length === 0) return boundsOf(sections);
  const holding = new Set<string>();
  for (const n of notes) if (n.sectionId) holding.add(n.sectionId);
  const tops = sections.filter((s) => holding.has(s.id)).map((s) => ({ ...s, height: Math.min(s.height, HEADER_STRIP) }));
  return boundsOf([...notes, ...tops]);
}
