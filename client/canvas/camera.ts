import type { Rect } from '../../shared/geometry';
import { Store } from '../state/store';

export type View = { x: number; y: number; scale: number };
export type Point = { x: number; y: number };

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;
const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

/**
 * Where the board sits on screen: screen = board × scale + (x, y). Shared by the stage, the DOM
 * overlays that must line up with it (the note editor) and the toolbar's zoom buttons.
 */
export class Camera {
  readonly view = new Store<View>({ x: 0, y: 0, scale: 1 });
  viewport = { width: 0, height: 0 };

  /** Keeps the board point at the middle of the screen where it was, so opening a side panel does not lose the view. */
  setViewport(width: number, height: number): void {
    const old = this.viewport;
    this.viewport = { width, height };
    if (old.width > 0 && old.height > 0 && (old.width !== width || old.height !== height)) this.panBy((width - old.width) / 2, (height - old.height) / 2);
  }

  set(next: View): void {
    const cur = this.view.get();
    if (cur.x !== next.x || cur.y !== next.y || cur.scale !== next.scale) this.view.set({ ...next, scale: clampScale(next.scale) });
  }

  toBoard(screen: Point): Point {
    const { x, y, scale } = this.view.get();
    return { x: (screen.x - x) / scale, y: (screen.y - y) / scale };
  }

  toScreen(board: Point): Point {
    const { x, y, scale } = this.view.get();
    return { x: board.x * scale + x, y: board.y * scale + y };
  }

  /** The board point at the middle of the screen. */
  center(): Point {
    return this.toBoard({ x: this.viewport.width / 2, y: this.viewport.height / 2 });
  }

  /** Zooms keeping the board point under `screen` where it is. */
  zoomAt(screen: Point, scale: number): void {
    const next = clampScale(scale);
    const anchor = this.toBoard(screen);
    this.set({ x: screen.x - anchor.x * next, y: screen.y - anchor.y * next, scale: next });
  }

  zoomBy(factor: number): void {
    this.zoomAt({ x: this.viewport.width / 2, y: this.viewport.height / 2 }, this.view.get().scale * factor);
  }

  panBy(dx: number, dy: number): void {
    const v = this.view.get();
    this.set({ ...v, x: v.x + dx, y: v.y + dy });
  }

  /** Shows `rect` whole, never zooming in past 1× (a single note should not fill the screen). */
  fit(rect: Rect | null, padding = 48): void {
    const { width, height } = this.viewport;
    if (!rect) {
      this.set({ x: width / 2, y: height / 2, scale: 1 });
      return;
    }
    const scale = clampScale(
      Math.min((width - padding * 2) / Math.max(rect.width, 1), (height - padding * 2) / Math.max(rect.height, 1), 1),
    );
    this.set({
      x: width / 2 - (rect.x + rect.width / 2) * scale,
      y: height / 2 - (rect.y + rect.height / 2) * scale,
      scale,
    });
  }
}
