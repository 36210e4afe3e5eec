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
export type JoinWire = { transport: 'websocket' | 'polling' | 'polling + websocket' | 'websocket + polling'; packetBytes: number; wireBytes: number; encoding: string };

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
 * as it arrives in the page (the Socket.IO packet, plus the gzipped board when it comes as J7's
 * binary attachment), and as carried on the wire.
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
 * the board, or (J7) a binary ack (`46…`) naming `boardGzip` followed by its attachment — the
 * next binary WebSocket frame, or the next `b`+base64 packet of the long-polling stream, which
 * may come in the same response or the next one. Long-polling responses may be gzipped too.
 */
function watchJoinAnswer(page: Page) {
  let found: JoinWire | undefined;
  const isAnswer = (s: string) => s.startsWith('43') && s.includes('"board":{');
  const isGzipHeader = (s: string) => s.startsWith('46') && s.includes('"boardGzip":{"_placeholder":true');
  // A WebSocket frame's header: 2 bytes, +2 past 125 bytes of payload, +8 past 65,535.
  const framed = (bytes: number) => bytes + (bytes > 65_535 ? 10 : bytes > 125 ? 4 : 2);
  // The header and its attachment can also come by different transports (the header in a
  // long-polling response, the bytes over the WebSocket the client has just upgraded to), and
  // Playwright reports the polling response after the frame: pair them whichever comes first.
  let header: { bytes: number; wire: number; transport: JoinWire['transport'] } | null = null;
  let attachment: { bytes: number; wire: number; transport: JoinWire['transport']; encoding: string } | null = null;
  const pair = () => {
    if (found || !header || !attachment) return;
    const transport = header.transport === attachment.transport ? header.transport : (`${header.transport} + ${attachment.transport}` as JoinWire['transport']);
    found = { transport, packetBytes: header.bytes + attachment.bytes, wireBytes: header.wire + attachment.wire, encoding: attachment.encoding };
  };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    ws.on('framereceived', ({ payload }) => {
      if (found) return;
      if (typeof payload !== 'string') {
        attachment ??= { bytes: payload.length, wire: framed(payload.length), transport: 'websocket', encoding: 'gzip (J7)' };
        return pair();
      }
      const bytes = Buffer.byteLength(payload);
      if (isGzipHeader(payload)) {
        header = { bytes, wire: framed(bytes), transport: 'websocket' };
        pair();
      } else if (isAnswer(payload)) found = { transport: 'websocket', packetBytes: bytes, wireBytes: framed(bytes), encoding: '' };
    });
  });
  // Polling responses are read one after another, in the order they finished, so that a header
  // and its attachment in two responses are paired.
  let chain = Promise.resolve();
  page.on('requestfinished', (req) => {
    if (!req.url().includes('/socket.io/') || req.method() !== 'GET') return;
    chain = chain.then(async () => {
      const res = await req.response();
      if (!res || found) return;
      const body = await res.body().catch(() => Buffer.alloc(0));
      const wire = (await req.sizes().catch(() => null))?.responseBodySize || body.length;
      const compressed = (await res.headerValue('content-encoding')) ?? '';
      let counted = false;
      for (const p of body.toString('utf8').split('\u001e')) {
        const bytes = Buffer.byteLength(p);
        const thisWire = counted ? 0 : wire;
        if (p.startsWith('b')) {
          attachment ??= { bytes, wire: thisWire, transport: 'polling', encoding: ['gzip (J7) as base64', compressed].filter(Boolean).join(' + ') };
          counted = true;
          pair();
        } else if (isGzipHeader(p)) {
          header = { bytes, wire: thisWire, transport: 'polling' };
          counted = true;
          pair();
        } else if (isAnswer(p)) {
          found = { transport: 'polling', packetBytes: bytes, wireBytes: wire, encoding: compressed };
        }
        if (found) return;
      }
    }).catch(() => {});
  });
  return {
    async done() {
      // Playwright may report the last response a little after the page has used it.
      for (let i = 0; i < 40 && !found; i++) {
        await chain;
        if (!found) await new Promise((r) => setTimeout(r, 50));
      }
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
