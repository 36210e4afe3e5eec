import { describe, expect, it } from 'vitest';
import { createBoard, opId, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld();

describe('private writing count', () => {
  it('[V1] during private writing every op tells a participant how many notes of others it cannot read', async () => {
    const b = await createBoard(world.srv.url);
    const fac = new Peer(world.srv.url);
    const a = new Peer(world.srv.url);
    const c = new Peer(world.srv.url);
    world.peers.push(fac, a, c);
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    await a.join({ boardId: b.id, name: 'A', affiliation: 'citizen' });
    await c.join({ boardId: b.id, name: 'C', affiliation: 'company' });
    await fac.send({ opId: opId(), type: 'writing.private', on: true });

    for (let i = 0; i < 3; i++) await c.send({ opId: opId(), type: 'note.add', note: { id: `n_c${i}`, text: `C${i}`, x: 0, y: 0 } });
    const last = await a.send({ opId: opId(), type: 'note.add', note: { id: 'n_a', text: 'A', x: 0, y: 0 } });
    if (!last.ok) throw new Error('add');
    const seenByA = await a.waitFor(() => a.entries.find((e) => e.seq === last.seq));
    const seenByC = await c.waitFor(() => c.entries.find((e) => e.seq === last.seq));
    const seenByFac = await fac.waitFor(() => fac.entries.find((e) => e.seq === last.seq));
    expect(seenByA.hiddenNotes).toBe(3);
    expect(seenByC.hiddenNotes).toBe(1);
    expect(seenByFac.hiddenNotes).toBeUndefined();
    const del = await c.send({ opId: opId(), type: 'note.delete', ids: ['n_c0'] });
    if (!del.ok) throw new Error('delete');
    expect((await a.waitFor(() => a.entries.find((e) => e.seq === del.seq))).hiddenNotes).toBe(2);
  });
});
