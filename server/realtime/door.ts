import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { codeAdmits, type DoorDesk, type DoorRequest } from '../../shared/door.js';
import { err, type ErrorCode } from '../../shared/errors.js';
import { DoorAnswer, type JoinAck, type JoinRequest } from '../../shared/protocol.js';
import type { Room } from '../rooms/room.js';
import { boardOfRoom, readEvent, socketsOf, type AppSocket, type Handler, type RealtimeDeps } from './types.js';
import { addressKey } from '../http/rate-limit.js';

// The door (PROTOCOL DR1–DR7): once a board's code alone no longer admits newcomers, a join that
// would create an identity comes in with the door token of the facilitator's QR link, or waits
// here, its answer held, until a facilitator lets it in or not. Nothing here is stored: a waiting
// request lives as long as its socket, and the token is derived, never kept.

type Outcome = JoinAck & { ok: false };
type Waiter = {
  request: DoorRequest;
  boardId: string;
  socket: AppSocket;
  address: string;
  /** null: let in, the join goes on as if the code had admitted it. */
  settle: (outcome: Outcome | null) => void;
};

const fail = (code: ErrorCode, message: string): Outcome => ({ ok: false, error: err(code, message) });

/**
 * The board's door token: an HMAC of its id under the stored hash of the facilitator key. Only
 * the server holds that hash (L11), so only it and whoever a facilitator shows the link to know
 * the token; it lasts as long as the key and costs no new secret on disk.
 */
export function doorToken(room: Room): string {
  return createHmac('sha256', Buffer.from(room.meta.facilitatorKeyHash, 'hex')).update(`door:${room.id}`).digest('base64url').slice(0, 24);
}

function tokenMatches(given: string, room: Room): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(doorToken(room));
  return a.length === b.length && timingSafeEqual(a, b);
}

export type Door = {
  /**
   * At the join that would create an identity: null to go on, or the refusal to answer with.
   * Resolves only once a facilitator has answered when the newcomer must wait.
   */
  admit(socket: AppSocket, room: Room, req: JoinRequest): Promise<Outcome | null>;
  /** The facilitator's `door.answer` event. */
  answer: Handler;
};

export function attachDoor(deps: RealtimeDeps): Door {
  const boards = new Map<string, Map<string, Waiter>>();
  const bySocket = new Map<string, Waiter>();
  const perAddress = new Map<string, number>();
  /** Let in while their board was unloaded and loaded again: their retry walks in (socket id → board). */
  const letIn = new Map<string, string>();
  const forget = function (this: AppSocket) {
    letIn.delete(this.id);
  };

  const facilitatorsOf = (boardId: string) => socketsOf(deps.io, boardId).filter((s) => s.data.role === 'facilitator');

  const deskOf = (room: Room): DoorDesk => ({
    token: doorToken(room),
    waiting: [...(boards.get(room.id)?.values() ?? [])].map((w) => w.request),
  });

  /** Every facilitator of the board hears the new list; every waiting newcomer how many could answer. */
  const tell = (boardId: string) => {
    const facilitators = facilitatorsOf(boardId);
    if (facilitators.length) {
      void deps.registry.get(boardId).then(
        (room) => {
          if (!room) return;
          const desk = deskOf(room);
          for (const s of facilitators) s.emit('door', desk);
        },
        () => {},
      );
    }
    for (const w of boards.get(boardId)?.values() ?? []) w.socket.emit('door.wait', { facilitators: facilitators.length });
  };

  const drop = (w: Waiter, outcome: Outcome | null) => {
    const waiting = boards.get(w.boardId);
    if (!waiting?.delete(w.request.id)) return;
    if (!waiting.size) boards.delete(w.boardId);
    bySocket.delete(w.socket.id);
    const n = (perAddress.get(w.address) ?? 1) - 1;
    if (n <= 0) perAddress.delete(w.address);
    else perAddress.set(w.address, n);
    w.socket.off('disconnect', onGone);
    w.settle(outcome);
    tell(w.boardId);
  };

  function onGone(this: AppSocket) {
    const w = bySocket.get(this.id);
    if (w) drop(w, fail('conflict', 'you left before a facilitator answered'));
  }

  // A facilitator arriving gets the list at once; one coming or going changes what the waiting hear.
  const onRoom = (name: string, socketId: string) => {
    const boardId = boardOfRoom(name);
    if (!boardId || deps.state.closing) return;
    const s = deps.io.sockets.sockets.get(socketId);
    if (s && s.data.role !== 'facilitator') return;
    tell(boardId);
  };
  deps.io.sockets.adapter.on('join-room', onRoom);
  deps.io.sockets.adapter.on('leave-room', onRoom);

  // Opening the door (or a restore that brings back an open one) lets in whoever waits at it.
  deps.registry.onRoom((room) =>
    room.onConfirmed((c) => {
      if (!boards.has(room.id) || codeAdmits(c.before) || !codeAdmits(c.after)) return;
      for (const w of [...boards.get(room.id)!.values()]) drop(w, null);
    }),
  );

  const admit: Door['admit'] = async (socket, room, req) => {
    if (letIn.get(socket.id) === room.id) {
      letIn.delete(socket.id);
      socket.off('disconnect', forget);
      return null;
    }
    const outcome = await wait(socket, room, req);
    if (outcome || (await deps.registry.get(room.id)) === room) return outcome;
    // The board was put away and opened again while they waited: the join must start over on the
    // board as it is now, and the facilitator's yes still holds for it.
    letIn.set(socket.id, room.id);
    socket.on('disconnect', forget);
    return fail('conflict', 'the board was reopened while you waited; joining again');
  };

  const wait = (socket: AppSocket, room: Room, req: JoinRequest): Promise<Outcome | null> => {
    if (codeAdmits(room.board)) return Promise.resolve(null);
    if (req.door !== undefined && tokenMatches(req.door, room)) return Promise.resolve(null);
    // A second join on a waiting socket replaces its request.
    const earlier = bySocket.get(socket.id);
    if (earlier) drop(earlier, fail('conflict', 'this join was superseded by a later one'));
    const waiting = boards.get(room.id) ?? new Map<string, Waiter>();
    // Counted as the other per-address limits count: an IPv6 /64 is one address (SC4).
    const address = addressKey(deps.addressOf(socket) || '?');
    const full =
      waiting.size >= deps.limits.doorWaitingPerBoard
        ? 'too many people are already waiting for this board; please ask the facilitator'
        : (perAddress.get(address) ?? 0) >= deps.limits.doorWaitingPerAddress
          ? 'too many people from this address are already waiting; please ask the facilitator'
          : null;
    if (full) {
      socket.emit('door.wait', { facilitators: facilitatorsOf(room.id).length, full: true });
      return Promise.resolve(fail('limit', full));
    }
    return new Promise((settle) => {
      const request: DoorRequest = {
        id: randomBytes(9).toString('base64url'),
        name: req.name,
        affiliation: req.affiliation ?? 'other',
        at: deps.clock.now(),
      };
      const w: Waiter = { request, boardId: room.id, socket, address, settle };
      waiting.set(request.id, w);
      boards.set(room.id, waiting);
      bySocket.set(socket.id, w);
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      socket.on('disconnect', onGone);
      tell(room.id);
    });
  };

  const answer: Handler = function onAnswer(...args) {
    const socket = this;
    const event = readEvent<DoorAnswer, { ok: true } | Outcome>(socket, deps, args, DoorAnswer, 'door.answer');
    if (!event) return;
    const { data: answer, ack } = event;
    const { boardId, role } = socket.data;
    if (!boardId || role !== 'facilitator') return ack(fail('forbidden', 'only a facilitator of this board answers the door'));
    const w = boards.get(boardId)?.get(answer.id);
    if (!w) return ack(fail('not_found', 'nobody is waiting with this request; they may have left'));
    drop(w, answer.admit ? null : fail('forbidden', 'the facilitator did not let you in'));
    ack({ ok: true });
  };

  return { admit, answer };
}
