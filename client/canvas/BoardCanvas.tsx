import { memo, useCallback, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Layer, Rect, Stage, type Konva } from './konva';
import { useT } from '../i18n';
import { useBoardContext, useBoardField, useNoteIds, useSections, useSelector, useStore, useYou } from '../state/hooks';
import type { ReadStore } from '../state/store';
import type { Rect as Box } from '../../shared/geometry';
import type { Camera, Point } from './camera';
import { NoteCanvasContext, NoteNode } from './NoteNode';
import { NoteEditor } from './NoteEditor';
import { LazyHitLayer } from './lazyHitLayer';
import { NotesLayer } from './notesLayer';
import { chunkIds, type Chunk } from './noteChunks';
import { noteEventProps } from './noteEvents';
import { DETAIL_SCALE, MIN_TEXT_PX } from './theme';
import { contentBounds } from './contentBounds';
import { textFloor } from './noteText';
import { Store } from '../state/store';
import { VoteButtonScale, voteButtonReach, voteButtonScale } from './voteButtonScale';
import { RemoteCursors } from './RemoteCursors';
import { SectionNode } from './SectionNode';
import { useNoteHandlers } from './useNoteHandlers';
import { useShortcuts } from './useShortcuts';
import { useStageGestures, type GestureModes } from './useStageGestures';
import { useFollowFocus } from './useFollowFocus';

type Props = {
  camera: Camera;
  tool?: 'pan' | 'select';
  /** Whether this screen moves with the facilitator's focus; the person's own toggle unless given. */
  follow?: ReadStore<boolean>;
  /** How far the first "show everything" may zoom in (a projector fills the wall). */
  fitMaxScale?: number;
  fitPadding?: number;
  /** Told when a focus moved this screen. */
  onFollowed?: () => void;
  /** The smallest note text on this screen, in CSS pixels, at any zoom where text is drawn. */
  minTextPx?: number;
  /** Others' pointers; the wall shows none (a named pointer beside an anonymous note would name its author). */
  cursors?: boolean;
};

/** The live board drawn with Konva. Talks to the board only through the context's source and actions. */
export function BoardCanvas({ camera, tool = 'pan', follow, fitMaxScale = 1, fitPadding = 48, onFollowed, minTextPx = MIN_TEXT_PX.screen, cursors = true }: Props) {
  const t = useT();
  const ctx = useBoardContext();
  const { ui, actions, readOnly, source } = ctx;
  const wrap = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const view = useStore(camera.view);
  const ids = useNoteIds();
  const chunksRef = useRef<Chunk[]>([]);
  const chunks = useMemo(() => (chunksRef.current = chunkIds(chunksRef.current, ids)), [ids]);
  const sections = useSections();
  const editing = useStore(ui.editing);
  const modes = useRef<GestureModes>({ space: false, selecting: tool === 'select' });
  const pointer = useRef<Point | null>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const dragLayer = useRef<Konva.Layer>(null);
  const note = useNoteHandlers(ctx, dragLayer);
  const noteEvents = useMemo(() => noteEventProps(note.handlers), [note]);

  const addAt = useCallback(
    (p: Point) => {
      const id = actions.addNote(p.x, p.y);
      if (id) {
        ui.select([id]);
        ui.editing.set(id);
      }
    },
    [actions, ui],
  );
  const gestures = useStageGestures({ ctx, camera, modes, pointer, onAddAt: addAt });
  useShortcuts({ ctx, camera, modes, pointer, tool, onModes: rerender, onAddAt: addAt });
  useFollowFocus({ source, camera, follow: follow ?? ui.follow, sentHere: ui.sentFocus, onFollowed });

  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      camera.setViewport(r.width, r.height);
      setSize({ width: Math.floor(r.width), height: Math.floor(r.height) });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [camera]);

  // First sight of the board: show all of it. The notes are rendered only once the view is
  // fitted, before the browser paints: rendered at the old view first, every note would render
  // and commit twice (a large board costs a whole React pass over its notes for each).
  const [fitted, setFitted] = useState(false);
  const hasBoard = useSelector(source.board, (b) => b !== null);
  useLayoutEffect(() => {
    if (fitted || !hasBoard || size.width === 0) return;
    const b = source.board.get()!;
    camera.fit(contentBounds(b), fitPadding, fitMaxScale);
    setFitted(true);
  }, [fitted, hasBoard, size.width, camera, source, fitMaxScale, fitPadding]);
  // On a locked board a participant's ＋/− are not drawn at all, like the list's disabled ones (F5).
  const locked = useBoardField((b) => b.settings.locked, false);
  const facilitating = useYou()?.role === 'facilitator';
  const lockedForMe = locked && !facilitating;
  const votingOpen = useBoardField((b) => b.voting.open, false) && !lockedForMe;
  const votesShown = useBoardField((b) => b.voting.open || b.voting.ended, false);

  const interactive = !readOnly && !modes.current.space;
  const detail = view.scale >= DETAIL_SCALE;
  // Zoomed out, no text is drawn: the floor stays put so that zooming there re-renders no note.
  const floor = detail ? textFloor(view.scale, minTextPx) : 0;
  const buttonScale = useMemo(() => new Store(1), []);
  useLayoutEffect(() => buttonScale.set(voteButtonScale(view.scale)), [buttonScale, view.scale]);
  const bleed = votingOpen && interactive ? voteButtonReach(view.scale) : 0;
  // Panning re-renders the stage every frame; the layers below only change with their own inputs.
  const sectionLayer = useMemo(
    () => (
      <Layer listening={false}>
        {sections.map((s) => (
          <SectionNode key={s.id} section={s} />
        ))}
      </Layer>
    ),
    [sections],
  );
  const noteLayer = useMemo(
    () => (
      <NoteCanvasContext.Provider value={note}>
        <VoteButtonScale.Provider value={buttonScale}>
          <NotesLayer listening={interactive} bleed={bleed} {...noteEvents}>
            {fitted &&
              chunks.map((c) => (
                <NoteChunk
                  key={c.key}
                  ids={c.ids}
                  editing={editing}
                  interactive={interactive}
                  detail={detail}
                  votingOpen={votingOpen}
                  votesShown={votesShown}
                  textFloor={floor}
                />
              ))}
          </NotesLayer>
        </VoteButtonScale.Provider>
      </NoteCanvasContext.Provider>
    ),
    [note, noteEvents, chunks, editing, interactive, detail, votingOpen, votesShown, fitted, floor, buttonScale, bleed],
  );
  return (
    <div
      ref={wrap}
      className={`canvas-wrap${modes.current.space ? ' is-panning' : ''}${modes.current.selecting ? ' is-selecting' : ''}`}
      data-testid="stage"
      role="region"
      aria-label={t('board.canvasLabel')}
    >
      {size.width > 0 && (
        <Stage
          width={size.width}
          height={size.height}
          x={view.x}
          y={view.y}
          scaleX={view.scale}
          scaleY={view.scale}
          draggable={!modes.current.selecting || modes.current.space}
          {...gestures.handlers}
        >
          {sectionLayer}
          {noteLayer}
          {/* Dragged notes move here for the length of a drag (dragLift.ts). */}
          <LazyHitLayer ref={dragLayer} {...noteEvents} />
          <Layer listening={false}>
            <SelectionBand band={gestures.band} scale={view.scale} />
            {cursors && <RemoteCursors camera={camera} />}
          </Layer>
        </Stage>
      )}
      {editing && !readOnly && <NoteEditor key={editing} id={editing} camera={camera} />}
      {ids.length === 0 && hasBoard && !readOnly && <p className="canvas-hint">{t('board.emptyHint')}</p>}
    </div>
  );
}

type ChunkProps = {
  ids: readonly string[];
  editing: string | null;
  interactive: boolean;
  detail: boolean;
  votingOpen: boolean;
  votesShown: boolean;
  textFloor: number;
};

/**
 * A run of notes (noteChunks.ts). It renders no Konva node of its own: the notes stay direct
 * children of the notes layer, in order. Memoised, so a change inside one chunk leaves React to
 * visit the chunks and that chunk's notes, not every note of the board.
 */
const NoteChunk = memo(function NoteChunk({ ids, editing, interactive, detail, votingOpen, votesShown, textFloor }: ChunkProps) {
  return ids.map((id) => (
    <NoteNode
      key={id}
      id={id}
      editing={editing === id}
      interactive={interactive}
      detail={detail}
      votingOpen={votingOpen}
      votesShown={votesShown}
      textFloor={textFloor}
    />
  ));
});

function SelectionBand({ band, scale }: { band: ReadStore<Box | null>; scale: number }) {
  const rect = useStore(band);
  if (!rect) return null;
  return <Rect {...rect} fill="rgba(47, 111, 235, 0.08)" stroke="#2f6feb" strokeWidth={1 / scale} dash={[6 / scale, 4 / scale]} />;
}
