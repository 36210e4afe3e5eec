import type { Konva } from './konva';
import { hitColor, paperOf } from './konvaInternals';

type Group = Konva.Group;

export const isNote = (n: Konva.Node): n is Group => n.attrs.name === 'note';

/**
 * The note's paper when it is all there is to draw of the note: one plain rectangle, no border,
 * corners, shadow, transparency or transform, which is how a note looks zoomed out. Such a
 * note is filled straight onto the canvas, as a plain canvas page would, without Konva's
 * per-shape state changes; anything else is drawn by Konva.
 */
export function plainPaper(note: Group): { fill: string; width: number; height: number } | null {
  if (note.children.length !== 1) return null;
  const paper = paperOf(note)!;
  const a = paper.attrs;
  const g = note.attrs;
  if (typeof a.fill !== 'string' || a.fillEnabled === false || paper.getClassName() !== 'Rect') return null;
  if (a.cornerRadius || (a.stroke && a.strokeEnabled !== false) || (a.shadowColor && a.shadowEnabled !== false) || a.visible === false || g.visible === false) return null;
  if (a.x || a.y || a.rotation || g.rotation || a.offsetX || a.offsetY || g.offsetX || g.offsetY || a.skewX || a.skewY || g.skewX || g.skewY) return null;
  if ((a.opacity ?? 1) !== 1 || (g.opacity ?? 1) !== 1 || (a.scaleX ?? 1) !== 1 || (a.scaleY ?? 1) !== 1 || (g.scaleX ?? 1) !== 1 || (g.scaleY ?? 1) !== 1) return null;
  return { fill: a.fill, width: a.width ?? 0, height: a.height ?? 0 };
}

/** For the hit canvas: the colour Konva keys a plain paper by, when the paper is what a pointer finds there. */
export function hitKey(note: Group): string | undefined {
  if (!plainPaper(note)) return undefined;
  const paper = paperOf(note)!;
  if (paper.attrs.hitFunc || !paper.isListening() || !note.isListening()) return undefined;
  return hitColor(paper);
}
