import { describe, expect, it } from 'vitest';
import { createBoard, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld();
const peer = () => {
  const p = new Peer(world.srv.url);
  world.peers.push(p);
  return p;
};
type Listed = { id: string; online: boolean }[];
const lastList = (p: Peer) => [...p.received].reverse().find((r) => r.event === 'participants')?.args[0] as Listed | undefined;

describe('presence when a socket leaves a board', () => {
  it('[P1] a socket that joins another board is offline on the first one and online on the second', async () => {
    const [first, second] = [await createBoard(world.srv.url), await createBoard(world.srv.url)];
    const stay = peer();
    const other = peer();
    const move = peer();
    await stay.join({ boardId: first.id, name: '残る人' });
    await other.join({ boardId: second.id, name: '向こうの人' });
    const a = await move.join({ boardId: first.id, name: '移る人' });
    if (!a.ok) throw new Error('join');
    await stay.waitFor(() => lastList(stay)?.find((p) => p.id === a.you.id)?.online === true);
    const b = await move.join({ boardId: second.id, name: '移る人' });
    if (!b.ok) throw new Error('join');
    await stay.waitFor(() => lastList(stay)?.find((p) => p.id === a.you.id)?.online === false);
    await other.waitFor(() => lastList(other)?.find((p) => p.id === b.you.id)?.online === true);
    expect(world.srv.app.onlineOf(first.id).has(a.you.id)).toBe(false);
    expect(world.srv.app.onlineOf(second.id).has(b.you.id)).toBe(true);
  });

  it('[P1] everybody who disconnects at once is offline in the last list the others get', async () => {
    const b = await createBoard(world.srv.url);
    const stay = peer();
    await stay.join({ boardId: b.id, name: '残る人' });
    const leaving = Array.from({ length: 5 }, () => peer());
    const ids: string[] = [];
    for (const [i, p] of leaving.entries()) {
      const ack = await p.join({ boardId: b.id, name: `帰る人${i}` });
      if (!ack.ok) throw new Error('join');
      ids.push(ack.you.id);
    }
    await stay.waitFor(() => ids.every((id) => lastList(stay)?.find((p) => p.id === id)?.online === true));
    for (const p of leaving) p.close();
    await stay.waitFor(() => ids.every((id) => lastList(stay)?.find((p) => p.id === id)?.online === false));
    expect(world.srv.app.onlineOf(b.id).size).toBe(1);
  });
});
