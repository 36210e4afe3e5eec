import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.js';
import { consoleLog, systemClock, type Log } from '../../server/log.js';
import { FileStore } from '../../server/store/file-store.js';
import { serveParent } from '../servers/ipc.js';

/**
 * The real server for the client benchmarks (P4, P5), run as a child process: `createApp` with a
 * `FileStore` on BENCH_DATA_DIR, as server/index.ts builds it, and also serving the built client
 * from BENCH_STATIC_DIR (dist/client), so that Chromium loads page, API and socket from one
 * origin exactly as a participant's browser does. The policy limits are lifted as in
 * bench/servers/onaji.ts: the remote ops of P5 come from one generator socket at 200 ops/s, and
 * the 2,000 notes of the board are written by one socket as fast as the server takes them.
 */
const keep = process.env.BENCH_DATA_DIR;
const dataDir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'onaji-bench-browser-')));
const staticDir = process.env.BENCH_STATIC_DIR;
const log: Log = { ...consoleLog, info: () => {} };
const store = await FileStore.open(dataDir, log);
const unlimited = { opsPerSecond: 1e6, opBurst: 1e6, joinsPerSecond: 1e6, joinBurst: 1e6, connectionsPerAddress: 1e6, boardsPerMinute: 1e6 };
const app = createApp({ store, clock: systemClock, log, limits: unlimited, ...(staticDir ? { staticDir } : {}) });

app.http.listen(0, '127.0.0.1', () => {
  serveParent((app.http.address() as AddressInfo).port, async () => {
    await app.close();
    await new Promise<void>((r) => app.http.close(() => r()));
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  });
});
