import type { RoomRegistry } from '../rooms/registry.js';
import { broadcastConfirmed } from './broadcast.js';
import { SocketGuard } from './guard.js';
import { registerJoinHandlers } from './join.handlers.js';
import { registerOpHandlers } from './op.handlers.js';
import { registerPresenceHandlers } from './presence.handlers.js';
import { dropBoard } from './shutdown.js';
import { offended, type RealtimeDeps } from './types.js';

const EVENTS = new Set(['join', 'op', 'cursor']);

export function attachRealtime(deps: RealtimeDeps, registry: RoomRegistry) {
  registry.onRoom((room) => {
    room.onConfirmed((c) => broadcastConfirmed(deps.io, room, c));
    room.onBroken(() => dropBoard(deps.io, room.id));
  });
  deps.io.on('connection', (socket) => {
    const g = { socket, guard: new SocketGuard(deps.limits, deps.clock.now), deps };
    // An event no handler knows is garbage too (L5).
    socket.onAny((event: unknown) => {
      if (typeof event !== 'string' || !EVENTS.has(event)) offended(g);
    });
    registerJoinHandlers(g);
    registerOpHandlers(g);
    registerPresenceHandlers(g);
  });
}
