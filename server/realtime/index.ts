import type { RoomRegistry } from '../rooms/registry.js';
import { broadcastConfirmed } from './broadcast.js';
import { SocketGuard, type GuardPolicy } from './guard.js';
import { joinHandler } from './join.handlers.js';
import { opHandler } from './op.handlers.js';
import { cursorHandler, disconnectHandler } from './presence.handlers.js';
import { dropBoard } from './shutdown.js';
import { offended, setGuard, type Handler, type RealtimeDeps } from './types.js';

const EVENTS = new Set(['join', 'op', 'cursor']);

export function attachRealtime(deps: RealtimeDeps, registry: RoomRegistry) {
  registry.onRoom((room) => {
    room.onConfirmed((c) => broadcastConfirmed(deps.io, room, c));
    room.onBroken(() => dropBoard(deps.io, room.id));
  });
  // One set of handlers for every socket: a connection costs its guard and Socket.IO's own
  // listener slots, not a closure per event.
  const policy: GuardPolicy = { limits: deps.limits, now: deps.clock.now };
  const onJoin = joinHandler(deps);
  const onOp = opHandler(deps);
  const onCursor = cursorHandler(deps);
  const onDisconnect = disconnectHandler(deps);
  // An event no handler knows is garbage too (L5).
  const onAny: Handler = function (event) {
    if (typeof event !== 'string' || !EVENTS.has(event)) offended(this, deps);
  };
  deps.io.on('connection', (socket) => {
    setGuard(socket, new SocketGuard(policy));
    socket.onAny(onAny);
    socket.on('join', onJoin);
    socket.on('op', onOp);
    socket.on('cursor', onCursor);
    socket.on('disconnect', onDisconnect);
  });
}
