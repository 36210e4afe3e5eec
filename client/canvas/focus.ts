import type { Board, Focus } from '../../shared/model';
import type { OpBody } from '../state/source';
import type { Camera, View } from './camera';

// `focus {x, y, zoom}` says what the facilitator sees without saying how big their screen is.
// (x, y) is the board point at the middle of their view; `zoom` is the scale at which that view
// would fill a reference 1280 × 720 screen. Each receiver scales it to its own screen, so a phone
// and a projector show the same area of the board.
const REF = { width: 1280, height: 720 } as const;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The `focus` op for "bring everybody to what I see now". */
export type FocusHere = Extract<OpBody, { type: 'focus'; zoom: number }>;

export function focusHereOp(camera: Camera): FocusHere {
  const c = camera.center();
  const { width, height } = camera.viewport;
  const { scale } = camera.view.get();
  const zoom = scale * Math.min(REF.width / Math.max(width, 1), REF.height / Math.max(height, 1));
  return { type: 'focus', x: round2(c.x), y: round2(c.y), zoom: Math.min(8, Math.max(0.05, round2(zoom))) };
}

/** Where this screen should go for `focus`; null when it names a section that is gone. */
export function viewForFocus(focus: Focus, board: Board, camera: Camera): View | null {
  if ('sectionId' in focus) {
    const s = board.sections[focus.sectionId];
    return s ? camera.fitView(s, 32, 2) : null;
  }
  const { width, height } = camera.viewport;
  const scale = focus.zoom * Math.min(width / REF.width, height / REF.height);
  return camera.centredView({ x: focus.x, y: focus.y }, scale);
}

/** The same place: a reset or a reconnect brings the focus again, which must not move anybody. */
export const sameFocus = (a: Focus | null, b: Focus | null) => a === b || (!!a && !!b && JSON.stringify(a) === JSON.stringify(b));
