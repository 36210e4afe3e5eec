import { err } from '../../shared/errors.js';
import { JoinRequest, type JoinAck, type JoinExtras, type You } from '../../shared/protocol.js';
import { viewFor } from '../../shared/view.js';
import type { Role } from '../../shared/model.js';
import { hashSecret, newParticipantId, newParticipantSecret, secretMatches } from '../secrets.js';
import { BoardUnavailable, StoreUnavailable } from '../store/types.js';
import type { Confirmed, Room } from '../rooms/room.js';
import { deliverConfirmed, viewerOf } from './broadcast.js';
import { opaqueIdOf } from './pointers.js';
import { arrived, departed, onlineIds } from './presence.js';
import { IDENTITY_REFUSAL } from './identity-limit.js';
import { cursorRoom, eventHandler, listRoom, pointersRoom, roomName, roomsOf, type AppSocket, type Handler, type RealtimeDeps } from './types.js';
import { randomUUID } from 'node:crypto';

const fail = (code: Parameters<typeof err>[0], message: string): JoinAck => ({ ok: false, error: err(code, message) });

export function joinHandler(deps: RealtimeDeps): Handler {
  return eventHandler<JoinRequest, JoinAck>(deps, JoinRequest, 'join', async (socket, req, ack) => {
    if (!socket.data.takeJoin()) return ack(fail('rate_limited', 'too many joins; wait a moment'));
    try {
      const answer = await join(socket, req, deps);
      if ('ok' in answer) ack(answer);
      else answer.send(ack);
    } catch (e) {
      // The store has said what is wrong with this board, once; every join need not say it again.
      if (e instanceof BoardUnavailable) return ack(fail('conflict', e.message));
      if (e instanceof StoreUnavailable) return ack(fail('unavailable', e.message));
      deps.log.error('join failed', { error: String(e) });
      ack(fail('conflict', 'the server could not let you join; please retry'));
    }
  });
}

/** An answer sent later than the join was read, together with what the socket must get after it. */
type Deferred = { send: (ack: (res: JoinAck) => void) => void };

async function join(socket: AppSocket, req: JoinRequest, deps: RealtimeDeps): Promise<JoinAck | Deferred> {
  const room = await deps.registry.get(req.boardId);
  if (!room) return fail('not_found', 'this board does not exist');
  if (req.projector) return joinProjector(socket, room, req, deps);

  let role: Role = 'participant';
  if (req.facilitatorKey !== undefined) {
    if (!secretMatches(req.facilitatorKey, room.meta.facilitatorKeyHash)) return fail('forbidden', 'this facilitator key is not valid for this board');
    role = 'facilitator';
  }

  let id: string;
  let secret: string;
  let secretHash: string | undefined;
  const known = req.participant && room.board.participants[req.participant.id];
  if (req.participant && known) {
    if (!secretMatches(req.participant.secret, room.meta.secrets[req.participant.id])) return fail('forbidden', 'this identity belongs to someone else');
    if (known.removed) return fail('forbidden', 'the facilitator removed you from this board');
    ({ id, secret } = req.participant);
  } else {
    // An unknown id (another board's, or never seen) starts a fresh identity rather than guessing.
    const refused = role === 'participant' ? await deps.door?.admit(socket, room, req) : null;
    if (refused) return refused;
    if (!deps.identities.allow(socket, role)) return fail('rate_limited', IDENTITY_REFUSAL);
    id = newParticipantId();
    secret = newParticipantSecret();
    secretHash = hashSecret(secret);
  }

  const joined = await room.submit(
    {
      opId: 'j' + randomUUID().replaceAll('-', ''),
      type: 'participant.join',
      participant: { id, name: req.name, affiliation: req.affiliation ?? known?.affiliation ?? 'other', role },
    },
    { id, role },
    { secretHash },
  );
  if (!joined.ok) return joined;

  await enter(socket, room, req, id, role, deps);
  const you = { id, secret, role };
  if (req.since !== undefined) {
    const held = room.since(req.since);
    if (held && (role === 'facilitator' || held.every((h) => !h.sensitive))) {
      settle(socket, room, req, deps);
      return { ok: true, you, seq: room.board.seq, ops: held.map((h) => h.entry), serverTime: deps.clock.now(), ...extras(socket, room, req, deps) };
    }
  }
  if (req.encoding === 'gzip') return gzipped(socket, room, req, you, deps);
  return answerWhole(socket, room, req, you, deps);
}

/**
 * The wall (PR1–PR4): no identity, no op, no key. It enters the board's room to receive what
 * everybody receives, filtered as for a participant who wrote nothing (PROJECTOR_VIEWER).
 */
async function joinProjector(socket: AppSocket, room: Room, req: JoinRequest, deps: RealtimeDeps): Promise<JoinAck | Deferred> {
  await enter(socket, room, req, '', 'projector', deps);
  const you: You = { id: '', secret: '', role: 'projector' };
  if (req.since !== undefined) {
    const held = room.since(req.since);
    // Entries held from a time something was hidden were kept whole: a fresh view instead (J4).
    if (held && held.every((h) => !h.sensitive)) {
      settle(socket, room, req, deps);
      return { ok: true, you, seq: room.board.seq, ops: held.map((h) => h.entry), serverTime: deps.clock.now(), ...extras(socket, room, req, deps) };
    }
  }
  if (req.encoding === 'gzip') return gzipped(socket, room, req, you, deps);
  return answerWhole(socket, room, req, you, deps);
}

/** Where this socket is now, and as whom; it leaves the board it was on (a socket is on one board at a time). */
async function enter(socket: AppSocket, room: Room, req: JoinRequest, id: string, role: You['role'], deps: RealtimeDeps) {
  const was = socket.data.boardId;
  const wasWho = socket.data.participantId;
  // Those left there hear of it from the adapter's leave-room listener (leftRoomHandler).
  if (was && was !== room.id) for (const name of roomsOf(was)) await socket.leave(name);
  // Staying on the board, the socket may ask for its pointers and presence another way now.
  if (was === room.id) for (const name of roomsOf(was).slice(1)) await socket.leave(name);
  socket.data.boardId = room.id;
  socket.data.participantId = id;
  socket.data.role = role;
  socket.data.gzipResets = req.resets === 'gzip';
  // A later join on this socket supersedes an answer still being compressed (J7).
  if (socket.data.answering) socket.data.answering = undefined;
  // A socket that was somebody on this board is somebody else, or nobody (the wall), now.
  if (was === room.id && wasWho && wasWho !== id) departed(deps.io, room, wasWho);
}

/** The rooms of the board this socket is in, as its join asked (RM1–RM3; P1 and P2 when it asked for nothing). */
function roomsFor(boardId: string, req: JoinRequest): string[] {
  const rooms = [roomName(boardId)];
  if (req.pointers === 'batched') rooms.push(pointersRoom(boardId));
  else if (req.pointers === undefined) rooms.push(cursorRoom(boardId));
  if (req.presence !== 'delta') rooms.push(listRoom(boardId));
  return rooms;
}

/** The socket takes its place on the board and the others hear of it (RM3, P1; the wall changes nobody's list, PR4). */
function settle(socket: AppSocket, room: Room, req: JoinRequest, deps: RealtimeDeps) {
  void socket.join(roomsFor(room.id, req));
  arrived(deps.io, room, socket);
}

/** What the join asked for beside the board (RM1, RM3). The socket counts as online from its answer on. */
function extras(socket: AppSocket, room: Room, req: JoinRequest, deps: RealtimeDeps): JoinExtras {
  const out: JoinExtras = {};
  if (req.presence === 'delta') {
    const online = new Set(onlineIds(deps.io, room.id));
    if (socket.data.participantId) online.add(socket.data.participantId);
    out.online = [...online];
  }
  if (req.pointers === 'batched') out.pointerId = opaqueIdOf(socket);
  return out;
}

function answerWhole(socket: AppSocket, room: Room, req: JoinRequest, you: You, deps: RealtimeDeps): JoinAck {
  // Joining the room and reading the board happen in one synchronous step, so no op falls between.
  settle(socket, room, req, deps);
  return { ok: true, you, seq: room.board.seq, board: viewFor(room.board, viewerOf(socket)), serverTime: deps.clock.now(), ...extras(socket, room, req, deps) };
}

/**
 * J7: the whole board, gzipped on the threadpool. The socket enters the board's room only once
 * the answer is ready; until then every op confirmed after the board that was read is kept for
 * it, as it may see it, and sent right after the answer, then the socket joins the room, all in
 * one synchronous step. So the answer comes first and nothing is skipped or reordered, exactly
 * as when the answer is sent at once.
 */
function gzipped(socket: AppSocket, room: Room, req: JoinRequest, you: You, deps: RealtimeDeps): Deferred {
  const token = Symbol('join');
  socket.data.answering = token;
  const board = room.board;
  const later: Confirmed[] = [];
  const stop = room.onConfirmed((c) => {
    if (c.entry.seq > board.seq) later.push(c);
  });
  const ready = deps.boardGzip.of(room.id, board, viewerOf(socket)).then(
    (gz) => gz,
    (e: unknown) => {
      deps.log.error('could not compress a board; answering uncompressed', { error: String(e) });
      return null;
    },
  );
  const finish = (gz: Buffer | null, ack: (res: JoinAck) => void) => {
    stop();
    // A later join, or a disconnect, took over: this answer is stale and the socket must not enter the room.
    if (socket.data.answering !== token || !socket.connected) return ack(fail('conflict', 'this join was superseded by a later one'));
    socket.data.answering = undefined;
    const serverTime = deps.clock.now();
    if (gz) {
      ack({ ok: true, you, seq: board.seq, boardGzip: gz, serverTime, ...extras(socket, room, req, deps) });
      for (const c of later) deliverConfirmed(socket, c);
      // Removed from the board meanwhile (F3): gone, and must not enter the room.
      if (!socket.connected) return;
    } else {
      // What the socket missed is in the board read now.
      ack({ ok: true, you, seq: room.board.seq, board: viewFor(room.board, viewerOf(socket)), serverTime, ...extras(socket, room, req, deps) });
    }
    settle(socket, room, req, deps);
  };
  return {
    send: (ack) =>
      void ready
        .then((gz) => finish(gz, ack))
        .catch((e: unknown) => {
          deps.log.error('join failed', { error: String(e) });
          ack(fail('conflict', 'the server could not let you join; please retry'));
        }),
  };
}

