import { LIMITS } from '../../shared/limits.js';
import { CursorMsg } from '../../shared/protocol.js';
import { broadcastPresence } from './broadcast.js';
import { roomName, type AppSocket, type RealtimeDeps } from './types.js';

const CURSOR_INTERVAL_MS = 1000 / LIMITS.cursorsPerSecond;

export function registerPresenceHandlers(socket: AppSocket, deps: RealtimeDeps) {
  socket.on('cursor', (raw: unknown) => {
    const { boardId, participantId } = socket.data;
    if (!boardId || !participantId) return;
    const now = deps.clock.now();
    // Cursors are cosmetic: extra or malformed ones are dropped without a word (P2).
    if (socket.data.lastCursorAt !== undefined && now - socket.data.lastCursorAt < CURSOR_INTERVAL_MS) return;
    const parsed = CursorMsg.safeParse(raw);
    if (!parsed.success) return;
    socket.data.lastCursorAt = now;
    socket.to(roomName(boardId)).volatile.emit('cursor', { id: participantId, ...parsed.data });
  });

  socket.on('disconnect', async () => {
    const { boardId } = socket.data;
    if (!boardId) return;
    const room = await deps.registry.get(boardId);
    if (room) broadcastPresence(deps.io, room);
  });
}
