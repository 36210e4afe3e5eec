import { describe, expect, it } from 'vitest';
import { roomName } from '../../server/realtime/types.js';
import { createBoard, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld();
const peer = () => {
  const p = new Peer(world.srv.url);
  world.peers.push(p);
  return p;
};

describe("a socket's own room", () => {
  it('is not stored, yet to(id) and except(id) find the socket', async () => {
    const b = await createBoard(world.srv.url);
    const [a, c] = [peer(), peer()];
    await a.join({ boardId: b.id, name: 'A' });
    await c.join({ boardId: b.id, name: 'C' });
    const { io } = world.srv.app;
    const rooms = io.sockets.adapter.rooms;
    expect([...rooms.keys()].filter((r) => io.sockets.sockets.has(r))).toEqual([]);
    expect(rooms.get(roomName(b.id))?.size).toBe(2);

    io.to(a.socket.id!).emit('bye', { reason: 'removed' });
    io.to(roomName(b.id)).except(a.socket.id!).emit('participants', []);
    await c.waitFor(() => c.received.some((r) => r.event === 'participants' && (r.args[0] as unknown[]).length === 0));
    await a.waitFor(() => a.received.some((r) => r.event === 'bye'));
    expect(c.received.some((r) => r.event === 'bye')).toBe(false);
    expect(a.received.some((r) => r.event === 'participants' && (r.args[0] as unknown[]).length === 0)).toBe(false);

    c.close();
    await a.waitFor(() => rooms.get(roomName(b.id))?.size === 1);
  });
});
