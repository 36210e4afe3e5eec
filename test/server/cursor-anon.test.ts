import { describe, expect, it } from 'vitest';
import { createBoard, opId, Peer, serverWorld } from '../helpers/server.js';

// In anonymous mode (F9) names are hidden on notes and votes; a cursor moving over a note while
// its author types must not say who that is either.

const world = serverWorld();

type Cursor = { id: string; x: number; y: number; anonymous?: boolean };
const cursorsOf = (p: Peer) => p.received.filter((r) => r.event === 'cursor').map((r) => r.args[0] as Cursor);
const namesOf = (p: Peer) => {
  const lists = p.received.filter((r) => r.event === 'participants').map((r) => r.args[0] as { id: string; name: string }[]);
  return new Map(lists.flat().map((x) => [x.id, x.name]));
};

/** Cursors are volatile and throttled (P2): one may be dropped, so the move is repeated until one arrives. */
async function moveAndCollect(from: Peer, to: Peer, at: number) {
  const before = cursorsOf(to).length;
  const deadline = Date.now() + 10_000;
  while (cursorsOf(to).length === before) {
    if (Date.now() > deadline) throw new Error('no cursor arrived');
    from.socket.emit('cursor', { x: at, y: at });
    await to.waitFor(() => cursorsOf(to).length > before, 200).catch(() => null);
  }
  return cursorsOf(to).at(-1)!;
}

describe('cursors on an anonymous board', () => {
  it('[P2][F9][LK3] carry an id that the participant list does not resolve to a name, while the board is anonymous', async () => {
    const { srv } = world;
    const b = await createBoard(srv.url);
    const fac = new Peer(srv.url);
    const alice = new Peer(srv.url);
    const bob = new Peer(srv.url);
    world.peers.push(fac, alice, bob);
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    await alice.join({ boardId: b.id, name: 'Alice', affiliation: 'citizen' });
    await bob.join({ boardId: b.id, name: 'Bob', affiliation: 'npo' });
    expect((await fac.send({ opId: opId(), type: 'board.update', anonymous: true })).ok).toBe(true);

    const first = await moveAndCollect(alice, bob, 10);
    const second = await moveAndCollect(alice, bob, 20);
    const known = namesOf(bob);
    expect(known.get(alice.you!.id)).toBe('Alice');
    for (const c of [first, second]) {
      expect(c.id).not.toBe(alice.you!.id);
      expect(known.has(c.id)).toBe(false);
      expect(c.anonymous).toBe(true);
    }
    // One pointer stays one pointer while it moves.
    expect(second.id).toBe(first.id);
    // Nothing Bob ever received pairs the opaque id with a person: it comes in cursors alone.
    expect(bob.traffic().split(first.id).length - 1).toBe(cursorsOf(bob).filter((c) => c.id === first.id).length);

    // The facilitator's own view sees names on notes, but a cursor is the same for every viewer.
    await new Promise((r) => setTimeout(r, 120)); // past the cursor throttle
    const atFac = await moveAndCollect(alice, fac, 30);
    expect(atFac.id).toBe(first.id);

    // Named again once the board is not anonymous (P2).
    expect((await fac.send({ opId: opId(), type: 'board.update', anonymous: false })).ok).toBe(true);
    const named = await moveAndCollect(alice, bob, 40);
    expect(named.id).toBe(alice.you!.id);
    expect(named.anonymous).toBeUndefined();
  });
});
