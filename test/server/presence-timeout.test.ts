import { describe, expect, it } from 'vitest';
import type { PresenceEntry } from '../../shared/protocol.js';
import { HEARTBEAT } from '../../server/realtime/heartbeat.js';
import { Cable } from '../helpers/cable.js';
import { createBoard, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld();

const latest = (p: Peer) => [...p.received].reverse().find((r) => r.event === 'participants')?.args[0] as PresenceEntry[] | undefined;

describe('presence of a dead connection', () => {
  it('[PR6][P1] a participant whose network dies (no goodbye) is offline on the wall and for others within 5 s', async () => {
    expect(HEARTBEAT.pingInterval + HEARTBEAT.pingTimeout).toBeLessThan(5_000);
    const board = await createBoard(world.srv.url);
    const { cable, url } = await Cable.to(world.srv.url);
    const phone = new Peer(url);
    const other = new Peer(world.srv.url);
    const wall = new Peer(world.srv.url);
    world.peers.push(phone, other, wall);
    const me = await phone.join({ boardId: board.id, name: '電話の人', affiliation: 'citizen' });
    if (!me.ok) throw new Error('join');
    await other.join({ boardId: board.id, name: '隣の人' });
    await wall.join({ boardId: board.id, name: 'プロジェクター', projector: true });
    const online = (p: Peer) => latest(p)?.find((e) => e.id === me.you.id)?.online;
    await wall.waitFor(() => online(wall) === true);

    const cutAt = cable.cut();
    // The phone's socket.io-client notices nothing either: no close, no disconnect packet.
    expect(phone.socket.connected).toBe(true);
    await wall.waitFor(() => online(wall) === false, 15_000);
    const wallAfter = Date.now() - cutAt;
    await other.waitFor(() => online(other) === false, 15_000);
    // Reported, not asserted: on a shared machine timers fire late; the heartbeat's numbers above are the promise.
    console.log(`[PR6] the wall showed the participant offline ${wallAfter} ms after the cable was cut`);
    // Only the dead one went offline.
    expect(latest(wall)!.filter((e) => e.online).map((e) => e.name)).toEqual(['隣の人']);
    await cable.close();
  }, 30_000);
});
