import type { Server, Socket } from 'socket.io';
import type { ClientToServer, ServerToClient, ViewerRole } from '../../shared/protocol.js';
import type { ServerLimits } from '../limits.js';
import type { Clock, Log } from '../log.js';
import type { RoomRegistry } from '../rooms/registry.js';
import type { BoardGzip } from './board-gzip.js';
import type { IdentityLimit } from './identity-limit.js';
import type { Door } from './door.js';
import type { PointerBatches } from './pointers.js';
import type { ZodType } from 'zod';
import { err } from '../../shared/errors.js';
import { describeIssues } from '../../shared/issues.js';
import { SocketGuard, splitArgs } from './guard.js';

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
  /** Its join asked for resets gzipped (RM6). */
  gzipResets = false;
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
  /** Set by attachRealtime: each board's pointers, sent as batches (RM1). */
  pointers?: PointerBatches;
};
/** A handler of one event, shared by every socket of the app (Socket.IO calls it with the socket as `this`). */
export type Handler = (this: AppSocket, ...args: unknown[]) => void;

export const roomName = (boardId: string) => `board:${boardId}`;
/** Sockets that take a board's pointers as one batch (RM1). */
export const pointersRoom = (boardId: string) => `pointers:${boardId}`;
/** Sockets that take each pointer message as it comes (P2: clients that asked for neither RM1 nor RM2). */
export const cursorRoom = (boardId: string) => `cursor:${boardId}`;
/** Sockets that take the whole participant list on every change (P1: clients that did not ask for RM3). */
export const listRoom = (boardId: string) => `list:${boardId}`;
/** Every room a socket on a board may be in, the board's own first. */
export const roomsOf = (boardId: string) => [roomName(boardId), pointersRoom(boardId), cursorRoom(boardId), listRoom(boardId)];
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

/**
 * The start every event handler shares, as Socket.IO's own CRUD example has it: one payload,
 * parsed with the protocol's schema. Garbage is answered `invalid` (with zod's first issue) and
 * counts toward a disconnect (L5); then null is returned and the handler stops. A typed ack is
 * returned with the data, safe to call when the client asked for none. While the server stops,
 * nothing is answered: a client whose event gets no answer sends it again to the next server (C2, L13).
 */
export function readEvent<T, R>(socket: AppSocket, deps: RealtimeDeps, args: unknown[], schema: ZodType<T>, what: string): { data: T; ack: (res: R) => void } | null {
  if (deps.state.closing) return null;
  const { payload, ack: rawAck, extra } = splitArgs(args);
  const ack = (res: R) => rawAck?.(res as never);
  const parsed = extra ? null : schema.safeParse(payload);
  if (parsed?.success) return { data: parsed.data, ack };
  ack({ ok: false, error: err('invalid', parsed ? describeIssues(parsed.error, what) : `${what} takes one payload`) } as R);
  offended(socket, deps);
  return null;
}

/** A handler of one event whose payload `schema` parses (readEvent), handed the socket, the data and its ack. */
export function eventHandler<T, R>(deps: RealtimeDeps, schema: ZodType<T>, what: string, handle: (socket: AppSocket, data: T, ack: (res: R) => void) => unknown): Handler {
  return function (...args) {
    const event = readEvent<T, R>(this, deps, args, schema, what);
    if (event) void handle(this, event.data, event.ack);
  };
}

/** One more invalid event from this socket; past the limit it is disconnected (L5). */
export function offended(socket: AppSocket, deps: RealtimeDeps) {
  if (!socket.data.invalid() || !socket.connected) return;
  deps.log.warn('disconnected a socket that kept sending invalid events', { invalidEvents: deps.limits.invalidEvents, windowMs: deps.limits.invalidWindowMs });
  socket.disconnect(true);
}
