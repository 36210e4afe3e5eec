import { startServer, type ServerChild } from '../lib/children.js';
import { closeAllClients, SioClient } from '../lib/clients.js';
import { createBoard, join, noteAdd, send } from '../lib/onaji.js';
import { quantile, sleep } from '../lib/stats.js';
import { atMost, row, type Benchmark, type RunOpts } from '../lib/types.js';

const MB = 1024 * 1024;
/** The server's heap budget (`--max-old-space-size`), and the boards it keeps in memory. */
const HEAP_MB = 256;
const BOARDS_IN_MEMORY = 8;
/** The attack was 205 imports of 10 MiB; this is the same shape, scaled to fit a bench run. */
const SIZE = 4 * MB;
const AT_ONCE = 6;
const PROBE_MS = 50;

/**
 * P9: one address imports large snapshots, six at a time, at a server with a heap budget; a
 * health check probes it all along. Heap peak (sampled every 100 ms) and /healthz latency during
 * the flood, against the same server idle just before (BU1, BU2).
 */
export const p9: Benchmark = {
  id: 'P9',
  name: 'import flood: server heap peak and /healthz latency',
  budgetMs: { quick: 180_000, full: 600_000 },
  async run(opts) {
    const imports = opts.quick ? 24 : 60;
    const server = await startServer('onaji', { env: { BENCH_BOARDS_IN_MEMORY: String(BOARDS_IN_MEMORY) }, nodeFlags: [`--max-old-space-size=${HEAP_MB}`] });
    try {
      const body = await snapshotOf(server, SIZE);
      const idle = await probe(server, () => sleep(5_000));
      const idleHeap = (await server.stats({ gc: true })).mem.heapUsed;
      let made = 0;
      let refused = 0;
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, (await server.stats()).mem.heapUsed);
          await sleep(100);
        }
      })();
      const t0 = performance.now();
      const flood = await probe(server, async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: AT_ONCE }, async () => {
            while (next < imports) {
              next++;
              const res = await fetch(`${server.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
              await res.arrayBuffer();
              if (res.status === 201) made++;
              else if (res.status === 429) refused++;
              else throw new Error(`import answered ${res.status}`);
            }
          }),
        );
      });
      const seconds = (performance.now() - t0) / 1000;
      sampling = false;
      await sampler;
      opts.log(`  P9: ${made} imports made, ${refused} refused (429) in ${seconds.toFixed(1)} s; heap peak ${(peak / MB).toFixed(0)} MB`);
      const note = `${imports} imports of ${(Buffer.byteLength(body) / MB).toFixed(1)} MiB, ${AT_ONCE} at a time from one address (${made} made, ${refused} refused 429, ${seconds.toFixed(1)} s); server --max-old-space-size=${HEAP_MB}, IMPORTS_AT_ONCE=2, MAX_BOARDS_IN_MEMORY=${BOARDS_IN_MEMORY}; /healthz every ${PROBE_MS} ms: idle ${idle.length} probes, flood ${flood.length}`;
      return [
        row({ id: 'P9-heap', name: 'server heap peak during an import flood', value: peak / MB, unit: 'MB', baseline: idleHeap / MB, goal: atMost(HEAP_MB, 'MB'), note: `baseline: the same server idle (after GC) before the flood; ${note}` }),
        row({ id: 'P9-health-p50', name: '/healthz latency p50 during an import flood', value: q(flood, 0.5), unit: 'ms', baseline: q(idle, 0.5), goal: atMost(100, 'ms'), note: 'baseline: the same probe on the idle server, same run' }),
        row({ id: 'P9-health-p99', name: '/healthz latency p99 during an import flood', value: q(flood, 0.99), unit: 'ms', baseline: q(idle, 0.99), goal: atMost(100, 'ms'), note: 'baseline: the same probe on the idle server, same run' }),
      ];
    } finally {
      closeAllClients();
      await server.stop();
    }
  },
};

const q = (xs: number[], p: number) => quantile([...xs].sort((a, b) => a - b), p);

/** /healthz round trips (ms), one every PROBE_MS, for as long as `during` runs. */
async function probe(server: ServerChild, during: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      const t = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      times.push(performance.now() - t);
      await sleep(PROBE_MS);
    }
  })();
  try {
    await during();
  } finally {
    on = false;
    await loop;
  }
  return times;
}

/** A real export of a one-note board, its note copied with long texts to about `bytes`. */
async function snapshotOf(server: ServerChild, bytes: number): Promise<string> {
  const b = await createBoard(server.url, '取り込み');
  const c = await SioClient.connect(server.port);
  await join(c, b.id, 0);
  await send(c, noteAdd('n_0', 0));
  c.close();
  const res = await fetch(`${server.url}/api/boards/${b.id}/export?format=json`, { headers: { authorization: `Bearer ${b.facilitatorKey}` } });
  const snap = (await res.json()) as { board: { notes: Record<string, Record<string, unknown>> } };
  const seed = snap.board.notes['n_0']!;
  const text = '取り込みの中身'.repeat(280).slice(0, 1_900);
  const count = Math.min(4_900, Math.ceil(bytes / (text.length * 3 + 200)));
  const notes: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const id = `n_${i.toString().padStart(4, '0')}`;
    notes[id] = { ...seed, id, text: `${i} ${text}`, x: (i % 70) * 210, y: Math.floor(i / 70) * 150 };
  }
  return JSON.stringify({ ...snap, board: { ...snap.board, notes } });
}
