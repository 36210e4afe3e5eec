import type { Browser, Page } from 'playwright-core';
import {
  closeAllBrowsers,
  ensureClientBuilt,
  fmtMs,
  frameSummary,
  freshPage,
  joinAs,
  launchBrowser,
  noteAt,
  openBoard,
  pageScript,
  remoteMoves,
  seedBoard,
  servePages,
  startBoardServer,
  FRAME_TRACE_CATEGORIES,
  framesFromTrace,
  waitForFrame,
  type BoardServer,
  type FrameSummary,
  type PagesServer,
  type SeededBoard,
} from '../lib/browser.js';
import { pageProfiler, withProfileServer, type PageProfiler } from '../lib/browser-profile.js';
import type { SioClient } from '../lib/clients.js';
import { opId, send } from '../lib/onaji.js';
import { best, median, sleep, spread } from '../lib/stats.js';
import { atMost, atMostTimesBaseline, missing, row, type Benchmark, type Row } from '../lib/types.js';

const NOTES = 2_000;
const RATE = 200;
const DRAG_MS = 3_000;
/** Remote ops start this long before the measured window, so the page is already receiving them. */
const LEAD_MS = 500;
/** The dragged note: the second column, half-way down the wall; it travels right across the board. */
const DRAGGED = 'note_1001';
const ACROSS = 0.75;

const P95_GOAL = atMost(12, 'ms');
const MAX_GOAL = atMost(50, 'ms');
const RATIO_GOAL = atMostTimesBaseline(2, 'baseline p95');
const what = `drag a note for ${DRAG_MS / 1000} s on a ${NOTES.toLocaleString('en')}-note board, ${RATE} remote ops/s`;

export type SyncTiming = { entries: number; apply: number; rebuild: number; rebuilds: number; react: number; listeners: number; pending: number };

export type DragRun = {
  /** Main-thread busy time per frame (wall clock), from the trace of the window. */
  frames: FrameSummary;
  /** The same in thread CPU time: without the time other processes held the core. */
  cpuFrames: FrameSummary | null;
  /** Intervals between the rAF loop's frames (60 Hz: 16.7 ms, or a multiple when a frame is missed). */
  intervals: FrameSummary;
  /** Intervals over 20 ms: frames that missed their vsync. */
  missedVsyncs: number;
  /** Remote ops the generator sent during the measured window, and the ones the page saw arrive. */
  sent: number;
  received: number;
  /** Pointer moves that reached the page during the window (one is sent every 16 ms). */
  mouseMoves: number;
  /** Entries the page applied between the first and the last frame of the window (seq, or the baseline's count), and that span in ms. */
  applied: number;
  windowMs: number;
  /** Where the page's time went per confirmed entry (bench/pages/sync-timing.js), over the window and a little after. */
  sync?: SyncTiming;
  /** Konva's draws of the notes layer in the window: how many, and the median ms of the scene and of the hit canvas. */
  draws?: { count: number; scene: number; hit: number };
  /** How far the dragged note ended up from where it started, in board units (proof the drag happened). */
  moved: number;
  refused: number;
  profile?: string;
};

/**
 * P5: one person drags a note across a 2,000-note board for 3 s while others' moves arrive at
 * 200 ops/s, in headless Chromium with software rendering at the display's 60 Hz. A
 * requestAnimationFrame loop asks for every frame and marks the window (bench/pages/frames.js);
 * a Chromium trace of the window gives each frame's time: how long the page's main thread was
 * busy between one frame and the next (bench/lib/browser.ts framesFromTrace). The intervals the
 * loop itself sees are quantised to vsyncs (16.7, 33.3 ms …), so they are kept as a second
 * figure: the frames that missed their vsync. The drag is real mouse input (down on the note
 * where `__onaji.noteScreenRect` says it is drawn, a move every 16 ms, up). Remote ops are
 * `note.move`s of other notes sent by a generator socket that joined as another participant,
 * through the real protocol; the server's per-socket limit is lifted for it
 * (bench/lib/browser-server.ts). Each round opens the board in a fresh profile, after putting
 * the dragged note back where it was written.
 *
 * Baseline: bench/pages/baseline.html in drag mode: redraws every rectangle in every animation
 * frame while the pressed one follows the mouse, and receives the same 200 note.move entries a
 * second (the JSON the server broadcasts) over a WebSocket from a tiny relay in this process.
 * A WebSocket rather than a timer in the page, so that the baseline also pays for receiving each
 * message as a task of its own and parsing it, at the same rate and the same size.
 */
export const p5: Benchmark = {
  id: 'P5',
  name: `drag on a ${NOTES}-note board with ${RATE} remote ops/s in headless Chromium`,
  budgetMs: { quick: 150_000, full: 400_000 },
  async run(opts) {
    const client = await ensureClientBuilt(opts.log);
    if (!client.ok) return failed(`the client did not build: ${client.error}`);
    let server: BoardServer | null = null;
    let pages: PagesServer | null = null;
    try {
      server = await startBoardServer();
      const seed = await seedBoard(server, NOTES);
      opts.log(`  P5: board of ${NOTES} notes written through the server in ${seed.seconds.toFixed(1)} s`);
      pages = await servePages(seed.joinAckJson);
      const remote = await joinAs(server.port, seed.boardId, '向こうの人', 'company');
      const browser = await launchBrowser();
      const rounds = opts.quick ? 2 : 5;
      const patch = process.env.BENCH_CLIENT_PATCH || undefined;
      const onaji: DragRun[] = [];
      const base: DragRun[] = [];
      let stage = { width: 1280, height: 720 };
      for (let r = 0; r < rounds; r++) {
        const o = await dragOnaji(browser, server, seed, remote.client, { patch });
        stage = o.stage;
        onaji.push(o.run);
        base.push(await dragBaseline(browser, pages, stage));
        opts.log(`  P5 round ${r + 1}/${rounds}: onaji${patch ? ` (client patch ${patch})` : ''} ${describe(onaji.at(-1)!)}; baseline ${describe(base.at(-1)!)}`);
      }
      // One round of each half of the load alone, to tell what the drag and the remote ops cost apart.
      const remoteOnly = (await dragOnaji(browser, server, seed, remote.client, { patch, press: false })).run;
      opts.log(`  P5 remote ops without a drag: ${describe(remoteOnly)}`);
      const dragOnly = (await dragOnaji(browser, server, seed, remote.client, { patch, rate: 0 })).run;
      opts.log(`  P5 drag without remote ops: ${describe(dragOnly)}`);
      let profileNote = '';
      if (opts.profile)
        profileNote =
          (await withProfileServer(opts.log, NOTES, async (srv, sd) => {
            const gen = await joinAs(srv.port, sd.boardId, '向こうの人', 'company');
            try {
              const profiler = pageProfiler('P5-onaji', browser, opts.log);
              const o = (await dragOnaji(browser, srv, sd, gen.client, { profiler, patch })).run.profile ?? '';
              const b = (await dragBaseline(browser, pages!, stage, pageProfiler('P5-baseline', browser, opts.log))).profile ?? '';
              return `${o}; baseline ${b}`;
            } finally {
              gen.client.close();
            }
          })) ?? '';
      remote.client.close();

      const f = (rs: DragRun[], k: keyof FrameSummary) => rs.map((x) => x.frames[k]);
      const spreadNote =
        `best of ${rounds} rounds; ms as median (range) of rounds: onaji p50 ${spread(f(onaji, 'p50'))}, p95 ${spread(f(onaji, 'p95'))}, p99 ${spread(f(onaji, 'p99'))}, max ${spread(f(onaji, 'max'), 0)}, frames over 50 ms ${spread(f(onaji, 'over50'), 0)} of ${spread(f(onaji, 'frames'), 0)}; ` +
        `baseline p50 ${spread(f(base, 'p50'))}, p95 ${spread(f(base, 'p95'))}, max ${spread(f(base, 'max'), 1)} of ${spread(f(base, 'frames'), 0)} frames; ` +
        `remote ops in the window sent / seen by the page: onaji ${spread(onaji.map((x) => x.sent), 0)} / ${spread(onaji.map((x) => x.received), 0)}, baseline ${spread(base.map((x) => x.sent), 0)} / ${spread(base.map((x) => x.received), 0)}; ` +
        `ops applied by the page per second of the window (seq advance, own live moves included): onaji ${spread(onaji.map(perSecond), 0)}, baseline ${spread(base.map(perSecond), 0)}; ` +
        `mouse moves that got through (of one sent every 16 ms): onaji ${spread(onaji.map((x) => x.mouseMoves), 0)}, baseline ${spread(base.map((x) => x.mouseMoves), 0)}; ` +
        `dragged note moved ${spread(onaji.map((x) => x.moved), 0)} board units (onaji), ${spread(base.map((x) => x.moved), 0)} (baseline); ` +
        `apart, one round each: remote ops without a drag ${short(remoteOnly)}; the drag without remote ops ${short(dragOnly)}; ` +
        `page's own time per confirmed entry: ${onaji.map((x) => (x.sync ? perEntry(x.sync) : 'n/a')).join('; ')}; ` +
        `Konva's draws of the notes layer in the window (median ms of the scene + the hit canvas): ${onaji.map((x) => (x.draws ? `${x.draws.count} × (${fmtMs(x.draws.scene)} + ${fmtMs(x.draws.hit)})` : 'n/a')).join(', ')}; ` +
        `thread CPU time per frame (without other processes' share of the core): onaji p95 ${spread(onaji.map((x) => x.cpuFrames?.p95 ?? NaN))}, baseline ${spread(base.map((x) => x.cpuFrames?.p95 ?? NaN))}; ` +
        `intervals the rAF loop saw over 20 ms (missed vsyncs): onaji ${spread(onaji.map(missed), 0)}, baseline ${spread(base.map(missed), 0)} of the 180 vsyncs in ${DRAG_MS / 1000} s` +
        (patch ? `; WITH CLIENT PATCHES ${patch} (bench/pages/patch-*.js), not the client as built` : '');
      const baselineText = `baseline: bench/pages/baseline.html redrawing all ${NOTES} rectangles every frame in a ${stage.width}×${stage.height} canvas, the same 200 ops/s over a WebSocket`;
      return [
        row({
          id: 'P5-p95',
          name: `frame time p95, ${what}`,
          value: best(f(onaji, 'p95')),
          unit: 'ms',
          baseline: best(f(base, 'p95')),
          goal: P95_GOAL,
          note: `${spreadNote}; ${baselineText}` + (profileNote ? `; ${profileNote}` : ''),
        }),
        row({
          id: 'P5-max',
          name: `longest frame, ${what}`,
          value: best(f(onaji, 'max')),
          unit: 'ms',
          baseline: best(f(base, 'max')),
          goal: MAX_GOAL,
          note: `the lowest of the rounds' longest frames (the press, the selection and the drag start are inside the window); ${baselineText}`,
        }),
        row({
          id: 'P5-ratio',
          name: `frame time p95 against the plain Canvas 2D page, ${what}`,
          value: best(f(onaji, 'p95')),
          unit: 'ms',
          baseline: best(f(base, 'p95')),
          goal: RATIO_GOAL,
          note: `the ratio column is the figure: onaji's p95 over the baseline's, both the best round; ${baselineText}`,
        }),
      ];
    } finally {
      await closeAllBrowsers();
      await pages?.close();
      await server?.close();
    }
  },
};

function failed(note: string): Row[] {
  return [
    missing('P5-p95', `frame time p95, ${what}`, 'ms', P95_GOAL, note),
    missing('P5-max', `longest frame, ${what}`, 'ms', MAX_GOAL, note),
    missing('P5-ratio', `frame time p95 against the plain Canvas 2D page, ${what}`, 'ms', RATIO_GOAL, note),
  ];
}

function drawSummary(draws: [number, number, number][]) {
  const med = (i: 1 | 2) => median(draws.map((d) => d[i]));
  return { count: draws.length, scene: med(1), hit: med(2) };
}

const perSecond = (r: DragRun) => (r.applied / r.windowMs) * 1000;
const missed = (r: DragRun) => r.missedVsyncs;
const short = (r: DragRun) =>
  `p50 ${fmtMs(r.frames.p50)}, p95 ${fmtMs(r.frames.p95)}, max ${fmtMs(r.frames.max)} ms over ${r.frames.frames} frames, ${perSecond(r).toFixed(0)} ops/s applied` +
  (r.draws ? `, ${r.draws.count} Konva draws (${fmtMs(r.draws.scene)} + ${fmtMs(r.draws.hit)} ms)` : '') +
  (r.sync ? `, ${perEntry(r.sync)}` : '');

/** ms per confirmed entry in the page: reducer, rebuild (+ store listeners), React's flush. */
function perEntry(s: SyncTiming): string {
  const per = (x: number) => (s.entries ? (x / s.entries).toFixed(2) : 'n/a');
  const pending = s.rebuilds ? (s.pending / s.rebuilds).toFixed(1) : 'n/a';
  return `per entry (${s.entries} entries, ${s.rebuilds} rebuilds re-applying ${pending} own pending ops on average, ${s.listeners} store listeners): apply ${per(s.apply)} + rebuild ${per(s.rebuild)} + React ${per(s.react)} ms`;
}

const describe = (r: DragRun) =>
  `p50 ${fmtMs(r.frames.p50)} p95 ${fmtMs(r.frames.p95)} max ${fmtMs(r.frames.max)} ms, ${r.frames.frames} frames,${r.sync ? ` ${perEntry(r.sync)},` : ''}${r.draws ? ` ${r.draws.count} Konva draws (scene ${fmtMs(r.draws.scene)} + hit ${fmtMs(r.draws.hit)} ms),` : ''} ${r.frames.over50} over 50 ms, ${r.received}/${r.sent} remote ops arrived, ${perSecond(r).toFixed(0)}/s applied, ${r.mouseMoves} mouse moves, note moved ${r.moved.toFixed(0)}`;

/** Counts the remote `note.move`s that reach the page during the measured window. */
function countIncoming(page: Page, match: (s: string) => boolean) {
  let counting = false;
  let n = 0;
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      if (counting && match(typeof payload === 'string' ? payload : payload.toString('utf8'))) n++;
    }),
  );
  return {
    start: () => ((counting = true), (n = 0)),
    stop: () => ((counting = false), n),
  };
}

/** Remote ops stop when the window ends, whether or not the page still answers the mouse. */
const windowEnd = <T>(fn: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(fn()), DRAG_MS));

type Rect = { x: number; y: number; width: number; height: number };

/**
 * The measured window: frames from just before the press, then a mouse move every 16 ms for
 * `DRAG_MS` along a gentle arc to the right, then the release. The events go through Chromium's
 * real input path with the command page.mouse uses (CDP Input.dispatchMouseEvent), without
 * waiting for each one's round trip (page.mouse.move returns only after the page has handled the
 * move, so a slow page would also get fewer moves); a page that falls behind gets them
 * coalesced, as a real mouse's are. With `browser`, the window is traced and the frame times are
 * the main thread's busy time per frame (framesFromTrace); without (a profiled round, whose
 * profiler holds the trace), only the intervals between frames are known.
 */
async function dragWindow(page: Page, browser: Browser | null, press: boolean, rect: Rect, distancePx: number, sample: string) {
  const x0 = rect.x + rect.width / 2;
  const y0 = rect.y + rect.height / 2;
  const cdp = await page.context().newCDPSession(page);
  const inFlight: Promise<unknown>[] = [];
  const mouse = (type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number, buttons: number) =>
    press &&
    inFlight.push(cdp.send('Input.dispatchMouseEvent', { type, x, y, button: buttons || type !== 'mouseMoved' ? 'left' : 'none', buttons, clickCount: type === 'mouseMoved' ? 0 : 1 }).catch(() => {}));
  let tracing = false;
  try {
    mouse('mouseMoved', x0, y0, 0);
    await Promise.all(inFlight);
    if (browser) {
      await browser.startTracing(page, { categories: FRAME_TRACE_CATEGORIES });
      tracing = true;
    }
    await page.evaluate(`__benchFrames.start(${DRAG_MS}, ${sample})`);
    const t0 = performance.now();
    mouse('mousePressed', x0, y0, 1);
    let x = x0;
    let y = y0;
    for (let i = 1; i <= DRAG_MS / 16 + 10; i++) {
      const wait = 16 * i - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
      const t = Math.min(DRAG_MS, performance.now() - t0);
      x = x0 + (distancePx * t) / DRAG_MS;
      y = y0 + Math.sin((t / DRAG_MS) * Math.PI) * 40;
      mouse('mouseMoved', x, y, 1);
      if (t >= DRAG_MS) break;
    }
    const rec = (await page.evaluate('__benchFrames.stop()')) as { deltas: number[]; first: number; last: number; ms: number; moves: number; startedAt: number };
    mouse('mouseReleased', x, y, 0);
    await Promise.race([Promise.all(inFlight), sleep(10_000)]);
    let traced: ReturnType<typeof framesFromTrace> = null;
    if (tracing) {
      tracing = false;
      traced = framesFromTrace(await browser!.stopTracing());
      if (!traced || traced.busy.length === 0) throw new Error('the trace of the window holds no frames of the page');
    }
    return {
      missedVsyncs: rec.deltas.filter((d) => d > 20).length,
      frames: frameSummary(traced ? traced.busy : rec.deltas),
      cpuFrames: traced ? frameSummary(traced.cpu) : null,
      intervals: frameSummary(rec.deltas),
      moves: rec.moves,
      startedAt: rec.startedAt,
      applied: rec.last - rec.first,
      ms: rec.ms,
    };
  } finally {
    if (tracing) await browser!.stopTracing().catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

export type DragOptions = {
  profiler?: PageProfiler;
  /** Remote ops per second (0: none). */
  rate?: number;
  /** false: no mouse at all, the window only watches remote ops arrive. */
  press?: boolean;
  /** Scripts from bench/pages/patch-<name>.js run in the page before the window (BENCH_CLIENT_PATCH=name[,name]). */
  patch?: string;
};

export async function dragOnaji(
  browser: Browser,
  server: { url: string },
  seed: SeededBoard,
  remote: SioClient,
  { profiler, rate = RATE, press = true, patch }: DragOptions = {},
): Promise<{ run: DragRun; stage: { width: number; height: number } }> {
  // Every round starts from the same board: the previous round's drop put the note elsewhere,
  // maybe under another note, and widened the board the first view fits.
  const home = noteAt(Number(DRAGGED.slice(5)));
  await send(remote, { opId: opId('reset'), type: 'note.move', moves: [{ id: DRAGGED, x: home.x, y: home.y }] });
  const { context, page, errors, goto } = await openBoard(browser, server.url, seed, [pageScript('frames.js')]);
  try {
    const incoming = countIncoming(page, (s) => s.startsWith('42["op"') && s.includes('"note.move"'));
    await goto();
    await waitForFrame(page, errors);
    await sleep(500); // the socket's upgrade, the participant list, the first idle frames
    for (const name of patch?.split(',') ?? []) {
      const applied = await page.evaluate(`${pageScript(`patch-${name}.js`)}; window.__benchPatch`);
      if (applied !== name) throw new Error(`client patch ${name}: ${String(applied)}`);
    }
    // Per-entry timing of the page's SyncClient (bench/pages/sync-timing.js), around whatever handles entries now.
    const timing = await page.evaluate(`${pageScript('sync-timing.js')}; !window.__benchSync.error`);
    const info = (await page.evaluate(
      `(() => { const r = document.querySelector('[data-testid="stage"]').getBoundingClientRect();
         const n = __onaji.client.state.notes[${JSON.stringify(DRAGGED)}];
         return { stage: { width: Math.round(r.width), height: Math.round(r.height), left: r.left }, rect: __onaji.noteScreenRect(${JSON.stringify(DRAGGED)}), start: { x: n.x, y: n.y } }; })()`,
    )) as { stage: { width: number; height: number; left: number }; rect: Rect; start: { x: number; y: number } };
    let refused = 0;
    const gen = remoteMoves({
      rate,
      noteIds: seed.noteIds,
      skip: DRAGGED,
      send: (op) => remote.emitWithAck('op', op, (args) => void ((args[0] as { ok: boolean }).ok || refused++)),
    });
    await sleep(LEAD_MS);
    await profiler?.start(page);
    if (timing) await page.evaluate('__benchSync.reset()');
    const sentBefore = gen.sent;
    incoming.start();
    const ended = windowEnd(() => ({ sent: gen.stop() - sentBefore, received: incoming.stop() }));
    const w = await dragWindow(page, profiler ? null : browser, press, info.rect, (info.stage.left + info.stage.width) * ACROSS - info.rect.x, '() => __onaji.client.confirmedBoard.seq');
    const { sent, received } = await ended;
    const sync = timing ? ((await page.evaluate('__benchSync.read()')) as SyncTiming) : undefined;
    const profile = await profiler?.stop(page);
    await sleep(300);
    const end = (await page.evaluate(`(() => { const n = __onaji.client.state.notes[${JSON.stringify(DRAGGED)}]; return { x: n.x, y: n.y }; })()`)) as { x: number; y: number };
    // Konva's draws of the notes layer inside the window (bench/pages/probe.js times them).
    const draws = (await page.evaluate(`__bench.draws.filter((d) => d[0] >= ${w.startedAt} && d[0] <= ${w.startedAt + DRAG_MS})`)) as [number, number, number][];
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    return {
      run: { ...(sync ? { sync } : {}), draws: drawSummary(draws), frames: w.frames, cpuFrames: w.cpuFrames, intervals: w.intervals, missedVsyncs: w.missedVsyncs, sent, received, moved: Math.hypot(end.x - info.start.x, end.y - info.start.y), mouseMoves: w.moves, refused, applied: w.applied, windowMs: w.ms, ...(profile ? { profile } : {}) },
      stage: { width: info.stage.width, height: info.stage.height },
    };
  } finally {
    await context.close();
  }
}

async function dragBaseline(browser: Browser, pages: PagesServer, stage: { width: number; height: number }, profiler?: PageProfiler): Promise<DragRun> {
  const { context, page, errors } = await freshPage(browser, [pageScript('frames.js')]);
  try {
    const incoming = countIncoming(page, (s) => s.includes('"note.move"'));
    await page.goto(`${pages.url}/baseline.html?mode=drag&w=${stage.width}&h=${stage.height}&text=lod`, { waitUntil: 'commit' });
    await waitForFrame(page, errors);
    for (let i = 0; i < 100 && pages.clients() === 0; i++) await sleep(20);
    await sleep(500);
    const info = (await page.evaluate(
      `(() => { const r = document.getElementById('board').getBoundingClientRect(); const n = __bench.noteScreenRect(${JSON.stringify(DRAGGED)});
         return { stage: { width: r.width, left: r.left }, rect: n }; })()`,
    )) as { stage: { width: number; left: number }; rect: Rect };
    let seq = 0;
    const gen = remoteMoves({
      rate: RATE,
      noteIds: [...Array(NOTES).keys()].map((i) => noteAt(i).id),
      skip: DRAGGED,
      // An entry as the server broadcasts it (shared/view.ts EntryView).
      send: (op) => pages.broadcast(JSON.stringify({ seq: ++seq, by: 'p_remote', at: Date.now(), op })),
    });
    await sleep(LEAD_MS);
    await profiler?.start(page);
    const sentBefore = gen.sent;
    incoming.start();
    const ended = windowEnd(() => ({ sent: gen.stop() - sentBefore, received: incoming.stop() }));
    const w = await dragWindow(page, profiler ? null : browser, true, info.rect, (info.stage.left + info.stage.width) * ACROSS - info.rect.x, '() => __bench.received');
    const { sent, received } = await ended;
    const profile = await profiler?.stop(page);
    await sleep(100);
    const dropped = (await page.evaluate('__bench.dropped')) as { x: number; y: number } | undefined;
    const home = noteAt(Number(DRAGGED.slice(5)));
    if (errors.length) throw new Error(`baseline page errors: ${errors.join(' | ')}`);
    return { frames: w.frames, cpuFrames: w.cpuFrames, intervals: w.intervals, missedVsyncs: w.missedVsyncs, sent, received, moved: dropped ? Math.hypot(dropped.x - home.x, dropped.y - home.y) : 0, mouseMoves: w.moves, refused: 0, applied: w.applied, windowMs: w.ms, ...(profile ? { profile } : {}) };
  } finally {
    await context.close();
  }
}
