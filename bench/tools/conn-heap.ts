import path from 'node:path';
import { killChildrenOnExit, RESULTS_DIR, startServer, type ServerKind } from '../lib/children.js';
import { closeAllClients, connectMany, SioClient } from '../lib/clients.js';
import { createBoard, join } from '../lib/onaji.js';
import { sleep } from '../lib/stats.js';
import { heapDiff } from './heap-diff.js';

/**
 * Where a server's per-connection heap goes: heap snapshots before and after N browser-like
 * connections join boards, diffed by constructor.
 * `npx tsx bench/tools/conn-heap.ts [onaji|sio-relay] [N]` (BENCH_* flags apply as in the run).
 */
killChildrenOnExit();
const kind = (process.argv[2] ?? 'onaji') as ServerKind;
const n = Number(process.argv[3] ?? 300);
const server = await startServer(kind);
try {
  const boards = kind === 'onaji' ? await Promise.all(Array.from({ length: 6 }, () => createBoard(server.url))) : [];
  const connectOne = async (i: number) => {
    const c = await SioClient.connect(server.port, { viaPolling: true });
    if (kind === 'onaji') await join(c, boards[i % boards.length]!.id, i);
    else await c.request('join', `board-${i % 6}`);
    return c;
  };
  for (const c of await connectMany(12, connectOne, 6)) c.close();
  await sleep(6_000);
  const before = path.join(RESULTS_DIR, `${kind}-before.heapsnapshot`);
  const after = path.join(RESULTS_DIR, `${kind}-after.heapsnapshot`);
  await server.heapSnapshot(before);
  await connectMany(n, connectOne, 10);
  await sleep(6_000); // past Node's 5 s keepAliveTimeout, so polling handshakes' HTTP connections are closed
  await server.heapSnapshot(after);
  console.log(`${kind}, per connection:\n${heapDiff(before, after, n)}`);
} finally {
  closeAllClients();
  await server.stop();
}
