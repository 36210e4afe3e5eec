import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.js';
import { consoleLog, systemClock, type Log } from '../../server/log.js';
import type { CompactionPolicy } from '../../server/rooms/compaction.js';

/** The rule before sizes were weighed: every 500 ops, whatever the board (kept for comparisons). */
const COMPACTION_BY_COUNT: CompactionPolicy = { logToDoc: Infinity, minLogChars: 0, maxOps: 500, idleMs: 0, idleOps: 0 };
import { FileStore } from '../../server/store/file-store.js';
import { dropRequests, flag, perMessageDeflate, serveParent } from './ipc.js';

/**
 * The real server: createApp with a FileStore, as server/index.ts builds it, on BENCH_DATA_DIR
 * (which the harness makes and removes) or else a temporary directory of its own.
 *
 * Flags that change it from the outside, to measure what a part costs or what an option buys:
 * - BENCH_NO_DISK=1   op log appends, compactions and checkpoints resolve at once (no write, no sync)
 * - BENCH_COMPACT=0   appends are durable as usual, but the log is never folded into the document
 * - BENCH_COMPACT=500 the log is folded every 500 ops, whatever its size (the rule before COMPACTION)
 * - BENCH_PMD=1|N     engine.io's perMessageDeflate on (threshold 1024 bytes, or N)
 * - BENCH_DROP_REQUEST=1  engine.io forgets each connection's first HTTP request (socket.io's memory advice)
 *                       (=3 also the upgrade's request; for the relay, see ipc.ts)
 * - BENCH_DEFAULT_LIMITS=1 keep the server's rate and connection limits (lifted otherwise)
 * - BENCH_BOARDS_IN_MEMORY=N  boards kept in memory (MAX_BOARDS_IN_MEMORY); the default budget otherwise
 */
const keep = process.env.BENCH_DATA_DIR;
const dataDir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'onaji-bench-')));
// Warnings and errors still reach the bench log; info lines would only cost time.
const log: Log = { ...consoleLog, info: () => {} };
const store = await FileStore.open(dataDir, log);
if (flag('BENCH_NO_DISK')) {
  store.append = () => Promise.resolve();
  store.saveSnapshot = () => Promise.resolve();
}
if (flag('BENCH_NO_DISK')) store.compact = () => Promise.resolve();
// The benchmarks measure capacity, so the per-socket and per-address policy limits (30 ops/s per
// socket, 400 connections per address, …) are lifted; every client here shares 127.0.0.1.
// BENCH_DEFAULT_LIMITS=1 keeps them, to see what a client sending that fast would be told.
const unlimited = { opsPerSecond: 1e6, opBurst: 1e6, joinsPerSecond: 1e6, joinBurst: 1e6, connectionsPerAddress: 1e6, boardsPerMinute: 1e6 };
const inMemory = Number(process.env.BENCH_BOARDS_IN_MEMORY) || undefined;
const limits = { ...(flag('BENCH_DEFAULT_LIMITS') ? {} : unlimited), ...(inMemory ? { boardsInMemory: inMemory } : {}) };
// Never folding is a policy rather than a store that ignores the fold: the store would then keep
// counting the log as unfolded, and the room would ask for a fold after every op.
const NEVER: CompactionPolicy = { logToDoc: Infinity, minLogChars: 0, maxOps: Infinity, idleMs: 0, idleOps: 0 };
const compaction = process.env.BENCH_COMPACT === '500' ? COMPACTION_BY_COUNT : process.env.BENCH_COMPACT === '0' ? NEVER : undefined;
const app = createApp({ store, clock: systemClock, log, limits, compaction });

const pmd = perMessageDeflate();
if (pmd) {
  // createApp does not take engine options; rebuild engine.io's ws server with compression on.
  const engine = app.io.engine as unknown as { opts: { perMessageDeflate: unknown }; init: () => void };
  engine.opts.perMessageDeflate = pmd;
  engine.init();
}
if (flag('BENCH_DROP_REQUEST')) dropRequests(app.io);

app.http.listen(0, '127.0.0.1', () => {
  serveParent((app.http.address() as AddressInfo).port, async () => {
    await app.close();
    await new Promise<void>((r) => app.http.close(() => r()));
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  });
});
