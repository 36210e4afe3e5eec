import { LIMITS } from '../../shared/limits.js';
import { CursorMsg } from '../../shared/protocol.js';
import { splitArgs } from './guard.js';
import { departed } from './presence.js';
import { boardOfRoom, offended, type Handler, type RealtimeDeps } from './types.js';

const CURSOR_INTERVAL_MS = 1000 / LIMITS.cursorsPerSecond;

export function cursorHandler(deps: RealtimeDeps): Handler {
  return function onCursor(...args) {
    const socket = this;
    const now = deps.clock.now();
    // Cursors are cosmetic: extra ones are dropped without a word (P2), malformed ones count as garbage (L5).
    if (socket.data.lastCursorAt !== undefined && now - socket.data.lastCursorAt < CURSOR_INTERVAL_MS) return;
    const { payload, extra } = splitArgs(args);
    const parsed = CursorMsg.safeParse(payload);
    if (!parsed.success || extra) return offended(socket, deps);
    const { boardId, participantId } = socket.data;
    // Not joined, or the wall (PR5, its participantId is ''): nobody to point at.
    if (!boardId || !participantId) return;
    socket.data.lastCursorAt = now;
    deps.pointers?.move(socket, boardId, participantId, parsed.data);
  };
}

/**
 * Whoever leaves a board's room (a disconnect, or a join elsewhere) may leave its person offline
 * there. One listener on the adapter serves every socket, where a `disconnect` listener would cost
 * each socket its own slot. The socket is still known, with what it was, when the adapter tells.
 */
export function leftRoomHandler(deps: RealtimeDeps): (room: string, socketId: string) => void {
  return (name, socketId) => {
    const boardId = boardOfRoom(name);
    if (!boardId || deps.state.closing) return;
    const participantId = deps.io.sockets.sockets.get(socketId)?.data.participantId;
    const room = deps.registry.peek(boardId);
    if (participantId && room) departed(deps.io, room, participantId);
  };
}
