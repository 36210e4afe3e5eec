/** Where the corner card goes: a column at the right, or a band along the bottom. */
export type CardPlacement = 'side' | 'bottom';

/** The card's QR is this part of the wall's height (≥ 25 %: readable by a phone from the back rows). */
export const CARD_QR_VH = 27;

type Wall = { width: number; height: number; left: number };

/**
 * The placement that leaves the board the larger scale. A tall or square board (the same-table
 * sheet) loses less beside a column; a wide one (a row of role columns) loses less above a band.
 * The card's extent is estimated from the QR's size, which dominates it in either placement.
 */
export function cardPlacement(boardAspect: number | null, wall: Wall): CardPlacement {
  if (!boardAspect || !Number.isFinite(boardAspect) || boardAspect <= 0) return 'side';
  const qr = (wall.height * CARD_QR_VH) / 100;
  const free = wall.width - wall.left;
  // Beside a column the balance stacks above the card, so the board has the wall's whole width.
  const side = fitScale(boardAspect, wall.width - 20 - (qr + 160), wall.height);
  const bottom = fitScale(boardAspect, free, wall.height - (qr + 80));
  return bottom > side ? 'bottom' : 'side';
}

/** The scale at which a board of this aspect (width / height, height 1) fits a w × h space. */
const fitScale = (aspect: number, w: number, h: number) => Math.max(0, Math.min(w / aspect, h));
