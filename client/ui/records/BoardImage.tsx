import { useEffect, useMemo, useRef } from 'react';
import { boundsOf, type Rect as Box } from '../../../shared/geometry';
import type { Board } from '../../../shared/model';
import { DragSession } from '../../canvas/dragSession';
import { Layer, Rect, Stage, type Konva } from '../../canvas/konva';
import { NoteCanvasContext, NoteNode, type NoteHandlers } from '../../canvas/NoteNode';
import { SectionNode } from '../../canvas/SectionNode';

/** The picture's pixels per board unit: sharp when printed or zoomed into. */
export const IMAGE_PIXEL_RATIO = 2;
/** Chromium refuses canvases past 16,384 px a side (and slows down long before); huge boards get fewer pixels per unit. */
const MAX_SIDE = 16_000;
const MAX_AREA = 120_000_000;
/** A margin of the same fraction on each axis keeps the picture's proportions those of the board. */
const MARGIN = 0.025;
const BACKGROUND = '#ffffff';

const noop = () => {};
const INERT: { handlers: NoteHandlers; session: DragSession } = {
  handlers: { press: noop, click: noop, edit: noop, dragStart: noop, dragMove: noop, dragEnd: noop, vote: noop },
  session: new DragSession(),
};

/** Where the picture is cut from the board (in board units), or null when there is nothing to draw. */
export function imageArea(board: Board): Box | null {
  const b = boundsOf([...Object.values(board.notes), ...Object.values(board.sections)]);
  if (!b) return null;
  const mx = b.width * MARGIN;
  const my = b.height * MARGIN;
  return { x: b.x - mx, y: b.y - my, width: b.width + mx * 2, height: b.height + my * 2 };
}

export function pixelRatioFor(area: Box): number {
  const side = Math.max(area.width, area.height);
  return Math.min(IMAGE_PIXEL_RATIO, MAX_SIDE / side, Math.sqrt(MAX_AREA / (area.width * area.height)));
}

type Props = { board: Board; onDone(result: Blob | null): void };

/**
 * Draws the whole board once, off screen, with the canvas's own SectionNode and NoteNode, and
 * hands back a PNG. Off screen rather than the live stage: the live one drops note text when
 * zoomed out, and carries the selection, cursors and vote buttons, none of which belong in a
 * record. The stage sits at scale 1 and origin 0, so its coordinates are board coordinates.
 * Mount inside the board's BoardProvider; it calls `onDone` once.
 */
export function BoardImage({ board, onDone }: Props) {
  const stage = useRef<Konva.Stage>(null);
  const area = useMemo(() => imageArea(board), [board]);
  const sections = useMemo(() => Object.values(board.sections), [board]);
  const ids = useMemo(() => Object.keys(board.notes), [board]);
  const done = useRef(onDone);
  done.current = onDone;

  useEffect(() => {
    let live = true;
    let frame = 0;
    const finish = (blob: Blob | null) => live && done.current(blob);
    const attempt = (tries: number) => {
      const s = stage.current;
      // The canvas's nodes are drawn by react-konva's own renderer; wait until all of them are there.
      const ready = s && s.find('.note').length >= ids.length;
      if (!s || !area || (!ready && tries > 0)) {
        if (!area || tries <= 0) return finish(null);
        frame = requestAnimationFrame(() => attempt(tries - 1));
        return;
      }
      const canvas = s.toCanvas({ ...area, pixelRatio: pixelRatioFor(area) });
      canvas.toBlob((blob) => finish(blob), 'image/png');
    };
    // Fonts are the system's, but the first use of a face can still be loading.
    void document.fonts.ready.then(() => {
      if (live) frame = requestAnimationFrame(() => attempt(60));
    });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, [area, ids.length]);

  if (!area) return null;
  return (
    <div className="records-offscreen" aria-hidden="true">
      <Stage ref={stage} width={1} height={1} listening={false}>
        <Layer listening={false}>
          <Rect {...area} fill={BACKGROUND} />
          {sections.map((s) => (
            <SectionNode key={s.id} section={s} />
          ))}
        </Layer>
        <NoteCanvasContext.Provider value={INERT}>
          <Layer listening={false}>
            {ids.map((id) => (
              <NoteNode key={id} id={id} selected={false} editing={false} interactive={false} detail />
            ))}
          </Layer>
        </NoteCanvasContext.Provider>
      </Stage>
    </div>
  );
}
