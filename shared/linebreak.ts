// Line breaking for note text, the same on the canvas and in the PNG export. Japanese breaks
// between any two characters except where the basic kinsoku rules forbid it (JIS X 4051's
// 行頭禁則 and 行末禁則); Latin text breaks at spaces. A run that is wider than the line on its
// own is cut between characters, since showing it cut beats showing it spilling off the note.

/** Width of a string at font size 1 (so the same measurement serves every size). */
export type Measure = (text: string) => number;

/** Characters that may not start a line: closing brackets, stops, the long vowel mark, small kana. */
export const NO_LINE_START = new Set([
  ...'、。，．）」』】〉》ー・！？',
  ...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ',
  ...'〕］｝〙〗：；‐゠〜～々ゝゞヽヾ…‥',
  ...',.)]}!?:;%',
]);
/** Characters that may not end a line: opening brackets. */
export const NO_LINE_END = new Set([...'（「『【〈《〔［｛〘〖', ...'([{']);

const SPACE = /\s/;
/** Scripts written without spaces, where a line may break between any two characters. */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/**
 * The text cut into pieces a line may not break inside: a CJK character (with the characters
 * kinsoku binds to it), a Latin word, or a run of spaces.
 */
export function atoms(text: string): string[] {
  const out: string[] = [];
  let glueNext = false;
  for (const ch of text) {
    const prev = out.length ? out[out.length - 1]! : null;
    const prevLast = prev ? prev[prev.length - 1]! : '';
    const space = SPACE.test(ch);
    const joinsWord = !space && !CJK.test(ch) && prev !== null && !SPACE.test(prevLast) && !CJK.test(prevLast) && !glueNext;
    if (prev !== null && !space && (glueNext || NO_LINE_START.has(ch) || joinsWord)) out[out.length - 1] = prev + ch;
    else if (prev !== null && space && SPACE.test(prevLast)) out[out.length - 1] = prev + ch;
    else out.push(ch);
    glueNext = NO_LINE_END.has(ch);
  }
  return out;
}

/** An unbreakable piece with its width, measured once however many widths it is broken at. */
type Atom = { text: string; width: number; space: boolean };
/** A text cut into its paragraphs' atoms: what breaking at any width needs. */
export type PreparedText = { paragraphs: Atom[][]; measure: Measure };

export function prepareText(text: string, measure: Measure): PreparedText {
  return {
    measure,
    paragraphs: text.split(/\r?\n/).map((p) => atoms(p).map((a) => ({ text: a, width: measure(a), space: SPACE.test(a[0]!) }))),
  };
}

/**
 * Breaks one paragraph into lines no wider than `maxWidth` (in the units of `measure`). Spaces
 * where a line breaks are dropped.
 */
function breakParagraph(atoms: readonly Atom[], maxWidth: number, measure: Measure, lines: string[]): void {
  const first = lines.length;
  let line = '';
  let width = 0;
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
    width = 0;
  };
  for (const { text: atom, width: w, space } of atoms) {
    if (space) {
      if (line === '' && lines.length > first) continue;
      if (width + w > maxWidth) push();
      else {
        line += atom;
        width += w;
      }
      continue;
    }
    if (width + w <= maxWidth) {
      line += atom;
      width += w;
      continue;
    }
    if (line.trim() !== '') push();
    else {
      line = '';
      width = 0;
    }
    if (w <= maxWidth) {
      line = atom;
      width = w;
      continue;
    }
    for (const ch of atom) {
      const cw = measure(ch);
      if (width + cw > maxWidth && line !== '') push();
      line += ch;
      width += cw;
    }
  }
  if (line !== '' || lines.length === first) lines.push(line.trimEnd());
}

/** Breaks a prepared text into lines no wider than `maxWidth`, keeping its own line breaks. */
export function breakPrepared(text: PreparedText, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const p of text.paragraphs) breakParagraph(p, maxWidth, text.measure, lines);
  return lines;
}

/** Breaks `text` into lines no wider than `maxWidth`, keeping its own line breaks. */
export function breakLines(text: string, maxWidth: number, measure: Measure): string[] {
  return breakPrepared(prepareText(text, measure), maxWidth);
}

/** `line` cut so that it and an ellipsis fit in `maxWidth`. */
export function withEllipsis(line: string, maxWidth: number, measure: Measure): string {
  const chars = [...line.trimEnd()];
  const dots = '…';
  while (chars.length > 0 && measure(chars.join('') + dots) > maxWidth) chars.pop();
  // A line may not end with an opening bracket, even one cut short.
  while (chars.length > 0 && NO_LINE_END.has(chars[chars.length - 1]!)) chars.pop();
  return chars.join('').trimEnd() + dots;
}
