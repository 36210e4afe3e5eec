import type { Note } from '../../shared/model';
import { fitText, type FittedText } from '../../shared/textFit';
import { measureFor } from './measure';
import { FONT_FAMILY, NOTE_FOOTER, NOTE_TEXT } from './theme';

/**
 * The smallest note text, in board units, that a screen allows at a zoom: `minPx` on screen, never
 * below NOTE_TEXT.min. Taken from a short list of levels so that zooming changes it (and makes
 * every note lay its text out again) only now and then, never each frame. Rounded up, so the text
 * is at least `minPx` tall.
 */
export const TEXT_FLOOR_LEVELS = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 28, 30, 32, 34, 36, 38, 40, 44, 48, 52, 56] as const;

export function textFloor(scale: number, minPx: number): number {
  const want = minPx / Math.max(scale, 1e-6);
  for (const level of TEXT_FLOOR_LEVELS) if (level >= want - 1e-9) return Math.max(level, NOTE_TEXT.min);
  return TEXT_FLOOR_LEVELS[TEXT_FLOOR_LEVELS.length - 1]!;
}

/** The box note text is laid out in: the paper minus its padding and the author's footer (and a hair above it). */
export const noteTextBox = (note: Pick<Note, 'width' | 'height'>) => ({
  width: Math.max(1, note.width - NOTE_TEXT.padding * 2),
  height: Math.max(1, note.height - NOTE_TEXT.padding - NOTE_FOOTER.height - 2),
});

/**
 * The largest size short text grows to, a little above the floor: large where the screen is far
 * (a note of two words fills its paper on the wall), calm when zoomed in close.
 */
export const noteTextMax = (floor: number) => Math.max(floor, Math.min(NOTE_TEXT.max, Math.max(NOTE_TEXT.calmMax, Math.round(floor * 1.3))));

const CACHE_MAX = 6000;
const cache = new Map<string, FittedText>();

/**
 * A note's text laid out for its paper with `floor` as the smallest size (see textFit.ts). Kept
 * by text, size and floor: a board of thousands of notes lays each out once per zoom level.
 */
export function fittedNoteText(note: Pick<Note, 'text' | 'width' | 'height'>, floor: number): FittedText {
  const key = `${floor}|${note.width}|${note.height}|${note.text}`;
  const known = cache.get(key);
  if (known) return known;
  const box = noteTextBox(note);
  const fitted = fitText(note.text, box.width, box.height, measureFor(FONT_FAMILY), {
    min: floor,
    max: noteTextMax(floor),
    lineHeight: NOTE_TEXT.lineHeight,
  });
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, fitted);
  return fitted;
}
