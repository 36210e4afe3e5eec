import type { RoomRegistry } from '../rooms/registry.js';
import { broadcastConfirmed, Outbox } from './broadcast.js';
import { PointerBatches } from './pointers.js';
import { guardPolicy } from './guard.js';
import { attachDoor } from './door.js';
import { joinHandler } from './join.handlers.js';
import { opHandler } from './op.handlers.js';
import { cursorHandler, leftRoomHandler } from './presence.handlers.js';
import { capSendBuffers } from './send-buffer.js';
import { dropBoard } from './shutdown.js';
import { boardOfRoom, offended, SocketState, type Handler, type RealtimeDeps } from './types.js';

/** Wires the socket handlers; the returned function stops the periodic send-buffer check. */
export function attachRealtime(deps: RealtimeDeps, registry: RoomRegistry): () => void {
  registry.onRoom((room) => {
    const outbox = new Outbox((c) => broadcastConfirmed(deps.io, room, c, { sliceMs: deps.limits.resetSliceMs, boardGzip: deps.boardGzip }));
    room.onConfirmed((c) => outbox.push(c));
    room.onBroken(() => dropBoard(deps.io, room.id));
  });
  // A board somebody is on, or is joining (the socket names it before it enters the room), stays
  // loaded; an unloaded one takes its cached join answer with it (BU1).
  registry.keepWhile(() => {
    const on = new Set<string>();
    for (const s of deps.io.sockets.sockets.values()) if (s.data.boardId) on.add(s.data.boardId);
    return on;
  });
  registry.onUnload((id) => deps.boardGzip.forget(id));
  // One catch-all handler for every socket, which hands each event to its handler: a socket
  // costs its state and one listener slot, not a closure per event, nor a slot in its own
  // listener table for each event.
  const policy = guardPolicy(deps.limits, deps.clock.now);
  deps.door = attachDoor(deps);
  const pointers = (deps.pointers = new PointerBatches(deps.io, registry));
  const handlers = new Map<string, Handler>([
    ['door.answer', deps.door.answer],
    ['join', joinHandler(deps)],
    ['op', opHandler(deps)],
    ['cursor', cursorHandler(deps)],
  ]);
  const onEvent: Handler = function (event, ...args) {
    const handler = typeof event === 'string' ? handlers.get(event) : undefined;
    // An event no handler knows is garbage too (L5).
    if (handler) handler.apply(this, args);
    else offended(this, deps);
  };
  deps.io.sockets.adapter.on('leave-room', leftRoomHandler(deps));
  deps.io.sockets.adapter.on('leave-room', (name: string) => boardOfRoom(name) && registry.left());
  deps.io.on('connection', (socket) => {
    socket.data = new SocketState(policy);
    socket.onAny(onEvent);
  });
  const stopBuffers = capSendBuffers(deps.io, deps.limits.sendBufferBytes, deps.log);
  return () => {
    stopBuffers();
    pointers.stop();
  };
}
