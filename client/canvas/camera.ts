import type { Rect } from '../../shared/geometry';
import { Store } from '../state/store';

export type View = { x: number; y: number; scale: number };
export type Point = { x: number; y: number };

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 4;
const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
const ANIMATION_MS = 450;
const ease = (t: number) => (t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2);

/**
 * Where the board sits on screen: screen = board × scale + (x, y). Shared by the stage, the DOM
 * overlays that must line up with it (the note editor) and the toolbar's zoom buttons.
 */
export class Camera {
  readonly view = new Store<View>({ x: 0, y: 0, scale: 1 });
  viewport = { width: 0, height: 0 };
  private animation: number | null = null;

  /** Keeps the board point at the middle of the screen where it was, so opening a side panel does not lose the view. */
  setViewport(width: number, height: number): void {
    const old = this.viewport;
    this.viewport = { width, height };
    if (old.width > 0 && old.height > 0 && (old.width !== width || old.height !== height)) this.panBy((width - old.width) / 2, (height - old.height) / 2);
  }

  /** Any move the person makes ends a running animation: their hand wins over the facilitator's. */
  set(next: View): void {
    this.stopAnimation();
    this.apply(next);
  }

  private apply(next: View): void {
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

  /** Shows `rect` whole, never zooming in past `maxScale` (a single note should not fill the screen). */
  fit(rect: Rect | null, padding = 48, maxScale = 1): void {
    this.set(this.fitView(rect, padding, maxScale));
  }

  /** The view that shows `rect` whole, without moving there. */
  fitView(rect: Rect | null, padding = 48, maxScale = 1): View {
    const { width, height } = this.viewport;
    if (!rect) return { x: width / 2, y: height / 2, scale: 1 };
    const pad = Math.min(padding, width / 8, height / 8);
    const scale = clampScale(Math.min((width - pad * 2) / Math.max(rect.width, 1), (height - pad * 2) / Math.max(rect.height, 1), maxScale));
    return { x: width / 2 - (rect.x + rect.width / 2) * scale, y: height / 2 - (rect.y + rect.height / 2) * scale, scale };
  }

  /** The view centred on board point `c` at `scale`. */
  centredView(c: Point, scale: number): View {
    const s = clampScale(scale);
    return { x: this.viewport.width / 2 - c.x * s, y: this.viewport.height / 2 - c.y * s, scale: s };
  }

  /** Glides to `target`, so people see where they were taken rather than jumping. */
  animateTo(target: View, ms = ANIMATION_MS): void {
    this.stopAnimation();
    const from = this.view.get();
    const to = { ...target, scale: clampScale(target.scale) };
    const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (reduced || ms <= 0) {
      this.apply(to);
      return;
    }
    const start = performance.now();
    const step = (now: number) => {
      const k = ease(Math.min(1, (now - start) / ms));
      // Interpolating the scale geometrically keeps the zoom speed even.
      const scale = from.scale * (to.scale / from.scale) ** k;
      const cFrom = { x: (this.viewport.width / 2 - from.x) / from.scale, y: (this.viewport.height / 2 - from.y) / from.scale };
      const cTo = { x: (this.viewport.width / 2 - to.x) / to.scale, y: (this.viewport.height / 2 - to.y) / to.scale };
      const c = { x: cFrom.x + (cTo.x - cFrom.x) * k, y: cFrom.y + (cTo.y - cFrom.y) * k };
      this.apply({ x: this.viewport.width / 2 - c.x * scale, y: this.viewport.height / 2 - c.y * scale, scale });
      this.animation = k < 1 ? requestAnimationFrame(step) : null;
    };
    this.animation = requestAnimationFrame(step);
  }

  private stopAnimation(): void {
    if (this.animation !== null) cancelAnimationFrame(this.animation);
    this.animation = null;
  }
}
