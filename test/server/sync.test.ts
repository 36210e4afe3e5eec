import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardView } from '../../shared/view.js';
import { createBoard, opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { notesOf, replay } from '../helpers/replica.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
  await removeDir(srv.dataDir);
});

async function joinAll(n: number) {
  const board = await createBoard(srv.url);
  const peers: { peer: Peer; view: BoardView }[] = [];
  for (let i = 0; i < n; i++) {
    const peer = new Peer(srv.url);
    const ack = await peer.join({ boardId: board.id, name: `参加者${i}`, affiliation: 'citizen' });
    if (!ack.ok || !('board' in ack)) throw new Error('join failed');
    peers.push({ peer, view: ack.board });
  }
  return { board, peers };
}

/** A seeded generator, so a failing interleaving can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('convergence', () => {
  for (const n of [2, 5]) {
    it(`[O2][R6] ${n} clients converge after interleaved adds, moves, edits and deletes`, async () => {
      const { peers } = await joinAll(n);
      const rand = rng(n * 7);
      const ids: string[] = [];
      const sends: Promise<unknown>[] = [];
      for (let round = 0; round < 30; round++) {
        for (const [i, { peer }] of peers.entries()) {
          const r = rand();
          if (r < 0.35 || ids.length === 0) {
            const id = `n_${i}_${round}`;
            ids.push(id);
            sends.push(peer.send({ opId: opId(), type: 'note.add', note: { id, text: `ふせん ${i}-${round}`, x: i * 10, y: round * 10 } }));
          } else {
            const id = ids[Math.floor(rand() * ids.length)]!;
            if (r < 0.6) sends.push(peer.send({ opId: opId(), type: 'note.move', moves: [{ id, x: Math.round(rand() * 1000), y: round }] }));
            else if (r < 0.85) sends.push(peer.send({ opId: opId(), type: 'note.update', id, patch: { text: `編集 ${i}-${round}` } }));
            else sends.push(peer.send({ opId: opId(), type: 'note.delete', ids: [id] }));
          }
        }
      }
      const acks = (await Promise.all(sends)) as { ok: boolean; seq?: number }[];
      const lastSeq = Math.max(...acks.filter((a) => a.ok).map((a) => a.seq!));
      for (const { peer } of peers) await peer.waitFor(() => peer.entries.some((e) => e.seq === lastSeq));

      // A late joiner gets the authoritative state; every replica must equal it.
      const judge = new Peer(srv.url);
      const boardId = peers[0]!.view.id;
      const ack = await judge.join({ boardId, name: '確認', affiliation: 'other' });
      if (!ack.ok || !('board' in ack)) throw new Error('join failed');
      const truth = notesOf(replay(ack.board, []));
      expect(truth.length).toBeGreaterThan(0);
      for (const { peer, view } of peers) {
        const seqs = peer.entries.map((e) => e.seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(new Set(seqs).size).toBe(seqs.length);
        expect(notesOf(replay(view, peer.entries))).toEqual(truth);
        peer.close();
      }
      judge.close();
    });
  }
});
