import { useMemo } from 'react';
import { Konva } from './konva';
import { stopEveryDrag } from './konvaInternals';
import type { KonvaEventObject } from 'konva/lib/Node';
import type { Rect } from '../../shared/geometry';
import type { BoardContextValue } from '../state/hooks';
import { Store } from '../state/store';
import type { Camera, Point } from './camera';

// Two fingers on a note must pinch the board, not drag the note.
Konva.hitOnDragEnabled = true;

export type GestureModes = {
  /** Space held: drag pans even over notes. */
  space: boolean;
  /** Shift held or the select tool: drag on empty space draws a selection rectangle. */
  selecting: boolean;
};

type Options = {
  ctx: BoardContextValue;
  camera: Camera;
  modes: { current: GestureModes };
  /** Screen position of the pointer over the stage, for the N key. */
  pointer: { current: Point | null };
  onAddAt(p: Point): void;
};

const intersects = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function normalise(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

/** Pan (drag empty space, space+drag, one finger), zoom (wheel, pinch) and rubber-band selection. */
export function useStageGestures({ ctx, camera, modes, pointer, onAddAt }: Options) {
  const { source, ui, readOnly } = ctx;
  return useMemo(() => {
    const band = new Store<Rect | null>(null);
    let bandStart: Point | null = null;
    let bandAdditive = false;
    let panned = false;
    let pinch: { center: Point; dist: number } | null = null;

    const isStage = (e: KonvaEventObject<Event>) => e.target === e.target.getStage();
    const screenPoint = (e: KonvaEventObject<Event>): Point | null => e.target.getStage()?.getPointerPosition() ?? null;

    const finishBand = () => {
      const rect = band.get();
      band.set(null);
      bandStart = null;
      if (!rect) return;
      const notes = source.board.get()?.notes ?? {};
      const hit = Object.values(notes).filter((n) => intersects(rect, n)).map((n) => n.id);
      ui.select(bandAdditive ? [...ui.selection.get(), ...hit] : hit);
    };

    const handlers = {
      onMouseDown(e: KonvaEventObject<MouseEvent>) {
        panned = false;
        if (!isStage(e) || readOnly || !modes.current.selecting || e.evt.button !== 0) return;
        const p = screenPoint(e);
        if (!p) return;
        bandStart = camera.toBoard(p);
        bandAdditive = e.evt.shiftKey;
        band.set({ ...bandStart, width: 0, height: 0 });
      },
      onMouseMove(e: KonvaEventObject<MouseEvent>) {
        const p = screenPoint(e);
        pointer.current = p;
        if (!p) return;
        const b = camera.toBoard(p);
        if (!readOnly) source.sendCursor(b.x, b.y);
        if (bandStart) band.set(normalise(bandStart, b));
      },
      onMouseUp() {
        if (bandStart) finishBand();
      },
      onMouseLeave() {
        pointer.current = null;
        if (bandStart) finishBand();
      },
      onClick(e: KonvaEventObject<MouseEvent>) {
        if (isStage(e) && !panned && !e.evt.shiftKey && !modes.current.selecting) ui.clearSelection();
      },
      onTap(e: KonvaEventObject<TouchEvent>) {
        if (isStage(e) && !panned) ui.clearSelection();
      },
      onDblClick(e: KonvaEventObject<MouseEvent>) {
        const p = screenPoint(e);
        if (isStage(e) && p && !readOnly) onAddAt(camera.toBoard(p));
      },
      onDblTap(e: KonvaEventObject<TouchEvent>) {
        const p = screenPoint(e);
        if (isStage(e) && p && !readOnly) onAddAt(camera.toBoard(p));
      },
      onDragMove(e: KonvaEventObject<DragEvent>) {
        if (!isStage(e)) return;
        panned = true;
        const v = camera.view.get();
        camera.set({ x: e.target.x(), y: e.target.y(), scale: v.scale });
      },
      onWheel(e: KonvaEventObject<WheelEvent>) {
        e.evt.preventDefault();
        const p = screenPoint(e);
        if (!p) return;
        const lines = e.evt.deltaMode === 1 ? 33 : 1;
        // Trackpad pinch arrives as ctrl+wheel with small deltas; give it more gain.
        const gain = e.evt.ctrlKey ? 0.01 : 0.0015;
        camera.zoomAt(p, camera.view.get().scale * Math.exp(-e.evt.deltaY * lines * gain));
      },
      onTouchMove(e: KonvaEventObject<TouchEvent>) {
        const touches = e.evt.touches;
        if (touches.length !== 2) return;
        e.evt.preventDefault();
        const st = e.target.getStage();
        if (!st) return;
        if (st.isDragging()) st.stopDrag();
        stopEveryDrag();
        const rect = st.container().getBoundingClientRect();
        const [t1, t2] = [touches[0]!, touches[1]!];
        const center = { x: (t1.clientX + t2.clientX) / 2 - rect.left, y: (t1.clientY + t2.clientY) / 2 - rect.top };
        const dist = Math.hypot(t1.clientX - t2.clientX, t1.clientY - t2.clientY);
        if (!pinch) {
          pinch = { center, dist };
          return;
        }
        const v = camera.view.get();
        const anchor = camera.toBoard(pinch.center);
        const scale = v.scale * (dist / pinch.dist);
        camera.set({ x: center.x - anchor.x * scale, y: center.y - anchor.y * scale, scale });
        // set() clamps the scale; re-anchor with what it kept.
        const kept = camera.view.get().scale;
        camera.set({ x: center.x - anchor.x * kept, y: center.y - anchor.y * kept, scale: kept });
        pinch = { center, dist };
        panned = true;
      },
      onTouchEnd() {
        pinch = null;
      },
    };
    return { band, handlers };
  }, [source, ui, readOnly, camera, modes, pointer, onAddAt]);
}
