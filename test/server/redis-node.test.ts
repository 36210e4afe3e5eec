import { readdir } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import { spawnServer, waitExit, type ServerProcess } from '../helpers/process.js';
import { createClient } from 'redis';
import { redisKeys } from '../../server/store/redis-scripts.js';
import { requireRedisServer, startRedis, type TestRedis } from '../helpers/redis.js';
import { createBoard, opId, Peer, removeDir, tempDir } from '../helpers/server.js';

// [RS1][RS5] The server as `npm start` runs it, with REDIS_URL: one node whose boards live in a
// real redis-server. Killed with -9 and started again, it finds every board as it was.

let redis: TestRedis;
let dataDir: string;
beforeAll(async () => {
  redis = await startRedis();
  dataDir = await tempDir();
});
afterAll(async () => {
  await redis?.dispose();
  if (dataDir) await removeDir(dataDir);
});

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function nodeProcess(): Promise<ServerProcess> {
  const s = await spawnServer(dataDir, { REDIS_URL: redis.url });
  cleanup.push(async () => {
    s.child.kill('SIGKILL');
    await waitExit(s.child);
  });
  return s;
}

function peer(url: string): Peer {
  const p = new Peer(url);
  cleanup.unshift(() => p.close());
  return p;
}

describe('one node on Redis', () => {
  it('[RS5] REDIS_URL selects Redis; without it the file store stays; a URL that is not redis:// is refused at start', () => {
    expect(readConfig({}).redisUrl).toBeNull();
    expect(readConfig({ REDIS_URL: '' }).redisUrl).toBeNull();
    expect(readConfig({ REDIS_URL: 'redis://10.0.0.5:6379' }).redisUrl).toBe('redis://10.0.0.5:6379');
    expect(() => readConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });

  it('[RS1][RS5][O3] a board created, joined by code and written to survives kill -9 of the node; DATA_DIR is not used', { timeout: 180_000 }, async () => {
    const first = await nodeProcess();
    // The lines after `local:` come in the same write or later ones; the persistence check after Redis answers.
    await expect.poll(() => first.output(), { timeout: 30_000 }).toContain(`data:    Redis at ${redis.url}`);
    await expect.poll(() => first.output(), { timeout: 30_000 }).toContain('acknowledged change survives a Redis crash');
    const b = await createBoard(first.url, { title: '地域の未来会議' });
    const found = (await (await fetch(`${first.url}/api/join/${b.code}`)).json()) as { id: string };
    expect(found.id).toBe(b.id);

    const f = peer(first.url);
    expect((await f.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey })).ok).toBe(true);
    const p = peer(first.url);
    const joined = await p.join({ boardId: found.id, name: '市民A', affiliation: 'citizen' });
    if (!joined.ok) throw new Error(JSON.stringify(joined));
    const notes = ['公園の清掃', '子ども食堂', '防災訓練'];
    for (const [i, text] of notes.entries()) expect((await p.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}`, text, x: i * 200, y: 50 } })).ok).toBe(true);
    const last = { opId: opId(), type: 'note.update', id: 'n_0', patch: { text: '公園の清掃（毎月）' } };
    const lastAck = await p.send(last);
    expect(lastAck.ok).toBe(true);
    expect((await f.send({ opId: opId(), type: 'board.update', title: '地域の未来会議 第2回' })).ok).toBe(true);

    first.child.kill('SIGKILL');
    await waitExit(first.child);
    f.close();
    p.close();

    const second = await nodeProcess();
    const again = (await (await fetch(`${second.url}/api/join/${b.code}`)).json()) as { id: string };
    expect(again.id).toBe(b.id);
    const back = peer(second.url);
    const ack = await back.join({ boardId: b.id, name: '市民A', participant: { id: joined.you.id, secret: joined.you.secret } });
    if (!ack.ok || !('board' in ack)) throw new Error(JSON.stringify(ack));
    expect(ack.board.title).toBe('地域の未来会議 第2回');
    expect(ack.board.notes.map((n) => n.text).sort()).toStrictEqual(['公園の清掃（毎月）', '子ども食堂', '防災訓練'].sort());
    // The resend of an op acknowledged before the kill is answered as before, not applied again.
    expect(await back.send(last)).toStrictEqual(lastAck);
    // Nothing was written to DATA_DIR: Redis holds the boards.
    expect(await readdir(dataDir)).toStrictEqual([]);

    // A graceful stop folds the stream into the document (L13, RS3).
    back.close();
    second.child.kill('SIGTERM');
    expect(await waitExit(second.child)).toBe(0);
    const raw = createClient({ url: redis.url });
    await raw.connect();
    cleanup.push(() => raw.close());
    const keys = redisKeys('onaji:');
    expect(await raw.xLen(keys.log(b.id))).toBe(0);
    expect(Number(await raw.hGet(keys.board(b.id), 'folded'))).toBe(Number(await raw.hGet(keys.board(b.id), 'head')));
  });

  it('[RS1] a machine without redis-server fails these tests loudly instead of skipping them', () => {
    expect(() => requireRedisServer('/nonexistent/redis-server')).toThrow(/apt-get install redis-server/);
  });
});
