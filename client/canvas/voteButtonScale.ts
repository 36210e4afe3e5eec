import { createContext } from 'react';
import { Store, type ReadStore } from '../state/store';
import { VOTE_STYLE } from './theme';

/** A vote button is at least this wide on screen, at any zoom: a fingertip's target. */
export const VOTE_BUTTON_MIN_PX = 28;

/**
 * How much the ＋/− buttons are enlarged at a zoom so that they stay VOTE_BUTTON_MIN_PX wide (1
 * when they already are). Taken from steps of about 12 %, so that zooming re-renders the buttons
 * now and then rather than every frame; rounded up, so a button is never smaller than promised.
 */
export function voteButtonScale(scale: number): number {
  const want = VOTE_BUTTON_MIN_PX / (VOTE_STYLE.buttonRadius * 2 * Math.max(scale, 1e-6));
  if (want <= 1) return 1;
  return 1.12 ** Math.ceil(Math.log(want) / Math.log(1.12) - 1e-9);
}

/** The enlargement for the buttons of the canvas they are drawn on; 1 where nobody sets it (a picture of the board). */
export const VoteButtonScale = createContext<ReadStore<number>>(new Store(1));

/** How far enlarged buttons reach past their note (board units), for the notes layer's tiles. */
export const voteButtonReach = (scale: number) => (-VOTE_STYLE.remove.dx + VOTE_STYLE.buttonRadius + 5) * voteButtonScale(scale);

/**
 * Where the enlarged buttons are anchored on a note: the ＋ keeps its centre where it is at 1:1
 * (over the footer, clear of most of the text) and the buttons grow around it.
 */
export const voteButtonAnchor = (width: number, height: number, k: number) => ({
  x: width - VOTE_STYLE.add.dx * (k - 1),
  y: height - VOTE_STYLE.add.dy * (k - 1),
});

/** The centre of a note's ＋ or − at enlargement `k`, from the note's top left, in board units. */
export function voteButtonCentre(kind: 'add' | 'remove', width: number, height: number, k: number) {
  const a = voteButtonAnchor(width, height, k);
  return { x: a.x + VOTE_STYLE[kind].dx * k, y: a.y + VOTE_STYLE[kind].dy * k };
}
