import type { Rect } from '../../shared/geometry.js';
import { NOTE_DEFAULT_SIZE } from '../../shared/limits.js';

// Checks shared by the template tests of shared/ and server/: a template's layout is judged the
// same way whether it is read from its file or from a board made with it.

/** Closed rectangles: sharing an edge counts, since a note centred on it would belong to both. */
export const overlaps = (a: Rect, b: Rect) => a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;

export function overlappingPairs<T extends Rect & { title: string }>(sections: readonly T[]): string[] {
  const out: string[] = [];
  sections.forEach((a, i) => sections.slice(i + 1).forEach((b) => overlaps(a, b) && out.push(`${a.title} × ${b.title}`)));
  return out;
}

const GAP = 20;
const HEADER = 100;
/** Default-size notes that fit in a section below its title and prompt, with gaps around them. */
export const noteCapacity = (s: Rect) =>
  Math.floor((s.width - GAP) / (NOTE_DEFAULT_SIZE.width + GAP)) * Math.floor((s.height - HEADER - GAP) / (NOTE_DEFAULT_SIZE.height + GAP));

/** WCAG relative luminance of #rrggbb, 0 (black) to 1 (white). */
export function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
