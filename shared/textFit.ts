import { breakPrepared, prepareText, withEllipsis, type Measure, type PreparedText } from './linebreak.js';

// Note text sized to its note, as sticky-note boards do: a few words fill the paper, a long
// note gets smaller type down to a floor, and what still does not fit ends in an ellipsis (the
// full text is in the list and on hover).

export type FitOptions = {
  /** Smallest font size to use; below it the text is cut with an ellipsis instead. */
  min: number;
  /** Largest font size, for the shortest notes. */
  max: number;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
};

export type FittedText = {
  fontSize: number;
  /** The lines as drawn, already broken (and the last one cut short when `truncated`). */
  lines: string[];
  truncated: boolean;
};

const fitsAt = (text: PreparedText, width: number, height: number, size: number, lineHeight: number): string[] | null => {
  if (size > width) return null;
  const lines = breakPrepared(text, width / size);
  return lines.length * lineHeight * size <= height ? lines : null;
};

/** The largest whole font size in [min, max] at which `text` fits a `width` × `height` box. */
export function fitText(raw: string, width: number, height: number, measure: Measure, { min, max, lineHeight }: FitOptions): FittedText {
  // Cut and measured once; each size tried only breaks it again.
  const text = prepareText(raw, measure);
  const top = Math.max(min, Math.floor(max));
  const floor = Math.max(1, Math.ceil(min));
  const atTop = fitsAt(text, width, height, top, lineHeight);
  if (atTop) return { fontSize: top, lines: atTop, truncated: false };
  // Whether the text fits shrinks as the size grows (lines only get longer and more of them), so
  // the largest size that fits is found by halving the range.
  let lo = floor;
  let loLines = fitsAt(text, width, height, lo, lineHeight);
  if (!loLines) return truncate(text, width, height, floor, lineHeight);
  let hi = top;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const lines = fitsAt(text, width, height, mid, lineHeight);
    if (lines) {
      lo = mid;
      loLines = lines;
    } else hi = mid;
  }
  return { fontSize: lo, lines: loLines, truncated: false };
}

function truncate(text: PreparedText, width: number, height: number, size: number, lineHeight: number): FittedText {
  const all = breakPrepared(text, width / size);
  const room = Math.max(1, Math.floor(height / (lineHeight * size) + 1e-9));
  if (all.length <= room) return { fontSize: size, lines: all, truncated: false };
  const lines = all.slice(0, room);
  lines[room - 1] = withEllipsis(lines[room - 1]!, width / size, text.measure);
  return { fontSize: size, lines, truncated: true };
}
