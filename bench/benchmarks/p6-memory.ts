import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asGenerator, startServer, type ServerKind, type ServerStats } from '../lib/children.js';
import { closeAllClients, connectMany, RelayClient, SioClient } from '../lib/clients.js';
import { createBoard, join, noteAdd, send } from '../lib/onaji.js';
import { median, sleep, spread } from '../lib/stats.js';
import { atMost, row, type Benchmark, type RunOpts } from '../lib/types.js';

const KB = 1024;
const MB = 1024 * 1024;
const CONNECTIONS = 1_000;
/** 50 people per board, a large workshop; the participant limit is 300. */
const BOARDS_FOR_CONNECTIONS = 20;
const NOTES = 1_000;
const IDLE_MS = 6_000;

/** P6: what the server holds per idle connection and per board of 1,000 notes (heap after full GCs). */
export const p6: Benchmark = {
  id: 'P6',
  name: 'server heap per idle connection and per 1,000-note board',
  budgetMs: { quick: 150_000, full: 600_000 },
  async run(opts) {
    return asGenerator(async () => {
      const rounds = opts.quick ? 1 : 3;
      const conn: Record<ServerKind, Mem[]> = { onaji: [], 'sio-relay': [], 'ws-relay': [] };
      for (let r = 0; r < rounds; r++)
        for (const kind of ['sio-relay', 'onaji', 'ws-relay'] as const) conn[kind].push(await perConnection(kind, opts));
      const boards = await perBoard(opts.quick ? 2 : 5, opts);
      const heap = (k: ServerKind) => conn[k].map((m) => m.heap / KB);
      const ext = (k: ServerKind) => conn[k].map((m) => m.external / KB);
      return [
        row({
          id: 'P6-conn',
          name: `server heap per idle connection (${CONNECTIONS} joined, ${BOARDS_FOR_CONNECTIONS} boards)`,
          value: median(heap('onaji')),
          unit: 'KB',
          baseline: median(heap('sio-relay')),
          goal: atMost(10, 'KB'),
          note:
            `baseline: the socket.io relay, sockets in rooms; heapUsed KB/connection onaji ${spread(heap('onaji'))}, socket.io relay ${spread(heap('sio-relay'))}, ws relay ${spread(heap('ws-relay'))}; ` +
            `external+arrayBuffers KB/connection onaji ${spread(ext('onaji'))}, socket.io relay ${spread(ext('sio-relay'))}; ` +
            `clients connect as a browser does (long-polling handshake, then upgrade to WebSocket); ` +
            `onaji's figure includes each joined participant's record, log entry and remembered opId; 1 KB = 1,024 bytes`,
        }),
        row({
          id: 'P6-board',
          name: `server heap per board of ${NOTES} notes (built live via note.add)`,
          value: boards.live / MB,
          unit: 'MB',
          baseline: boards.json / MB,
          goal: atMost(2, 'MB'),
          note:
            `baseline: the board's JSON document on disk (so the ratio is heap bytes per byte of board data); ` +
            `live ${spread(boards.liveEach.map((x) => x / MB))} MB per board (includes the recent-op ring and remembered opIds), ` +
            `loaded from disk after a restart ${(boards.loaded / MB).toFixed(2)} MB per board; ${boards.count} boards`,
        }),
      ];
    });
  },
};

type Mem = { heap: number; external: number };
const delta = (a: ServerStats, b: ServerStats, n: number): Mem => ({
  heap: (b.mem.heapUsed - a.mem.heapUsed) / n,
  external: (b.mem.external + b.mem.arrayBuffers - a.mem.external - a.mem.arrayBuffers) / n,
});

async function perConnection(kind: ServerKind, opts: RunOpts): Promise<Mem> {
  const server = await startServer(kind);
  try {
    const boards: string[] = [];
    if (kind === 'onaji') for (let i = 0; i < BOARDS_FOR_CONNECTIONS; i++) boards.push((await createBoard(server.url)).id);
    const connectOne = async (i: number) => {
      if (kind === 'ws-relay') return RelayClient.connect(server.port);
      const c = await SioClient.connect(server.port, { viaPolling: true });
      if (kind === 'onaji') await join(c, boards[i % boards.length]!, i);
      else await c.request('join', `board-${i % BOARDS_FOR_CONNECTIONS}`);
      return c;
    };
    // Warm up: one connection per board comes and goes, so code and rooms exist before the first figure.
    const warm = await connectMany(BOARDS_FOR_CONNECTIONS, connectOne, 10);
    for (const c of warm) c.close();
    await sleep(300);
    const before = await server.stats({ gc: true });
    const t0 = performance.now();
    await connectMany(CONNECTIONS, connectOne, 10);
    const joinMs = performance.now() - t0;
    // Idle means idle: presence lists have gone out and the server has closed the HTTP keep-alive
    // connections of the long-polling handshakes (Node's keepAliveTimeout is 5 s).
    await sleep(IDLE_MS);
    const after = await server.stats({ gc: true });
    const m = delta(before, after, CONNECTIONS);
    opts.log(`  P6 ${kind}: ${CONNECTIONS} connections in ${(joinMs / 1000).toFixed(1)} s, heap ${(m.heap / KB).toFixed(2)} KB each, external ${(m.external / KB).toFixed(2)} KB each`);
    return m;
  } finally {
    closeAllClients();
    await server.stop();
  }
}

async function perBoard(count: number, opts: RunOpts) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'onaji-bench-p6-'));
  const env = { BENCH_DATA_DIR: dataDir };
  try {
    const ids: string[] = [];
    const liveEach: number[] = [];
    const server = await startServer('onaji', { env });
    let warmId: string;
    try {
      warmId = (await buildBoard(server.url, server.port, 50)).id;
      closeAllClients();
      let last = await server.stats({ gc: true });
      for (let b = 0; b < count; b++) {
        const built = await buildBoard(server.url, server.port, NOTES);
        ids.push(built.id);
        closeAllClients();
        await sleep(200);
        const now = await server.stats({ gc: true });
        liveEach.push(now.mem.heapUsed - last.mem.heapUsed);
        last = now;
        opts.log(`  P6 board ${b + 1}/${count}: ${NOTES} notes in ${(built.ms / 1000).toFixed(1)} s, heap +${(liveEach.at(-1)! / MB).toFixed(2)} MB`);
      }
    } finally {
      closeAllClients();
      await server.stop(); // folds each op log into its document
    }
    let json = 0;
    for (const id of ids) json += (await stat(path.join(dataDir, 'boards', `${id}.json`))).size;

    const again = await startServer('onaji', { env });
    let loaded: number;
    try {
      await fetch(`${again.url}/api/boards/${warmId}`);
      const before = await again.stats({ gc: true });
      for (const id of ids) await fetch(`${again.url}/api/boards/${id}`);
      const after = await again.stats({ gc: true });
      loaded = (after.mem.heapUsed - before.mem.heapUsed) / ids.length;
    } finally {
      await again.stop();
    }
    return { count, live: median(liveEach), liveEach, loaded, json: json / ids.length };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** One participant writes `notes` notes through the real protocol, 50 in flight. */
async function buildBoard(url: string, port: number, notes: number) {
  const t0 = performance.now();
  const board = await createBoard(url);
  const c = await SioClient.connect(port);
  await join(c, board.id, 0);
  let next = 0;
  const worker = async () => {
    while (next < notes) {
      const i = next++;
      await send(c, noteAdd(`note_${i}`, i));
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  c.close();
  return { id: board.id, ms: performance.now() - t0 };
}
