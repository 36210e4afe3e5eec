import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { dropRequests, flag, perMessageDeflate, serveParent } from './ipc.js';

/**
 * Socket.IO with nothing of ours: `join` puts a socket in a room, `op` is acknowledged at once and
 * sent to the rest of the room, `cursor` is sent on to the rest of the room as a volatile message. No validation, no reducer, no storage. What Onaji costs over this
 * is what our code costs; what this costs over the raw `ws` relay is what Socket.IO costs.
 */
const http = createServer((_req, res) => res.writeHead(404).end());
const io = new Server(http, { serveClient: false, perMessageDeflate: perMessageDeflate() });
if (flag('BENCH_DROP_REQUEST')) dropRequests(io);

io.on('connection', (socket) => {
  let room: string | null = null;
  socket.on('join', (name: unknown, ack: unknown) => {
    if (room) void socket.leave(room);
    room = String(name);
    void socket.join(room);
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('op', (msg: unknown, ack: unknown) => {
    if (typeof ack === 'function') ack({ ok: true });
    if (room) socket.to(room).emit('op', msg);
    else socket.broadcast.emit('op', msg);
  });
  // A pointer as P2 forwards it: volatile, named by its sender, to the rest of the room.
  socket.on('cursor', (at: unknown) => {
    if (room && at && typeof at === 'object') socket.to(room).volatile.emit('cursor', { id: socket.id, ...at });
  });
});

http.listen(0, '127.0.0.1', () => {
  serveParent((http.address() as AddressInfo).port, async () => {
    await new Promise<void>((r) => io.close(() => r()));
  });
});
