import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { NOTE_COLORS } from '../../shared/model.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/helpers/chromium.js';
import { BENCH_DIR, RESULTS_DIR, ROOT, startServer, type ServerChild, type ServerKind } from './children.js';
import { SioClient } from './clients.js';
import { createBoard, opId, send } from './onaji.js';
import { quantile, sleep } from './stats.js';

/**
 * What the client benchmarks (P4, P5) share: the system Chromium, the real server serving the
 * built client, a board of notes written through the real protocol, the plain Canvas 2D baseline
 * page and its tiny server, and the generator of remote ops.
 */

export const VIEWPORT = { width: 1280, height: 800 };
export const PAGES_DIR = path.join(BENCH_DIR, 'pages');

const browsers = new Set<Browser>();

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true, timeout: 30_000 });
  browsers.add(browser);
  browser.on('disconnected', () => browsers.delete(browser));
  return browser;
}

/** Close every browser a benchmark left open (also on a timeout of the runner). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.all([...browsers].map((b) => b.close().catch(() => {})));
  browsers.clear();
}

/** A fresh context (a fresh profile: empty cache and storage), as a person opening the link for the first time on this laptop. */
export async function freshPage(browser: Browser, init: string[] = []): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ja-JP' });
  for (const content of init) await context.addInitScript({ content });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

const WAIT_MS = 30_000;

/**
 * Until the page's probe says the first frame with every note is done (`__bench.frameAt`, set by
 * bench/pages/probe.js or baseline.js). Polled from here: page.waitForFunction evaluates its
 * predicate with eval, which the board page's Content-Security-Policy forbids.
 */
export async function waitForFrame(page: Page, errors: string[]) {
  const deadline = performance.now() + WAIT_MS;
  while (performance.now() < deadline) {
    if (await page.evaluate('!!(window.__bench && window.__bench.frameAt !== undefined)')) return;
    await sleep(50);
  }
  const state = await page.evaluate('JSON.stringify(window.__bench)').catch(() => 'n/a');
  throw new Error(`no frame with every note drawn in ${WAIT_MS / 1000} s (page state ${String(state).slice(0, 300)}; page errors: ${errors.join(' | ') || 'none'})`);
}

/** The board page in a fresh profile, back as the seeded viewer, with the probe (and `init`) in place. */
export async function openBoard(browser: Browser, url: string, seed: SeededBoard, init: string[] = []) {
  const opened = await freshPage(browser, [`window.__bench = { expect: ${seed.noteIds.length} };`, pageScript('probe.js'), storedIdentity(seed.boardId, seed.viewer), ...init]);
  return { ...opened, goto: () => opened.page.goto(`${url}/b/${seed.boardId}`, { waitUntil: 'commit' }) };
}

/** A script from bench/pages/, to inject (page.evaluate with a function would carry tsx's helpers into the page). */
export const pageScript = (name: string) => readFileSync(path.join(PAGES_DIR, name), 'utf8');

// ── the built client ─────────────────────────────────────────────────────────

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export const DIST_CLIENT = path.join(ROOT, 'dist/client');
export const PROFILE_CLIENT = path.join(RESULTS_DIR, 'profile-client');

function built(dir: string, against: string[]) {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= Math.max(...against.map((d) => newest(path.join(ROOT, d))));
}

function vite(args: string[]): Promise<{ ok: true } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['vite', 'build', '--logLevel', 'error', ...args], { cwd: ROOT, timeout: 180_000, maxBuffer: 8 * 1024 * 1024 }, (e, stdout, stderr) => {
      if (!e) return resolve({ ok: true });
      const first = `${stderr}\n${stdout}`.split('\n').find((l) => /error/i.test(l)) ?? e.message;
      resolve({ ok: false, error: first.trim().slice(0, 300) });
    });
  });
}

let building: Promise<{ ok: true; how: string } | { ok: false; error: string }> | null = null;

/**
 * dist/client as `npx vite build` makes it; built again when missing or older than client/ or
 * shared/. Once per run: P4 and P5 then load the same build.
 */
export function ensureClientBuilt(log: (m: string) => void) {
  building ??= (async () => {
    if (built(DIST_CLIENT, ['client', 'shared'])) return { ok: true as const, how: 'dist/client' };
    log('  building the client (npx vite build): dist/client is missing or older than client/ or shared/');
    const res = await vite([]);
    return res.ok ? { ok: true as const, how: 'dist/client, built by this run' } : res;
  })();
  return building;
}

/**
 * For profiles only: the same client built without minification, so that a CPU profile names
 * functions, and every module is between `//#region <file>` comments, so that time can be
 * put down to React, Konva, socket.io or our code.
 */
export async function ensureProfileClient(log: (m: string) => void) {
  if (built(PROFILE_CLIENT, ['client', 'shared'])) return { ok: true as const };
  log('  building an unminified client for the profiles (bench/results/profile-client)');
  return vite(['--outDir', PROFILE_CLIENT, '--emptyOutDir', '--minify', 'false']);
}

// ── the real server, with the client ─────────────────────────────────────────

export type BoardServer = ServerChild & { dataDir: string; close: () => Promise<void> };

/** DATA_DIRs of the board servers, removed at exit too: a run stopped by its budget exits before a benchmark's `finally`. */
const dataDirs = new Set<string>();
process.once('exit', () => {
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});

/** bench/lib/browser-server.ts as a child, started and tracked like every bench server. */
export async function startBoardServer(staticDir = DIST_CLIENT): Promise<BoardServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'onaji-bench-browser-'));
  dataDirs.add(dataDir);
  try {
    // startServer resolves bench/servers/<kind>.ts; this entry lives beside the browser helpers.
    const kind = '../lib/browser-server' as ServerKind;
    const server = await startServer(kind, { env: { BENCH_DATA_DIR: dataDir, BENCH_STATIC_DIR: staticDir } });
    return {
      ...server,
      dataDir,
      close: async () => {
        await server.stop().catch(() => {});
        rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
        dataDirs.delete(dataDir);
      },
    };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    dataDirs.delete(dataDir);
    throw e;
  }
}

// ── a board of notes, through the real protocol ──────────────────────────────

export type Identity = { participantId: string; secret: string; name: string; affiliation: string };
export type JoinedClient = { client: SioClient; identity: Identity };

export async function joinAs(port: number, boardId: string, name: string, affiliation = 'citizen'): Promise<JoinedClient> {
  const client = await SioClient.connect(port);
  const ack = await client.request<{ ok: boolean; you?: { id: string; secret: string }; error?: unknown }>('join', { boardId, name, affiliation });
  if (!ack.ok || !ack.you) throw new Error(`join refused: ${JSON.stringify(ack.error)}`);
  return { client, identity: { participantId: ack.you.id, secret: ack.you.secret, name, affiliation } };
}

export type SeededBoard = {
  boardId: string;
  noteIds: string[];
  /** A participant who has joined once: the browser comes back as this person (stored identity). */
  viewer: Identity;
  /** The join answer as the server sends it to a participant (`43<n>[{ok, you, seq, board, serverTime}]` without the frame prefix). */
  joinAckJson: string;
  seconds: number;
};

const WHO = ['高校生', '子育て世帯', '商店街の店主', '町内会', '留学生', '高齢者', '通勤する人', '自治会の役員', '保育士', '農家', '学童の先生', '図書館の利用者', '障害のある人', '新しく越してきた人', '大学のサークル', '消防団'];
const WHERE = ['駅前の広場', '川沿いの遊歩道', '旧小学校の体育館', '市民センター', '商店街の空き店舗', '公園の東屋', 'バス停の近く', '公民館の和室', '神社の境内', '図書館の二階', '港の倉庫', '団地の集会所', '道の駅', '田んぼの脇', '病院の待合', '役所のロビー'];
const WHAT = [
  '月に一度の朝市を開いて顔見知りを増やしたい',
  '夜でも安心して歩けるように街灯を増やしてほしい',
  '子どもが放課後に宿題をできる場所がほしい',
  '災害のときの集合場所を多言語で案内したい',
  '使われていない部屋を誰でも借りられるようにする',
  '若い世代も参加できるように平日の夜にも集まる',
  'ベンチを置いて一休みできるようにしたい',
  '地域の歴史を写真で残して展示する',
  'ごみの分別を分かりやすく絵で示す',
  '移動が難しい人のために送迎の仕組みを作る',
  '空き家を改修して交流の場にする',
  '子ども食堂を週二回に増やしたい',
  '自転車の置き場が足りないので増やす',
  '地元の野菜を学校給食に使ってほしい',
  '雨の日でも遊べる場所を作ってほしい',
  '見守り活動の担い手を募集したい',
];

/** A note as a workshop writes it: a Japanese sentence, mostly different from its neighbours. */
export const workshopText = (i: number) => `${WHO[i % 16]}から：${WHERE[(i * 7 + 3) % 16]}で${WHAT[(i * 5 + Math.floor(i / 16)) % 16]}（${i + 1}）`;

/** Notes laid out as a workshop wall: 40 columns, the colours cycling, a Japanese sentence each. */
export function noteAt(i: number) {
  return {
    id: `note_${i.toString().padStart(4, '0')}`,
    text: workshopText(i),
    x: (i % 40) * 220,
    y: Math.floor(i / 40) * 160,
    color: NOTE_COLORS[i % NOTE_COLORS.length]!,
  };
}

/** Creates a board over HTTP and writes `notes` notes through one joined socket, 50 ops in flight. */
export async function seedBoard(server: { url: string; port: number }, notes: number): Promise<SeededBoard> {
  const t0 = performance.now();
  const board = await createBoard(server.url, 'まちづくりワークショップ');
  const author = await joinAs(server.port, board.id, '書き手');
  const noteIds: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < notes) {
      const note = noteAt(next++);
      noteIds.push(note.id);
      await send(author.client, { opId: opId('add'), type: 'note.add', note });
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  author.client.close();
  const joined = await joinAs(server.port, board.id, '見る人', 'npo');
  joined.client.close();
  const viewer = joined.identity;
  // What a returning participant is sent when joining: taken from the wire, for the byte count
  // and for the baseline page, which loads the same JSON.
  const again = await SioClient.connect(server.port);
  const joinAckJson = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no join ack')), 20_000);
    const ws = again.ws;
    ws.on('message', (data) => {
      const s = data.toString();
      if (!s.startsWith('43')) return;
      clearTimeout(timer);
      resolve(s.slice(s.indexOf('[')));
    });
    ws.send(`420${JSON.stringify(['join', { boardId: board.id, name: viewer.name, affiliation: viewer.affiliation, participant: { id: viewer.participantId, secret: viewer.secret } }])}`);
  });
  again.close();
  return { boardId: board.id, noteIds: noteIds.sort(), viewer, joinAckJson, seconds: (performance.now() - t0) / 1000 };
}

/** The init script that makes a fresh browser profile return to the board as `identity` (client/net/identity.ts). */
export const storedIdentity = (boardId: string, identity: Identity) =>
  `try { localStorage.setItem(${JSON.stringify(`onaji:identity:${boardId}`)}, ${JSON.stringify(JSON.stringify(identity))}); } catch {}`;

// ── the baseline page and its server ─────────────────────────────────────────

export type PagesServer = {
  url: string;
  /** Sends to every baseline page connected to `/relay`. */
  broadcast: (text: string) => void;
  clients: () => number;
  close: () => Promise<void>;
};

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8' };

/**
 * bench/pages/ and `/board.json` (the same join answer the real server sends) from 127.0.0.1,
 * with a WebSocket at `/relay` through which the baseline receives its remote updates.
 */
export async function servePages(boardJson: string): Promise<PagesServer> {
  const body = Buffer.from(boardJson);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/board.json') {
      res.writeHead(200, { 'content-type': TYPES['.json']!, 'content-length': body.length, 'cache-control': 'no-store' });
      return res.end(body);
    }
    const file = path.join(PAGES_DIR, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(PAGES_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const data = readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': data.length, 'cache-control': 'no-store' });
    res.end(data);
  });
  const wss = new WebSocketServer({ server, path: '/relay' });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    broadcast: (text) => {
      for (const ws of sockets) ws.send(text);
    },
    clients: () => sockets.size,
    close: () =>
      new Promise<void>((r) => {
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

// ── remote ops ───────────────────────────────────────────────────────────────

/** Counts every remote move of the run, so that no round repeats another's moves (a move to where a note already is changes nothing). */
let movesSoFar = 0;

/**
 * Sends `rate` ops a second on a fixed schedule (open loop: late ticks catch up) until stopped.
 * Each op moves one note (never `skip`) a little away from where it was written, to a spot it
 * was not at before, as another participant nudging notes would.
 */
export function remoteMoves(opts: { rate: number; noteIds: string[]; skip: string; send: (op: { opId: string; type: 'note.move'; moves: { id: string; x: number; y: number }[] }) => void }) {
  const ids = opts.noteIds.filter((id) => id !== opts.skip);
  const home = new Map(ids.map((id) => [id, noteAt(Number(id.slice(5)))]));
  let sent = 0;
  const t0 = performance.now();
  const tick = () => {
    const due = Math.floor(((performance.now() - t0) / 1000) * opts.rate);
    for (let guard = 0; sent < due && guard < opts.rate; guard++) {
      const k = movesSoFar++;
      sent++;
      const id = ids[(k * 7919) % ids.length]!;
      const h = home.get(id)!;
      opts.send({ opId: opId('remote'), type: 'note.move', moves: [{ id, x: h.x + ((k * 13) % 41) - 20, y: h.y + ((k * 7) % 31) - 15 }] });
    }
  };
  const timer = opts.rate > 0 ? setInterval(tick, 5) : undefined;
  return {
    get sent() {
      return sent;
    },
    stop() {
      clearInterval(timer);
      return sent;
    },
  };
}

// ── frame figures ────────────────────────────────────────────────────────────

export type FrameSummary = { frames: number; p50: number; p95: number; p99: number; max: number; over50: number; mean: number };

export function frameSummary(deltas: number[]): FrameSummary {
  const s = Float64Array.from(deltas).sort();
  const sum = deltas.reduce((a, b) => a + b, 0);
  return {
    frames: s.length,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s.length ? s[s.length - 1]! : NaN,
    over50: deltas.filter((d) => d > 50).length,
    mean: s.length ? sum / s.length : NaN,
  };
}

/**
 * Frame times from a Chromium trace of the measured window, at the display's 60 Hz. The page's
 * requestAnimationFrame loop (bench/pages/frames.js) asks for a frame at every vsync and marks
 * the window (`performance.mark`); each frame runs from one `ProxyMain::BeginMainFrame` on the
 * page's main thread to the next, and its time is how long the main thread was busy in it: every
 * task (`ThreadControllerImpl::RunTask`: socket messages, input, timers, React's work, the
 * animation-frame callbacks, style, paint, the canvas flush). A frame that fits the vsync
 * interval costs what it used of it (10 ms of work in a 16.7 ms frame is 10 ms); a task that
 * overruns it delays the next frame, and the frame's time is then the whole stretch.
 * Also returned: the same with thread CPU time (without the time other processes took the core),
 * and the intervals between frames (what the rAF loop itself sees, quantised to vsyncs).
 */
export const FRAME_TRACE_CATEGORIES = ['toplevel', 'benchmark', 'blink.user_timing'];

type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };

export function framesFromTrace(trace: Buffer | string, marks = { start: 'bench-window-start', end: 'bench-window-end' }) {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mains = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  const markAt = (name: string) => events.find((e) => e.name === name && e.cat.includes('blink.user_timing'))?.ts;
  const start = markAt(marks.start);
  const end = markAt(marks.end);
  // The page's main thread: the renderer main thread that holds the marks.
  const owner = events.find((e) => e.name === marks.start && e.cat.includes('blink.user_timing'));
  const key = owner ? `${owner.pid}:${owner.tid}` : [...mains][0];
  if (start === undefined || end === undefined || !key) return null;
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X');
  const bmf = onMain
    .filter((e) => e.name === 'ProxyMain::BeginMainFrame' && e.ts >= start && e.ts <= end)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  // Outermost tasks only (a nested run loop's tasks are inside their parent's time).
  const tasks: { ts: number; end: number; cpu: number }[] = [];
  for (const e of onMain.filter((x) => x.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts)) {
    const last = tasks.at(-1);
    const t = { ts: e.ts, end: e.ts + (e.dur ?? 0), cpu: e.tdur ?? e.dur ?? 0 };
    if (last && t.ts < last.end) continue;
    tasks.push(t);
  }
  const busy: number[] = [];
  const cpu: number[] = [];
  const intervals: number[] = [];
  let j = 0;
  for (let i = 0; i + 1 < bmf.length; i++) {
    const a = bmf[i]!;
    const b = bmf[i + 1]!;
    while (j < tasks.length && tasks[j]!.end <= a) j++;
    let wall = 0;
    let thread = 0;
    for (let k = j; k < tasks.length && tasks[k]!.ts < b; k++) {
      const t = tasks[k]!;
      const overlap = Math.min(b, t.end) - Math.max(a, t.ts);
      if (overlap <= 0) continue;
      wall += overlap;
      thread += t.end > t.ts ? (t.cpu * overlap) / (t.end - t.ts) : 0;
    }
    busy.push(wall / 1000);
    cpu.push(thread / 1000);
    intervals.push((b - a) / 1000);
  }
  return { busy, cpu, intervals, windowMs: (end - start) / 1000 };
}

export const fmtMs = (x: number) => (Number.isFinite(x) ? x.toFixed(x < 10 ? 2 : 1) : 'n/a');
