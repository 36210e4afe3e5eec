import { SECTION_TEXT } from '../../shared/sectionHeader';
// One place for how notes look, so the Konva text and the DOM editor over it line up exactly.

import { AFFILIATION_COLORS } from '../../shared/balance';
import type { Note } from '../../shared/model';

/** System fonts only: the board works offline, so nothing is downloaded. */
export const FONT_FAMILY = '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, sans-serif';

/** Below this zoom note text is too small to read (16px × 0.3 ≈ 5px), so it is not drawn. */
export const DETAIL_SCALE = 0.3;

/**
 * Note text is sized to its note (noteText.ts): from `calmMax` (zoomed in) or up to `max` (zoomed
 * out) for a word or two, down to a floor for a long note, never below `min`; `fontSize` is the
 * editor's size, in board units.
 */
export const NOTE_TEXT = { fontSize: 20, min: 14, calmMax: 26, max: 44, lineHeight: 1.2, padding: 10, color: '#1f2328' } as const;
export const NOTE_FOOTER = { height: 22, fontSize: 13, color: '#57606a' } as const;
/** The smallest note text each kind of screen shows at its opening view, in CSS pixels (DESIGN.md §1). */
export const MIN_TEXT_PX = { wall: 20, screen: 12 } as const;
export const NOTE_STYLE = {
  cornerRadius: 6,
  border: 'rgba(0, 0, 0, 0.14)',
  selected: '#2f6feb',
  selectedWidth: 3,
} as const;
/** Sized to be read from the back of a room when a whole workshop board is on the wall. */
export const SECTION_STYLE = { ...SECTION_TEXT, border: '#c9d1d9', title: '#24292f', prompt: '#4b535d' } as const;

/** A stable, readable colour per participant for cursors. */
export function personColor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360}, 65%, 42%)`;
}

/** Vote dots and buttons on a note. Own dots are the accent colour, others' a calm slate. */
export const VOTE_STYLE = {
  own: '#2f6feb',
  other: '#6e7781',
  dotRadius: 6,
  dotGap: 15,
  maxDots: 8,
  buttonRadius: 13,
  /** Button centres from the note's bottom-right corner. */
  add: { dx: -20, dy: -18 },
  remove: { dx: -50, dy: -18 },
} as const;

/** Others' notes in anonymous mode carry no author: one grey for all of them, apart from "other". */
export const ANONYMOUS_FILL = '#b4bac1';

/** How a note is drawn while the view colours by affiliation; its stored colour stays as it is. */
export const affiliationFill = (note: Pick<Note, 'authorId' | 'affiliation'>): string =>
  note.authorId === '' ? ANONYMOUS_FILL : AFFILIATION_COLORS[note.affiliation];
