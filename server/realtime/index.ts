import type { RoomRegistry } from '../rooms/registry.js';
import { broadcastConfirmed } from './broadcast.js';
import { registerJoinHandlers } from './join.handlers.js';
import { registerOpHandlers } from './op.handlers.js';
import { registerPresenceHandlers } from './presence.handlers.js';
import type { RealtimeDeps } from './types.js';

export function attachRealtime(deps: RealtimeDeps, registry: RoomRegistry) {
  registry.onRoom((room) => room.onConfirmed((c) => broadcastConfirmed(deps.io, room, c)));
  deps.io.on('connection', (socket) => {
    registerJoinHandlers(socket, deps);
    registerOpHandlers(socket, deps);
    registerPresenceHandlers(socket, deps);
  });
}
