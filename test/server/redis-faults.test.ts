import { describe, expect, it } from 'vitest';
import type { OpAck } from '../../shared/protocol.js';
import type { BoardView } from '../../shared/view.js';
import { freshPrefix, redisWorld, startRedisApp, type RedisApp } from '../helpers/redis-app.js';
import { createBoard, opId, Peer } from '../helpers/server.js';

// [RS1][RS4] Faults of Redis itself: kill -9 and a restart on the same AOF lose nothing that was
// acknowledged; while Redis is away every change is refused at once with `unavailable`, the
// node stays up, and it takes changes again by itself once Redis is back.

const world = redisWorld();
const { cleanup } = world;

async function node(prefix: string, commandTimeoutMs?: number): Promise<RedisApp> {
  const n = await startRedisApp(world.redis.url, prefix, { commandTimeoutMs });
  cleanup.push(() => n.stop());
  return n;
}

function peer(url: string): Peer {
  const p = new Peer(url);
  cleanup.unshift(() => p.close());
  return p;
}

/** Join until the node can read the board again (Redis just came back). */
async function joinWhenBack(url: string, boardId: string): Promise<BoardView> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const p = peer(url);
    const ack = await p.join({ boardId, name: '確認', affiliation: 'citizen' });
    p.close();
    if (ack.ok && 'board' in ack) return ack.board;
    if (Date.now() > deadline) throw new Error(`board did not come back: ${JSON.stringify(ack)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const note = (id: string) => ({ opId: opId(), type: 'note.add', note: { id, text: id, x: 1, y: 1 } });

describe('Redis faults', () => {
  it('[RS1] kill -9 of Redis at 10 random points while a writer sends ops, then a restart on the same AOF: every acknowledged op is there', { timeout: 180_000 }, async () => {
    const prefix = freshPrefix();
    const n = await node(prefix);
    const b = await createBoard(n.url, { title: '停電' });
    const acked = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const w = peer(n.url);
      const joined = await w.join({ boardId: b.id, name: `W${round}`, affiliation: 'citizen' });
      expect(joined.ok).toBe(true);
      let stop = false;
      let k = 0;
      // Eight ops in flight at any time, so the kill lands between, inside and after writes.
      const writer = async (lane: number) => {
        while (!stop && w.socket.connected) {
          const id = `n_${round}_${lane}_${k++}`;
          const ack: OpAck = await w.send(note(id)).catch(() => ({ ok: false }) as OpAck);
          if (ack.ok) acked.add(id);
        }
      };
      const lanes = Array.from({ length: 8 }, (_, i) => writer(i));
      await new Promise((r) => setTimeout(r, 30 + Math.random() * 250));
      await world.redis.kill9();
      await new Promise((r) => setTimeout(r, 50));
      stop = true;
      await Promise.all(lanes);
      w.close();
      await world.redis.restart();
      const board = await joinWhenBack(n.url, b.id);
      const held = new Set(board.notes.map((x) => x.id));
      const lost = [...acked].filter((id) => !held.has(id));
      expect(lost).toStrictEqual([]);
    }
    expect(acked.size).toBeGreaterThan(10);
    // A fresh node reads the same from Redis alone.
    await n.crash();
    const fresh = await node(prefix);
    const board = await joinWhenBack(fresh.url, b.id);
    expect([...acked].filter((id) => !board.notes.some((x) => x.id === id))).toStrictEqual([]);
  });

  it('[RS4] while Redis is down ops, joins and HTTP writes are refused at once with unavailable, the node stays up, and Redis back means changes are taken again', async () => {
    const n = await node(freshPrefix());
    const b = await createBoard(n.url, { title: '断線' });
    const w = peer(n.url);
    const joined = await w.join({ boardId: b.id, name: 'W', affiliation: 'citizen' });
    if (!joined.ok) throw new Error('join');
    const me = { id: joined.you.id, secret: joined.you.secret };
    expect((await w.send(note('n_before'))).ok).toBe(true);

    await world.redis.stop();
    const pending = note('n_during');
    expect(await w.send(pending)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // The board's sockets are sent away to rejoin (L16); rejoining cannot read the board yet.
    await w.waitFor(() => !w.socket.connected);
    const back = peer(n.url);
    expect(await back.join({ boardId: b.id, name: 'W', participant: me })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const created = await fetch(`${n.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(created.status).toBe(503);
    expect(await created.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect((await fetch(`${n.url}/api/join/${b.code}`)).status).toBe(503);
    expect((await fetch(`${n.url}/api/boards/${b.id}`)).status).toBe(503);
    expect((await fetch(`${n.url}/healthz`)).status).toBe(200);

    await world.redis.restart();
    // The client rejoins as itself and sends its pending op again, same opId, until it is taken.
    const deadline = Date.now() + 20_000;
    let again = peer(n.url);
    let ack = await again.join({ boardId: b.id, name: 'W', participant: me });
    while (!ack.ok && Date.now() < deadline) {
      expect(ack).toMatchObject({ error: { code: 'unavailable' } });
      await new Promise((r) => setTimeout(r, 100));
      again = peer(n.url);
      ack = await again.join({ boardId: b.id, name: 'W', participant: me });
    }
    expect(ack.ok).toBe(true);
    const taken = await again.send(pending);
    expect(taken.ok).toBe(true);
    expect(await again.send(pending)).toStrictEqual(taken);
    expect((await again.send(note('n_after'))).ok).toBe(true);
    const board = await joinWhenBack(n.url, b.id);
    expect(board.notes.map((x) => x.id).sort()).toStrictEqual(['n_after', 'n_before', 'n_during']);
    expect((await createBoard(n.url)).code).toMatch(/^\d{6}$/);
  });

  it('[RS4] a paused Redis (SIGSTOP) that keeps the connection open refuses ops with unavailable after the command timeout, not never; resumed, ops are taken again', async () => {
    const n = await node(freshPrefix(), 400);
    const b = await createBoard(n.url, { title: '一時停止' });
    const w = peer(n.url);
    const joined = await w.join({ boardId: b.id, name: 'W', affiliation: 'citizen' });
    if (!joined.ok) throw new Error('join');
    const me = { id: joined.you.id, secret: joined.you.secret };
    world.redis.pause();
    try {
      const pending = note('n_paused');
      expect(await w.send(pending)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect((await fetch(`${n.url}/api/join/${b.code}`)).status).toBe(503);
      world.redis.resume();
      const deadline = Date.now() + 20_000;
      let again = peer(n.url);
      let ack = await again.join({ boardId: b.id, name: 'W', participant: me });
      while (!ack.ok && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        again = peer(n.url);
        ack = await again.join({ boardId: b.id, name: 'W', participant: me });
      }
      expect(ack.ok).toBe(true);
      // The write may have landed while Redis was paused: either way it is there once.
      const taken = await again.send(pending);
      expect(taken.ok).toBe(true);
      const board = await joinWhenBack(n.url, b.id);
      expect(board.notes.filter((x) => x.id === 'n_paused')).toHaveLength(1);
    } finally {
      world.redis.resume();
    }
  });
});
