import { err } from '../../shared/errors.js';
import { JoinRequest, type JoinAck, type You } from '../../shared/protocol.js';
import { viewFor } from '../../shared/view.js';
import type { Role } from '../../shared/model.js';
import { hashSecret, newParticipantId, newParticipantSecret, secretMatches } from '../secrets.js';
import { BoardUnavailable } from '../store/types.js';
import type { Confirmed, Room } from '../rooms/room.js';
import { broadcastPresence, deliverConfirmed, sendPresence, viewerOf } from './broadcast.js';
import { IDENTITY_REFUSAL } from './identity-limit.js';
import { eventHandler, roomName, type AppSocket, type Handler, type RealtimeDeps } from './types.js';
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

  await enter(socket, room, id, role);
  const you = { id, secret, role };
  if (req.since !== undefined) {
    const held = room.since(req.since);
    if (held && (role === 'facilitator' || held.every((h) => !h.sensitive))) {
      void socket.join(roomName(room.id));
      broadcastPresence(deps.io, room);
      return { ok: true, you, seq: room.board.seq, ops: held.map((h) => h.entry), serverTime: deps.clock.now() };
    }
  }
  if (req.encoding === 'gzip') return gzipped(socket, room, you, deps);
  return answerWhole(socket, room, you, deps);
}

/**
 * The wall (PR1–PR4): no identity, no op, no key. It enters the board's room to receive what
 * everybody receives, filtered as for a participant who wrote nothing (PROJECTOR_VIEWER).
 */
async function joinProjector(socket: AppSocket, room: Room, req: JoinRequest, deps: RealtimeDeps): Promise<JoinAck | Deferred> {
  // A socket that was somebody on this board is nobody now: the others' lists must say so.
  const wasHere = socket.data.boardId === room.id && !!socket.data.participantId;
  await enter(socket, room, '', 'projector');
  if (wasHere) broadcastPresence(deps.io, room);
  const you: You = { id: '', secret: '', role: 'projector' };
  if (req.since !== undefined) {
    const held = room.since(req.since);
    // Entries held from a time something was hidden were kept whole: a fresh view instead (J4).
    if (held && held.every((h) => !h.sensitive)) {
      void socket.join(roomName(room.id));
      announce(deps, room, socket);
      return { ok: true, you, seq: room.board.seq, ops: held.map((h) => h.entry), serverTime: deps.clock.now() };
    }
  }
  if (req.encoding === 'gzip') return gzipped(socket, room, you, deps);
  return answerWhole(socket, room, you, deps);
}

/** Where this socket is now, and as whom; it leaves the board it was on (a socket is on one board at a time). */
async function enter(socket: AppSocket, room: Room, id: string, role: You['role']) {
  // Those left there hear of it from the adapter's leave-room listener (leftRoomHandler).
  if (socket.data.boardId && socket.data.boardId !== room.id) await socket.leave(roomName(socket.data.boardId));
  socket.data.boardId = room.id;
  socket.data.participantId = id;
  socket.data.role = role;
  // A later join on this socket supersedes an answer still being compressed (J7).
  if (socket.data.answering) socket.data.answering = undefined;
}

/** Everybody on the board hears of a person arriving; the wall arriving changes nobody's list (PR4). */
function announce(deps: RealtimeDeps, room: Room, socket: AppSocket) {
  if (socket.data.role === 'projector') sendPresence(deps.io, room, socket);
  else broadcastPresence(deps.io, room);
}

function answerWhole(socket: AppSocket, room: Room, you: You, deps: RealtimeDeps): JoinAck {
  // Joining the room and reading the board happen in one synchronous step, so no op falls between.
  void socket.join(roomName(room.id));
  announce(deps, room, socket);
  return { ok: true, you, seq: room.board.seq, board: viewFor(room.board, viewerOf(socket)), serverTime: deps.clock.now() };
}

/**
 * J7: the whole board, gzipped on the threadpool. The socket enters the board's room only once
 * the answer is ready; until then every op confirmed after the board that was read is kept for
 * it, as it may see it, and sent right after the answer, then the socket joins the room, all in
 * one synchronous step. So the answer comes first and nothing is skipped or reordered, exactly
 * as when the answer is sent at once.
 */
function gzipped(socket: AppSocket, room: Room, you: You, deps: RealtimeDeps): Deferred {
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
      ack({ ok: true, you, seq: board.seq, boardGzip: gz, serverTime });
      for (const c of later) deliverConfirmed(socket, c);
      // Removed from the board meanwhile (F3): gone, and must not enter the room.
      if (!socket.connected) return;
    } else {
      // What the socket missed is in the board read now.
      ack({ ok: true, you, seq: room.board.seq, board: viewFor(room.board, viewerOf(socket)), serverTime });
    }
    void socket.join(roomName(room.id));
    announce(deps, room, socket);
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

