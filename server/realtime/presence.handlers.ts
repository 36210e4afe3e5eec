import { randomBytes } from 'node:crypto';
import { LIMITS } from '../../shared/limits.js';
import { CursorMsg } from '../../shared/protocol.js';
import { broadcastPresence } from './broadcast.js';
import { splitArgs } from './guard.js';
import { boardOfRoom, offended, roomName, type AppSocket, type Handler, type RealtimeDeps } from './types.js';

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
    const at = parsed.data;
    void deps.registry
      .get(boardId)
      .catch(() => null)
      .then((room) => {
        // Left or moved to another board meanwhile: this position belongs to nothing now.
        if (!room || socket.data.boardId !== boardId) return;
        const cursor = room.board.settings.anonymous ? { id: opaqueIdOf(socket), anonymous: true as const, ...at } : { id: participantId, ...at };
        socket.to(roomName(boardId)).volatile.emit('cursor', cursor);
      });
  };
}

/**
 * While a board is anonymous (F9) a cursor is named by an id of its connection alone, drawn fresh
 * and never sent with anything else, so no participant list can turn it into a name (LK3).
 */
const opaqueIds = new WeakMap<AppSocket, string>();
function opaqueIdOf(socket: AppSocket): string {
  let id = opaqueIds.get(socket);
  if (!id) opaqueIds.set(socket, (id = 'c_' + randomBytes(12).toString('base64url')));
  return id;
}

/**
 * Whoever leaves a board's room (a disconnect, or a join elsewhere) changes who is online there.
 * One listener on the adapter serves every socket, where a `disconnect` listener would cost each
 * socket its own slot.
 */
export function leftRoomHandler(deps: RealtimeDeps): (room: string, socketId: string) => void {
  return (name) => {
    const boardId = boardOfRoom(name);
    if (!boardId || deps.state.closing) return;
    void deps.registry
      .get(boardId)
      .catch(() => null)
      .then((room) => {
        if (room) broadcastPresence(deps.io, room);
      });
  };
}
