import type { Server, Socket } from 'socket.io';
import type { ClientToServer, ServerToClient, ViewerRole } from '../../shared/protocol.js';
import type { ServerLimits } from '../limits.js';
import type { Clock, Log } from '../log.js';
import type { RoomRegistry } from '../rooms/registry.js';
import type { BoardGzip } from './board-gzip.js';
import type { IdentityLimit } from './identity-limit.js';
import type { Door } from './door.js';
import { SocketGuard } from './guard.js';

/**
 * Everything a connection keeps of its own, in one object that is its `socket.data`: where it
 * joined as whom, its cursor throttle, and its guard's buckets (SocketGuard). Every field exists
 * from the start, so every socket's state has the same shape.
 * `answering`: a gzipped join answer (J7) is being prepared for this socket; a later join replaces it.
 */
export class SocketState extends SocketGuard {
  boardId: string | undefined = undefined;
  participantId: string | undefined = undefined;
  /** `projector`: the wall (PR1), with `participantId` `''`, nobody on the board. */
  role: ViewerRole | undefined = undefined;
  lastCursorAt: number | undefined = undefined;
  answering: symbol | undefined = undefined;
}
export type SocketData = SocketState;
export type IO = Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>;
/** `state.closing`: the server is shutting down; new ops and joins wait for the next server (L13). */
export type RealtimeDeps = {
  io: IO;
  registry: RoomRegistry;
  clock: Clock;
  log: Log;
  limits: ServerLimits;
  state: { closing: boolean };
  boardGzip: BoardGzip;
  /** New participant identities per client address (SC2). */
  identities: IdentityLimit;
  /** A socket's client address as admission counted it (TRUST_PROXY aware, L6). */
  addressOf: (socket: AppSocket) => string;
  /** Set by attachRealtime: newcomers at a board whose code alone no longer admits them (DR1). */
  door?: Door;
};
/** A handler of one event, shared by every socket of the app (Socket.IO calls it with the socket as `this`). */
export type Handler = (this: AppSocket, ...args: unknown[]) => void;

export const roomName = (boardId: string) => `board:${boardId}`;
/** The board a room is for; null for Socket.IO's own room of each socket. */
export const boardOfRoom = (name: string) => (name.startsWith('board:') ? name.slice(6) : null);

/** Sockets currently on a board (in-process adapter). */
export function socketsOf(io: IO, boardId: string): AppSocket[] {
  const ids = io.sockets.adapter.rooms.get(roomName(boardId));
  if (!ids) return [];
  const out: AppSocket[] = [];
  for (const id of ids) {
    const s = io.sockets.sockets.get(id);
    if (s) out.push(s);
  }
  return out;
}

/** One more invalid event from this socket; past the limit it is disconnected (L5). */
export function offended(socket: AppSocket, deps: RealtimeDeps) {
  if (!socket.data.invalid() || !socket.connected) return;
  deps.log.warn('disconnected a socket that kept sending invalid events', { invalidEvents: deps.limits.invalidEvents, windowMs: deps.limits.invalidWindowMs });
  socket.disconnect(true);
}
