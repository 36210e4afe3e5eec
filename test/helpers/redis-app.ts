import { afterAll, afterEach, beforeAll } from 'vitest';
import { startRedis, type TestRedis } from './redis.js';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/app.js';
import type { CompactionPolicy } from '../../server/rooms/compaction.js';
import type { ServerLimits } from '../../server/limits.js';
import { silentLog, systemClock, type Log } from '../../server/log.js';
import { RedisStore } from '../../server/store/redis-store.js';
import { FLOOD_ALLOWED } from './server.js';

export type RedisApp = {
  app: App;
  url: string;
  store: RedisStore;
  /** A graceful stop: acks settle, logs are folded, the Redis connection closes. */
  stop: () => Promise<void>;
  /** Like kill -9 of the node: no flush, no fold; only what Redis holds survives. */
  crash: () => Promise<void>;
};

let prefixes = 0;
/** A key prefix of its own per test, so tests sharing one redis-server never see each other's boards. */
export const freshPrefix = () => `t${process.pid}_${++prefixes}:`;

/** A real createApp on port 0 whose boards live in Redis at `url` under `prefix`. */
export async function startRedisApp(redisUrl: string, prefix: string, opts: { log?: Log; compaction?: CompactionPolicy; snapshotBytesPerBoard?: number; commandTimeoutMs?: number; limits?: Partial<ServerLimits> } = {}): Promise<RedisApp> {
  const log = opts.log ?? silentLog;
  const store = await RedisStore.open(redisUrl, log, { prefix, snapshotBytesPerBoard: opts.snapshotBytesPerBoard, commandTimeoutMs: opts.commandTimeoutMs });
  const app = createApp({ store, clock: systemClock, log, limits: { ...FLOOD_ALLOWED, ...opts.limits }, compaction: opts.compaction });
  await new Promise<void>((r) => app.http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  let done = false;
  return {
    app,
    url,
    store,
    stop: async () => {
      if (done) return;
      done = true;
      await app.close();
      await new Promise<void>((r) => app.http.close(() => r()));
    },
    crash: async () => {
      if (done) return;
      done = true;
      app.io.close();
      app.http.close();
      await store.close();
    },
  };
}

/**
 * One real redis-server for a test file, and a list of things each test made to undo after it
 * (nodes, sockets): read `world.redis` inside tests, push undo steps into `world.cleanup`.
 */
export function redisWorld() {
  const world = { cleanup: [] as (() => Promise<unknown> | void)[] } as { redis: TestRedis; cleanup: (() => Promise<unknown> | void)[] };
  beforeAll(async () => {
    world.redis = await startRedis();
  });
  afterAll(async () => {
    await world.redis?.dispose();
  });
  afterEach(async () => {
    for (const fn of world.cleanup.splice(0)) await fn();
  });
  return world;
}
