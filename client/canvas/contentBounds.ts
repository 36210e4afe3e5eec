import { boundsOf, type Rect } from '../../shared/geometry';
import type { Board } from '../../shared/model';

/**
 * What "show everything" shows: the notes and the sections that hold them. Empty sections of a
 * template would only make every note smaller at the opening view; with no notes yet, the
 * sections are all there is to see.
 */
export function contentBounds(board: Pick<Board, 'notes' | 'sections'>): Rect | null {
  const notes = Object.values(board.notes);
  const sections = Object.values(board.sections);
  if (notes.length === 0) return boundsOf(sections);
  const holding = new Set<string>();
  for (const n of notes) if (n.sectionId) holding.add(n.sectionId);
  return boundsOf([...notes, ...sections.filter((s) => holding.has(s.id))]);
}
