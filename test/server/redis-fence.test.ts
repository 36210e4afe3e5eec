import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import type { JoinAck, OpAck } from '../../shared/protocol.js';
import { redisKeys } from '../../server/store/redis-scripts.js';
import { freshPrefix, redisWorld, startRedisApp, type RedisApp } from '../helpers/redis-app.js';
import { createBoard, opId, Peer } from '../helpers/server.js';

// [RS2] Two nodes on one Redis, both holding the same board, each with a writer. Nothing carries
// one node's ops to the other yet, so each writes from a copy the other keeps making stale: the
// compare-and-append must refuse every such write, so the board keeps one gapless order.

const world = redisWorld();
const { cleanup } = world;

async function node(prefix: string): Promise<RedisApp> {
  const n = await startRedisApp(world.redis.url, prefix);
  cleanup.push(() => n.stop());
  return n;
}

/** A writer as the browser is one: on `unavailable` it rejoins as itself and resends with the same opId. */
function writer(url: string, boardId: string, name: string) {
  let me: { id: string; secret: string } | undefined;
  let p: Peer | null = null;
  const connect = async (): Promise<void> => {
    for (;;) {
      p?.close();
      p = new Peer(url);
      const ack: JoinAck = await p.join({ boardId, name, affiliation: 'citizen', ...(me ? { participant: me } : {}) });
      if (ack.ok) {
        me = { id: ack.you.id, secret: ack.you.secret };
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  cleanup.unshift(() => p?.close());
  return {
    connect,
    async send(op: Record<string, unknown>): Promise<OpAck & { ok: true }> {
      for (let tries = 0; tries < 50; tries++) {
        const ack = await p!.send(op).catch(() => null);
        if (ack?.ok) return ack;
        if (ack && ack.error.code !== 'unavailable') throw new Error(JSON.stringify(ack));
        await connect();
      }
      throw new Error('never taken');
    },
  };
}

describe('compare-and-append across nodes', () => {
  it('[RS2][O3] two nodes writing one board never give two ops one seq nor leave a gap; every acknowledged op is kept once', async () => {
    const prefix = freshPrefix();
    const [a, b] = [await node(prefix), await node(prefix)];
    const board = await createBoard(a.url, { title: '二台' });
    const wa = writer(a.url, board.id, 'A');
    const wb = writer(b.url, board.id, 'B');
    await wa.connect();
    await wb.connect();
    const seqs = new Map<number, string>();
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) {
      for (const [w, tag] of [[wa, 'a'], [wb, 'b']] as const) {
        const id = `n_${tag}_${i}`;
        const ack = await w.send({ opId: opId(), type: 'note.add', note: { id, text: id, x: i, y: 1 } });
        expect(seqs.has(ack.seq), `seq ${ack.seq} given twice`).toBe(false);
        seqs.set(ack.seq, id);
        ids.push(id);
      }
    }
    const raw = createClient({ url: world.redis.url });
    await raw.connect();
    cleanup.push(() => raw.close());
    const stream = (await raw.xRange(redisKeys(prefix).log(board.id), '-', '+')) ?? [];
    const streamSeqs = stream.map((e) => Number(e.id.split('-')[0]));
    expect(streamSeqs).toStrictEqual(Array.from({ length: streamSeqs.length }, (_, i) => i + 1));
    // Every note once, each at the seq its ack named.
    const added = stream.map((e) => JSON.parse(e.message.e!) as { seq: number; op: { type: string; note?: { id: string } } }).filter((e) => e.op.type === 'note.add');
    expect(added.map((e) => e.op.note!.id).sort()).toStrictEqual([...ids].sort());
    for (const e of added) expect(seqs.get(e.seq)).toBe(e.op.note!.id);

    const fresh = await node(prefix);
    const reader = new Peer(fresh.url);
    cleanup.unshift(() => reader.close());
    const ack = await reader.join({ boardId: board.id, name: '確認' });
    if (!ack.ok || !('board' in ack)) throw new Error('join');
    expect(ack.board.notes.map((n) => n.id).sort()).toStrictEqual([...ids].sort());
  });
});
