import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Rect } from '../../../shared/geometry';
import type { Board } from '../../../shared/model';
import { BoardCanvas } from '../../canvas/BoardCanvas';
import type { Camera } from '../../canvas/camera';
import { contentBounds } from '../../canvas/contentBounds';
import { MIN_TEXT_PX } from '../../canvas/theme';
import { isTyping } from '../../canvas/useShortcuts';
import { useT } from '../../i18n';
import type { Summary } from '../../net/api';
import { useBoardContext, useBoardField } from '../../state/hooks';
import { Store } from '../../state/store';
import { ConnectionBadge } from '../ConnectionBadge';
import { ResultsPanel } from '../ResultsPanel';
import { AffiliationLegend, AffiliationToggle } from '../balance/AffiliationColors';
import { JoinCard, QrOverlay } from './JoinCard';
import { cardPlacement, type CardPlacement } from './cardPlacement';
import { RoomBalance } from './RoomBalance';
import { sessionStarted } from './started';
import { useWallJoin } from './useWallJoin';
import { Welcome } from './Welcome';
import { PhaseNotice } from '../PhaseNotice';
import { useMedia } from '../useMedia';
import './present.css';

/** The projector may zoom in further than a laptop: a small board should fill the wall. */
const PRESENT_MAX_SCALE = 2;
/** Room for the title in the top corner. */
const FIT_PADDING = 80;
/** Between the corner card and the board fitted above it. */
const CARD_GAP = 20;
/** The width at and below which present.css lays the wall out in one column. */
const NARROW = 900;
const boundsOfBoard = (b: Board | null): Rect | null => (b ? contentBounds(b) : null);
const sameRect = (a: Rect | null, b: Rect | null) => a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);

type Props = { camera: Camera; summary: Summary | null; boardId: string };

/**
 * `/b/:id/present`: the board for the wall. Until the workshop starts (sessionStarted) or the
 * facilitator dismisses it (button or Esc), the wall is the join screen. Then everything fitted,
 * nothing to edit, the join card in the corner and the board above it. It shows all of the board
 * as it grows, until the facilitator points somewhere; F goes back to all of it, Q shows the QR
 * code full-screen, R shows or hides the results.
 */
export function PresentLayout({ camera, summary, boardId }: Props) {
  const t = useT();
  const { source } = useBoardContext();
  const title = useBoardField((b) => b.title, summary?.title ?? '');
  const ended = useBoardField((b) => b.voting.ended && !b.voting.open, false);
  const started = useBoardField(sessionStarted, false);
  const [dismissed, setDismissed] = useState(false);
  const welcome = !started && !dismissed;
  const code = summary?.code ?? null;
  const join = useWallJoin(boardId, code);
  const placement = useCardPlacement();
  const narrow = useMedia(`(max-width: ${NARROW}px)`);
  const cardSpace = useCardSpace(welcome);
  const [qrLarge, setQrLarge] = useState(false);
  const [resultsHidden, setResultsHidden] = useState(false);
  const following = useMemo(() => new Store(true), []);
  const fitting = useRef(true);
  const refit = useRef<(force?: boolean) => void>(() => {});
  const showResults = ended && !resultsHidden;
  // Beside a column card the results go above the board (it keeps the wall's width); beside a
  // band they go to its right (it keeps the wall's height).
  const resultsOnTop = showResults && placement === 'side';
  const results = useMeasuredBottom(resultsOnTop);

  useEffect(() => {
    document.title = `${title ? `${title} — ` : ''}${t('present.open')}`;
  }, [title, t]);

  // A new round's results are shown again even if the last ones were hidden.
  useEffect(() => {
    if (ended) setResultsHidden(false);
  }, [ended]);

  useEffect(() => {
    let last = boundsOfBoard(source.board.get());
    const fit = (force = false) => {
      const rect = boundsOfBoard(source.board.get());
      if (!force && (sameRect(rect, last) || !fitting.current)) return;
      last = rect;
      if (rect) camera.animateTo(camera.fitView(rect, FIT_PADDING, PRESENT_MAX_SCALE));
    };
    refit.current = fit;
    const off = source.board.subscribe(() => fit());
    const onResize = () => fitting.current && fit(true);
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'q') setQrLarge((v) => !v);
      else if (key === 'r') setResultsHidden((v) => !v);
      else if (key === 'escape') {
        setQrLarge(false);
        setDismissed(true);
      }
      else if (key === 'f') {
        fitting.current = true;
        fit(true);
      }
    };
    window.addEventListener('resize', onResize);
    window.addEventListener('keydown', onKey);
    return () => {
      off();
      window.removeEventListener('resize', onResize);
      window.removeEventListener('keydown', onKey);
    };
  }, [source, camera]);

  // The results take the right of the screen, and the card the bottom; the board moves to stay
  // whole beside them. Two frames: the canvas learns its new size from a ResizeObserver, which
  // runs after the first.
  useEffect(() => {
    let id = requestAnimationFrame(() => {
      id = requestAnimationFrame(() => fitting.current && refit.current(true));
    });
    return () => cancelAnimationFrame(id);
  }, [showResults, cardSpace.right, cardSpace.bottom, results.bottom, welcome]);

  if (welcome) return <Welcome title={title} join={join} code={code} onStart={() => setDismissed(true)} />;

  // どちらも主役: the room sees when one group fills the board; a corner, never the board's centre.
  const stacked = placement === 'side' && !narrow;
  const balance = (
    <div className={`present-balance${stacked ? ' in-column' : ''}`}>
      <RoomBalance boardId={boardId} large={!stacked} />
      <AffiliationToggle className="btn present-affiliation-toggle" />
      <AffiliationLegend large={!stacked} />
    </div>
  );

  return (
    <div className={`present-page${stacked ? ' balance-stacked' : ''}`} data-testid="present" style={{
        ['--card-right' as string]: `${placement === 'side' ? cardSpace.right : 0}px`,
        ['--card-bottom' as string]: `${placement === 'bottom' ? cardSpace.bottom : 0}px`,
        ['--results-top' as string]: `${results.bottom}px`,
      }}>
      <header className="present-head">
        <h1 className="present-title">{title}</h1>
        <PhaseNotice large />
      </header>
      <div className={`present-canvas${showResults && !resultsOnTop ? ' beside-results' : ''}`}>
        <BoardCanvas camera={camera} follow={following} fitMaxScale={PRESENT_MAX_SCALE} fitPadding={FIT_PADDING} minTextPx={MIN_TEXT_PX.wall} cursors={false} onFollowed={() => {
          fitting.current = false;
        }} />
      </div>
      <div ref={cardSpace.ref} className="join-card-slot">
        {/* Beside a column card the balance stacks above it, so the board keeps the wall's whole width. */}
        {stacked && balance}
        <JoinCard join={join} code={code} placement={placement} onEnlarge={() => setQrLarge(true)} />
      </div>
      {showResults && (
        <div ref={results.ref} className={`present-results${resultsOnTop ? ' is-top' : ''}`}>
          <ResultsPanel large onClose={() => setResultsHidden(true)} />
        </div>
      )}
      {!stacked && balance}
      <div className="present-conn">
        <ConnectionBadge />
      </div>
      {qrLarge && <QrOverlay join={join} code={code} onClose={() => setQrLarge(false)} />}
    </div>
  );
}

/** How much of the wall's right and bottom the corner card takes, so the board is fitted beside it. */
function useCardSpace(hidden: boolean) {
  const [space, setSpace] = useState({ right: 0, bottom: 0 });
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const next = { right: Math.ceil(innerWidth - r.left) + CARD_GAP, bottom: Math.ceil(innerHeight - r.top) + CARD_GAP };
      setSpace((s) => (s.right === next.right && s.bottom === next.bottom ? s : next));
    };
    observer.current = new ResizeObserver(measure);
    observer.current.observe(el);
    measure();
  }, []);
  return hidden ? { ref, right: 0, bottom: 0 } : { ref, ...space };
}

/** Where an element ends, from the top of the wall (plus a gap), while `on`; 0 otherwise. */
function useMeasuredBottom(on: boolean) {
  const [bottom, setBottom] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    const measure = () => setBottom(Math.ceil(el.getBoundingClientRect().bottom) + CARD_GAP);
    observer.current = new ResizeObserver(measure);
    observer.current.observe(el);
    measure();
  }, []);
  return { ref, bottom: on ? bottom : 0 };
}

/** Column or band, for the board's shape on this wall (cardPlacement); the shape is rounded so a note's move does not flip it. */
function useCardPlacement(): CardPlacement {
  const aspect = useBoardField((b) => {
    const r = boundsOfBoard(b);
    return r && r.height > 0 ? Math.round((r.width / r.height) * 10) / 10 : null;
  }, null);
  const [wall, setWall] = useState(() => ({ width: innerWidth, height: innerHeight }));
  useEffect(() => {
    const onResize = () => setWall({ width: innerWidth, height: innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  // A narrow screen keeps the card as a band below the board (present.css), whatever the board's shape.
  if (wall.width <= NARROW) return 'bottom';
  return cardPlacement(aspect, { ...wall, left: Math.min(340, wall.width * 0.28) + 40 });
}
