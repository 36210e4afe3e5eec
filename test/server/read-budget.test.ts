import { describe, expect, it } from 'vitest';
import { createBoard, FLOOD_ALLOWED, opId, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld({ limits: { ...FLOOD_ALLOWED, readsPerMinute: 10 } });

/** A board as large as a long workshop leaves: 1,000 notes of 200 characters. */
async function largeBoard() {
  const b = await createBoard(world.srv.url, { title: '大きなボード' });
  const p = new Peer(world.srv.url);
  world.peers.push(p);
  expect((await p.join({ boardId: b.id, name: '書き手' })).ok).toBe(true);
  for (let from = 0; from < 1_000; from += 100) {
    const acks = await Promise.all(
      Array.from({ length: 100 }, (_, j) => {
        const i = from + j;
        return p.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}`, text: `${i}`.padEnd(200, '意見'), x: (i % 40) * 210, y: Math.floor(i / 40) * 150 } });
      }),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
  }
  return { b, p };
}

describe('results and exports', () => {
  it('[BU3] 40 results requests at once on a large board are answered from one computation', async () => {
    const { b } = await largeBoard();
    const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`${world.srv.url}/api/boards/${b.id}/results`)));
    expect(answers.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(answers.filter((r) => r.headers.get('x-cache') === 'miss')).toHaveLength(1);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect((JSON.parse(bodies[0]!) as { board: { notes: unknown[] } }).board.notes).toHaveLength(1_000);

    // The facilitator's downloads the same way: one per format and state of the board.
    const csv = await Promise.all(
      Array.from({ length: 8 }, () => fetch(`${world.srv.url}/api/boards/${b.id}/export?format=csv`, { headers: { authorization: `Bearer ${b.facilitatorKey}` } })),
    );
    expect(csv.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(csv.filter((r) => r.headers.get('x-cache') === 'miss')).toHaveLength(1);
    expect(new Set(await Promise.all(csv.map((r) => r.text()))).size).toBe(1);
  });

  it('[BU3] a flood of results requests on a changing board gets 429 rate_limited while a writer keeps its acks', async () => {
    const { b, p } = await largeBoard();
    let writing = true;
    let acked = 0;
    const writer = (async () => {
      for (let k = 0; writing; k++) {
        const ack = await p.send({ opId: opId(), type: 'note.update', id: 'n_0', patch: { text: `更新${k}` } });
        expect(ack.ok).toBe(true);
        acked++;
      }
    })();
    const statuses: number[] = [];
    let refusal: { status: number; retryAfter: string | null; body: unknown } | null = null;
    for (let i = 0; i < 60; i++) {
      const r = await fetch(`${world.srv.url}/api/boards/${b.id}/results`);
      statuses.push(r.status);
      if (r.status === 429 && !refusal) refusal = { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() };
      else await r.arrayBuffer();
    }
    writing = false;
    await writer;
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(refusal).toMatchObject({ retryAfter: '60', body: { error: { code: 'rate_limited' } } });
    expect(acked).toBeGreaterThan(0);
    // The writer's last change is on the board, acknowledged and broadcast as ever.
    const again = await p.send({ opId: opId(), type: 'note.update', id: 'n_0', patch: { text: '最後' } });
    expect(again.ok).toBe(true);
  });
});
