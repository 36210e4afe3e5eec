import { useEffect, useMemo, useRef } from 'react';
import { AFFILIATION_COLORS } from '../../../shared/balance';
import { boundsOf, type Rect as Box } from '../../../shared/geometry';
import type { Affiliation, Board } from '../../../shared/model';
import { DragSession } from '../../canvas/dragSession';
import { Group, Layer, Rect, Stage, Text, type Konva } from '../../canvas/konva';
import { measureFor } from '../../canvas/measure';
import { NoteCanvasContext, NoteNode, type NoteHandlers } from '../../canvas/NoteNode';
import { SectionNode } from '../../canvas/SectionNode';
import { ANONYMOUS_FILL, FONT_FAMILY } from '../../canvas/theme';
import { affiliationKey, useLang, useT } from '../../i18n';
import { imageHeader, spreadPiles } from './imageLayout';

/** The picture's pixels per board unit: sharp when printed or zoomed into. */
export const IMAGE_PIXEL_RATIO = 2;
/** Chromium refuses canvases past 16,384 px a side (and slows down long before); huge boards get fewer pixels per unit. */
const MAX_SIDE = 16_000;
const MAX_AREA = 120_000_000;
/** A margin of the same fraction on each axis keeps the picture's proportions those of the board. */
const MARGIN = 0.025;
const BACKGROUND = '#ffffff';

const noop = () => {};
const HANDLERS: NoteHandlers = { press: noop, click: noop, edit: noop, dragStart: noop, dragMove: noop, dragEnd: noop, vote: noop };

/** A drag session that never drags: it only says where the picture draws the notes that had to move. */
class PictureSession extends DragSession {
  constructor(private readonly moved: ReadonlyMap<string, { x: number; y: number }>) {
    super();
  }
  override positionOf(id: string) {
    return this.moved.get(id);
  }
}

/** Where the board is cut out for the picture (in board units), or null when there is nothing to draw. */
export function imageArea(board: Board, moved: ReadonlyMap<string, { x: number; y: number }> = new Map()): Box | null {
  const notes = Object.values(board.notes).map((n) => ({ ...n, ...moved.get(n.id) }));
  const b = boundsOf([...notes, ...Object.values(board.sections)]);
  if (!b) return null;
  const mx = b.width * MARGIN;
  const my = b.height * MARGIN;
  return { x: b.x - mx, y: b.y - my, width: b.width + mx * 2, height: b.height + my * 2 };
}

/** The whole picture: the board's area with the band of title, date and legend above it. */
export function pictureArea(area: Box): Box {
  const h = imageHeader(area.width).height;
  return { x: area.x, y: area.y - h, width: area.width, height: area.height + h };
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
 * Above the board: its title, the date and which colour is which affiliation (each note carries
 * its author's colour along its left edge). A note lying on another is drawn beside it.
 * Mount inside the board's BoardProvider; it calls `onDone` once.
 */
export function BoardImage({ board, onDone }: Props) {
  const stage = useRef<Konva.Stage>(null);
  const moved = useMemo(() => spreadPiles(Object.values(board.notes)), [board]);
  const area = useMemo(() => imageArea(board, moved), [board, moved]);
  const picture = useMemo(() => (area ? pictureArea(area) : null), [area]);
  const sections = useMemo(() => Object.values(board.sections), [board]);
  const ids = useMemo(() => Object.keys(board.notes), [board]);
  const context = useMemo(() => ({ handlers: HANDLERS, session: new PictureSession(moved) }), [moved]);
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
      if (!s || !picture || (!ready && tries > 0)) {
        if (!picture || tries <= 0) return finish(null);
        frame = requestAnimationFrame(() => attempt(tries - 1));
        return;
      }
      const canvas = s.toCanvas({ ...picture, pixelRatio: pixelRatioFor(picture) });
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
  }, [picture, ids.length]);

  if (!area || !picture) return null;
  return (
    <div className="records-offscreen" aria-hidden="true">
      <Stage ref={stage} width={1} height={1} listening={false}>
        <Layer listening={false}>
          <Rect {...picture} fill={BACKGROUND} />
          <PictureHeader board={board} area={area} />
          {sections.map((s) => (
            <SectionNode key={s.id} section={s} />
          ))}
        </Layer>
        <NoteCanvasContext.Provider value={context}>
          <Layer listening={false}>
            {ids.map((id) => (
              <NoteNode key={id} id={id} selected={false} editing={false} interactive={false} detail affiliationMark />
            ))}
          </Layer>
        </NoteCanvasContext.Provider>
      </Stage>
    </div>
  );
}

/** Affiliations of the board's notes, in their own order; others' notes in anonymous mode last. */
function affiliationsOn(board: Board): (Affiliation | 'anonymous')[] {
  const seen = new Set<string>();
  for (const n of Object.values(board.notes)) seen.add(n.authorId === '' ? 'anonymous' : n.affiliation);
  return [...(Object.keys(AFFILIATION_COLORS) as Affiliation[]), 'anonymous' as const].filter((a) => seen.has(a));
}

function PictureHeader({ board, area }: { board: Board; area: Box }) {
  const t = useT();
  const lang = useLang();
  const h = imageHeader(area.width);
  const top = area.y - h.height;
  const date = new Date().toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
  const measure = measureFor(FONT_FAMILY);
  const counts = new Map<string, number>();
  for (const n of Object.values(board.notes)) {
    const k = n.authorId === '' ? 'anonymous' : n.affiliation;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let x = area.x + h.pad;
  const items = [{ label: t('image.legend'), swatch: null as string | null, key: 'label' }].concat(
    affiliationsOn(board).map((a) => ({
      key: a,
      swatch: a === 'anonymous' ? ANONYMOUS_FILL : AFFILIATION_COLORS[a],
      label: `${a === 'anonymous' ? t('note.anonymous') : t(affiliationKey(a))} ${t('image.count', { n: counts.get(a) ?? 0 })}`,
    })),
  );
  return (
    <>
      <Text x={area.x + h.pad} y={top + h.titleY} text={board.title} fontSize={h.title} fontStyle="bold" fontFamily={FONT_FAMILY} fill="#1f2328" wrap="none" />
      <Text x={area.x + h.pad} y={top + h.dateY} text={t('image.drawnAt', { date, n: Object.keys(board.notes).length })} fontSize={h.small} fontFamily={FONT_FAMILY} fill="#57606a" wrap="none" />
      {items.map((item) => {
        const at = x;
        const sw = item.swatch ? h.small * 1.1 : 0;
        x += sw + (item.swatch ? h.small * 0.35 : 0) + measure(item.label) * h.small + h.small * 1.2;
        return (
          <Group key={item.key}>
            {item.swatch && <Rect x={at} y={top + h.legendY} width={sw} height={sw} cornerRadius={sw / 5} fill={item.swatch} stroke="rgba(0,0,0,0.25)" strokeWidth={1} />}
            <Text x={at + (item.swatch ? sw + h.small * 0.35 : 0)} y={top + h.legendY + h.small * 0.05} text={item.label} fontSize={h.small} fontFamily={FONT_FAMILY} fill="#1f2328" wrap="none" />
          </Group>
        );
      })}
    </>
  );
}
