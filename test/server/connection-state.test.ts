import { expect, it } from 'vitest';
import { createBoard, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld();

// Each connection's share of the server's memory (P6-conn, PERFORMANCE.md) is what lets one laptop
// hold a 300-person room; these are the parts of it that are easy to lose without a sound.
it('(P6-conn) a connection keeps no handshake record of its own once admitted, and no op bucket until it sends an op', async () => {
  const { id } = await createBoard(world.srv.url);
  const a = new Peer(world.srv.url);
  const b = new Peer(world.srv.url);
  world.peers.push(a, b);
  for (const p of [a, b]) expect(await p.join({ boardId: id, name: 'someone' })).toMatchObject({ ok: true });
  const sockets = [...world.srv.app.io.sockets.sockets.values()];
  expect(sockets).toHaveLength(2);
  const [x, y] = sockets.map((s) => s.handshake);
  expect(x!.headers).toEqual({});
  expect(x!.query).toEqual({});
  expect(x!.time).toBe('');
  // One shared empty record, not one per socket.
  expect(x!.headers).toBe(y!.headers);
  expect(x!.query).toBe(y!.query);
  const guard = (s: (typeof sockets)[number]) => s.data as unknown as { ops: unknown };
  expect(sockets.map((s) => guard(s).ops)).toEqual([null, null]);
  expect(await a.send({ opId: 'op_conn_state_1', type: 'note.add', note: { id: 'n_1', text: 'x', x: 0, y: 0 } })).toMatchObject({ ok: true });
  const sender = sockets.find((s) => s.data.participantId === a.you!.id)!;
  expect(guard(sender).ops).not.toBeNull();
});
