import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import {
  closeAllBrowsers,
  ensureClientBuilt,
  fmtMs,
  freshPage,
  launchBrowser,
  openBoard,
  seedBoard,
  servePages,
  startBoardServer,
  type PagesServer,
  type SeededBoard,
  type BoardServer,
  waitForFrame,
} from '../lib/browser.js';
import { pageProfiler, withProfileServer, type PageProfiler } from '../lib/browser-profile.js';
import { best, median, spread } from '../lib/stats.js';
import { atMost, atMostTimesBaseline, missing, row, type Benchmark, type Row } from '../lib/types.js';

const NOTES = 2_000;
const KB = 1024;
const TIME_GOAL = atMost(1000, 'ms');
const BYTES_GOAL = atMost(300, 'KB');
const TIME_NAME = `join a ${NOTES.toLocaleString('en')}-note board: navigation → first frame with every note drawn`;
const BYTES_NAME = `board state on the wire when joining a ${NOTES.toLocaleString('en')}-note board`;

/** How the join answer reached the page: its size as a Socket.IO packet, and as carried. */
export type JoinWire = { transport: 'websocket' | 'polling'; packetBytes: number; wireBytes: number; encoding: string };

export type Load = {
  frameAt: number;
  drawnAt?: number;
  marks: Record<string, number>;
  drawnNotes: number;
  stage?: { width: number; height: number };
  /** The view's scale when the notes were drawn (the first view fits the whole board). */
  zoom?: number;
  wire?: JoinWire;
  profile?: string;
};

/**
 * P4: a participant opens the link of a board that already holds 2,000 notes. The board is
 * written through the real server (HTTP create, then `note.add` ops over a joined socket); the
 * browser comes back as a participant who has joined before (identity in localStorage, as after
 * a reload), so the page goes straight to the board without the join form. Time: from
 * navigation start to the start of the animation frame after Konva's first draw of the notes
 * layer holding all 2,000 notes inside the view (bench/pages/probe.js). Bytes: the join answer
 * as it arrives in the page (Socket.IO packet, UTF-8), and as carried on the wire.
 * Baseline: bench/pages/baseline.html, a plain Canvas 2D page that fetches the same JSON and
 * draws the same rectangles the client draws at that zoom.
 */
export const p4: Benchmark = {
  id: 'P4',
  name: `join a ${NOTES}-note board in headless Chromium`,
  budgetMs: { quick: 120_000, full: 300_000 },
  async run(opts) {
    const client = await ensureClientBuilt(opts.log);
    if (!client.ok) return failed(`the client did not build: ${client.error}`);
    let server: BoardServer | null = null;
    let pages: PagesServer | null = null;
    try {
      server = await startBoardServer();
      const seed = await seedBoard(server, NOTES);
      opts.log(`  P4: board of ${NOTES} notes written through the server in ${seed.seconds.toFixed(1)} s`);
      pages = await servePages(seed.joinAckJson);
      const browser = await launchBrowser();
      const rounds = opts.quick ? 3 : 7;
      // One load of each, not counted: the server's join path and the OS file cache warm up,
      // and the client's stage size is what the baseline draws into.
      const warm = await loadOnaji(browser, server, seed);
      const stage = warm.stage ?? { width: 1280, height: 720 };
      await loadBaseline(browser, pages, stage, 'lod');
      const onaji: Load[] = [];
      const base: Load[] = [];
      const baseText: Load[] = [];
      for (let r = 0; r < rounds; r++) {
        onaji.push(await loadOnaji(browser, server, seed));
        base.push(await loadBaseline(browser, pages, stage, 'lod'));
        baseText.push(await loadBaseline(browser, pages, stage, 'always'));
        const o = onaji.at(-1)!;
        opts.log(
          `  P4 round ${r + 1}/${rounds}: onaji ${fmtMs(o.frameAt)} ms (${phases(o)}), baseline ${fmtMs(base.at(-1)!.frameAt)} ms, baseline with text ${fmtMs(baseText.at(-1)!.frameAt)} ms`,
        );
      }
      let profileNote = '';
      if (opts.profile)
        profileNote =
          (await withProfileServer(opts.log, NOTES, async (srv, sd) => {
            const profiler = pageProfiler('P4-onaji', browser, opts.log);
            return (await loadOnaji(browser, srv, sd, profiler)).profile ?? '';
          })) ?? '';
      await closeAllBrowsers();

      const t = (ls: Load[]) => ls.map((l) => l.frameAt);
      const wire = onaji.map((l) => l.wire).filter((w): w is JoinWire => !!w);
      const packet = median(wire.map((w) => w.packetBytes));
      const onWire = wire.map((w) => w.wireBytes);
      const how = wire.map((w) => `${w.transport}${w.encoding ? ` (${w.encoding})` : ''}`);
      const transports = [...new Set(how)].map((h) => `${h} ×${how.filter((x) => x === h).length}`).join(', ');
      const ack = Buffer.byteLength(seed.joinAckJson);
      const notesOnly = notesPayload(seed.joinAckJson);
      const gz = gzipSync(seed.joinAckJson).length;
      const stageText = `${stage.width}×${stage.height}`;
      return [
        row({
          id: 'P4',
          name: TIME_NAME,
          value: best(t(onaji)),
          unit: 'ms',
          baseline: best(t(base)),
          goal: TIME_GOAL,
          note:
            `best of ${rounds} fresh profiles; ms as median (range): onaji ${spread(t(onaji), 0)}, baseline ${spread(t(base), 0)}; ` +
            `baseline drawing every note's text too ${spread(t(baseText), 0)}; ` +
            `onaji phases (median ms since navigation): ${medianPhases(onaji)}; ` +
            `baseline: bench/pages/baseline.html fetching the same join answer as JSON and drawing the same ${NOTES} rounded rectangles at the client's first (fit-all) view in a ${stageText} canvas; ` +
            `at that zoom (${zoomText(onaji)}) neither draws text (the client's detail zoom is 0.3)` +
            (profileNote ? `; ${profileNote}` : ''),
        }),
        row({
          id: 'P4-bytes',
          name: BYTES_NAME,
          value: packet / KB,
          unit: 'KB',
          baseline: notesOnly / KB,
          goal: BYTES_GOAL,
          note:
            `the join answer as the page receives it (the Socket.IO packet as UTF-8, plus the board's gzipped bytes when it comes as J7 boardGzip; a plain answer taken from the wire by a Node client is ${(ack / KB).toFixed(0)} KB); ` +
            `carried by ${transports || 'n/a'} of ${rounds} joins (it takes the long-polling transport when it is sent before the upgrade to WebSocket), ${spread(onWire.map((b) => b / KB), 0)} KB on the wire; ` +
            `gzip of the same JSON ${(gz / KB).toFixed(0)} KB; ` +
            `baseline: what the page draws from, the notes' id, text, x, y, width, height, colour and author name as compact JSON arrays; 1 KB = 1,024 bytes`,
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
  return [missing('P4', TIME_NAME, 'ms', TIME_GOAL, note), missing('P4-bytes', BYTES_NAME, 'KB', BYTES_GOAL, note)];
}

/** One join of the board in a fresh profile; resolves when the first frame with every note is done. */
export async function loadOnaji(browser: Browser, server: { url: string }, seed: SeededBoard, profiler?: PageProfiler): Promise<Load> {
  const { context, page, errors, goto } = await openBoard(browser, server.url, seed);
  try {
    const wire = watchJoinAnswer(page);
    if (profiler) {
      // A same-origin page first, so that the board loads in the renderer being profiled.
      await page.goto(`${server.url}/favicon.svg`);
      await profiler.start(page);
    }
    await goto();
    await waitForFrame(page, errors);
    const profile = await profiler?.stop(page);
    const got = (await page.evaluate(
      `({ frameAt: __bench.frameAt, drawnAt: __bench.drawnAt, marks: __bench.marks, drawnNotes: __bench.drawnNotes,
          stage: (() => { const r = document.querySelector('[data-testid="stage"]').getBoundingClientRect(); return { width: Math.round(r.width), height: Math.round(r.height) }; })(),
          zoom: window.__onaji.camera.view.get().scale })`,
    )) as Load;
    return { ...got, wire: await wire.done(), ...(profile ? { profile } : {}) };
  } finally {
    await context.close();
  }
}

const zoomText = (ls: Load[]) => `scale ${median(ls.map((l) => l.zoom ?? NaN)).toFixed(3)}`;

/** The baseline page in a fresh profile, `text` as the client (`lod`) or at every zoom (`always`). */
async function loadBaseline(browser: Browser, pages: PagesServer, stage: { width: number; height: number }, text: 'lod' | 'always'): Promise<Load> {
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(`${pages.url}/baseline.html?mode=join&w=${stage.width}&h=${stage.height}&text=${text}`, { waitUntil: 'commit' });
    await waitForFrame(page, errors);
    return (await page.evaluate(`({ frameAt: __bench.frameAt, marks: __bench.marks, drawnNotes: __bench.drawnNotes })`)) as Load;
  } finally {
    await context.close();
  }
}

/**
 * Finds the join answer among what the page receives: a Socket.IO ack packet (`43…`) holding
 * the board, in a WebSocket frame or in a long-polling response (where packets are joined by
 * U+001E and the response may be compressed).
 */
function watchJoinAnswer(page: Page) {
  let found: JoinWire | undefined;
  const pending: Promise<void>[] = [];
  const isAnswer = (s: string) => s.startsWith('43') && s.includes('"board":{');
  // J7: a gzipped answer is a binary ack (`46…`) naming `boardGzip`, then its bytes (the next
  // WebSocket frame, or a `b`+base64 packet of the same long-polling response).
  const isGzipHeader = (s: string) => s.startsWith('46') && s.includes('"boardGzip":{"_placeholder":true');
  // A WebSocket frame's header: 2 bytes, +2 past 125 bytes of payload, +8 past 65,535.
  const framed = (bytes: number) => bytes + (bytes > 65_535 ? 10 : bytes > 125 ? 4 : 2);
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    let header = 0;
    ws.on('framereceived', ({ payload }) => {
      if (found) return;
      if (header && typeof payload !== 'string') {
        const bytes = header + payload.length;
        found = { transport: 'websocket', packetBytes: bytes, wireBytes: framed(header) + framed(payload.length), encoding: 'gzip (J7)' };
        return;
      }
      const s = typeof payload === 'string' ? payload : payload.toString('utf8');
      header = isGzipHeader(s) ? Buffer.byteLength(s) : 0;
      if (isAnswer(s)) {
        const bytes = Buffer.byteLength(s);
        found = { transport: 'websocket', packetBytes: bytes, wireBytes: framed(bytes), encoding: '' };
      }
    });
  });
  page.on('requestfinished', (req) => {
    if (!req.url().includes('/socket.io/') || req.method() !== 'GET') return;
    pending.push(
      (async () => {
        const res = await req.response();
        if (!res) return;
        const text = (await res.body().catch(() => Buffer.alloc(0))).toString('utf8');
        const packets = text.split('\u001e');
        const at = packets.findIndex((p) => isAnswer(p) || isGzipHeader(p));
        if (at < 0 || found) return;
        const gz = isGzipHeader(packets[at]!);
        // The gzipped bytes travel base64-encoded in the packet after the header.
        const bytes = Buffer.byteLength(packets[at]!) + (gz ? Buffer.byteLength(packets[at + 1] ?? '') : 0);
        const sizes = await req.sizes();
        const encoding = [gz ? 'gzip (J7), base64' : '', (await res.headerValue('content-encoding')) ?? ''].filter(Boolean).join(' + ');
        found = { transport: 'polling', packetBytes: bytes, wireBytes: sizes.responseBodySize, encoding };
      })().catch(() => {}),
    );
  });
  return {
    async done() {
      await Promise.all(pending);
      return found;
    },
  };
}

function phases(l: Load): string {
  const m = l.marks;
  const f = (k: string) => (m[k] === undefined ? '—' : fmtMs(m[k]!));
  return `konva ${f('konva')}, live ${f('live')}, answer ${f('joinAnswer')} via ${l.wire?.transport ?? '?'}, state ${f('state')}, drawn ${fmtMs(l.drawnAt ?? NaN)}`;
}

function medianPhases(ls: Load[]): string {
  const keys: [string, string][] = [
    ['konva', 'bundle run (Konva loaded)'],
    ['live', 'board page mounted'],
    ['joinAnswer', 'join answer arrived'],
    ['state', 'join answer applied'],
    ['firstNotesDraw', 'first draw with notes'],
  ];
  return [...keys.map(([k, label]) => `${label} ${median(ls.map((l) => l.marks[k] ?? NaN)).toFixed(0)}`), `frame done ${median(ls.map((l) => l.frameAt)).toFixed(0)}`].join(', ');
}

/** The drawn fields of every note as arrays (no keys): the smallest plain JSON a page could draw from. */
function notesPayload(joinAckJson: string): number {
  const ack = (JSON.parse(joinAckJson) as [{ board: { notes: { id: string; text: string; x: number; y: number; width: number; height: number; color: string; authorName: string }[] } }])[0];
  return Buffer.byteLength(JSON.stringify(ack.board.notes.map((n) => [n.id, n.text, n.x, n.y, n.width, n.height, n.color, n.authorName])));
}
