import type { Board } from '../../shared/model.js';
import type { PresenceEntry } from '../../shared/protocol.js';
import type { Room } from '../rooms/room.js';
import { listRoom, roomName, socketsOf, type AppSocket, type IO } from './types.js';

export function presenceOf(board: Board, sockets: AppSocket[]): PresenceEntry[] {
  const online = new Set(sockets.map((s) => s.data.participantId));
  return Object.values(board.participants)
    .filter((p) => !p.removed)
    .map((p) => ({ id: p.id, name: p.name, affiliation: p.affiliation, role: p.role, online: online.has(p.id) }));
}

/** The participants with a socket on the board now (RM3); the wall is nobody (PR4). */
export function onlineIds(io: IO, boardId: string): string[] {
  const ids = new Set<string>();
  for (const s of socketsOf(io, boardId)) if (s.data.participantId) ids.add(s.data.participantId);
  return [...ids];
}

const hasSocketOf = (io: IO, boardId: string, participantId: string, except?: AppSocket) =>
  socketsOf(io, boardId).some((s) => s !== except && s.data.participantId === participantId);

/** The whole list, to the sockets that take it on every change (P1). */
export function sendList(io: IO, room: Room) {
  if (io.sockets.adapter.rooms.get(listRoom(room.id))?.size) io.to(listRoom(room.id)).emit('participants', presenceOf(room.board, socketsOf(io, room.id)));
}

/**
 * A socket has entered the board's room. The others hear of it once, and only when it is the
 * person's first socket there (RM3); the arriving socket's own join answer says who is online.
 * Those that take the whole list get it (P1): the join before may have renamed the person. The
 * wall arriving changes nobody's list: it alone gets the list, if it takes lists (PR4).
 */
export function arrived(io: IO, room: Room, socket: AppSocket) {
  const id = socket.data.participantId;
  if (!id) {
    if (socket.rooms.has(listRoom(room.id))) socket.emit('participants', presenceOf(room.board, socketsOf(io, room.id)));
    return;
  }
  if (!hasSocketOf(io, room.id, id, socket)) socket.to(roomName(room.id)).emit('presence', { id, online: true });
  sendList(io, room);
}

/** A socket of `participantId` has left the board's room: when it was the person's last, everybody hears of it. */
export function departed(io: IO, room: Room, participantId: string) {
  if (hasSocketOf(io, room.id, participantId)) return;
  io.to(roomName(room.id)).emit('presence', { id: participantId, online: false });
  sendList(io, room);
}
