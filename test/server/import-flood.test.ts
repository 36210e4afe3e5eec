import { describe, expect, it } from 'vitest';
import { spawnServer, waitExit } from '../helpers/process.js';
import { removeDir, tempDir } from '../helpers/server.js';
import { largeSnapshot } from './import-flood.fixtures.js';

/**
 * The attack, scaled down in the same shape: one address imports large snapshots as fast as its
 * rate limit allows (60 new boards a minute). Without unloading and without parsing off the main
 * thread, 205 imports of 10 MiB killed a server with a 4 GB heap; here 50 imports of 3 MiB go at a
 * server whose heap is capped at 128 MB, six at a time.
 */
const IMPORTS = 50;
const SIZE = 3 * 1024 * 1024;
const HEAP_MB = 128;
const AT_ONCE = 6;

describe('import flood', () => {
  it('[BU1][BU2] a real server with a heap budget survives an import flood and answers /healthz throughout', async () => {
    const body = await largeSnapshot(SIZE);
    expect(Buffer.byteLength(body)).toBeGreaterThan(SIZE * 0.9);
    const dataDir = await tempDir();
    const srv = await spawnServer(dataDir, { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`, MAX_BOARDS_IN_MEMORY: '4', IMPORTS_AT_ONCE: '2' });
    try {
      let flooding = true;
      const health: number[] = [];
      const prober = (async () => {
        while (flooding) {
          health.push((await fetch(`${srv.url}/healthz`)).status);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const statuses: number[] = [];
      const refusals: unknown[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: AT_ONCE }, async () => {
          while (next < IMPORTS) {
            next++;
            const res = await fetch(`${srv.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
            statuses.push(res.status);
            if (res.status === 201) await res.arrayBuffer();
            else refusals.push({ status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() });
          }
        }),
      );
      flooding = false;
      await prober;

      expect(srv.child.exitCode).toBeNull();
      expect(srv.output()).not.toMatch(/heap out of memory/i);
      // Every import was made, or refused clearly for being one too many at once.
      expect(statuses.length).toBe(IMPORTS);
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(IMPORTS / 2);
      for (const r of refusals) expect(r).toMatchObject({ status: 429, retryAfter: '5', body: { error: { code: 'rate_limited' } } });
      expect(health.length).toBeGreaterThan(5);
      expect(health.every((s) => s === 200)).toBe(true);
    } finally {
      srv.child.kill('SIGTERM');
      await waitExit(srv.child);
      await removeDir(dataDir);
    }
  }, 300_000);
});
