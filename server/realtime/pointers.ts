import { randomBytes } from 'node:crypto';
import { LIMITS } from '../../shared/limits.js';
import type { CursorBatch, CursorMsg } from '../../shared/protocol.js';
import type { RoomRegistry } from '../rooms/registry.js';
import { cursorRoom, pointersRoom, type AppSocket, type IO } from './types.js';

/**
 * While a board is anonymous (F9) a pointer is named by an id of its connection alone, drawn fresh
 * and never sent with anything else, so no participant list can turn it into a name (LK3).
 */
const opaqueIds = new WeakMap<AppSocket, string>();
export function opaqueIdOf(socket: AppSocket): string {
  let id = opaqueIds.get(socket);
  if (!id) opaqueIds.set(socket, (id = 'c_' + randomBytes(12).toString('base64url')));
  return id;
}

type Batch = { moved: Map<AppSocket, CursorMsg>; timer: NodeJS.Timeout };

/**
 * Pointers of a 300-person room (RM1): each sender's latest position is kept and a board's moved
 * pointers go out together, one message per receiver per batch, whatever the number of pointers
 * or how often each one moves. A message per pointer per receiver (P2) is still sent to the
 * sockets that asked for neither RM1 nor RM2.
 */
export class PointerBatches {
  private readonly boards = new Map<string, Batch>();

  constructor(
    private readonly io: IO,
    private readonly registry: RoomRegistry,
    private readonly intervalMs = LIMITS.cursorBatchMs,
  ) {}

  /** A joined socket's pointer moved to `at`. */
  move(socket: AppSocket, boardId: string, participantId: string, at: CursorMsg) {
    const anonymous = this.registry.peek(boardId)?.board.settings.anonymous;
    if (anonymous === undefined) return;
    if (this.has(cursorRoom(boardId))) {
      const cursor = anonymous ? { id: opaqueIdOf(socket), anonymous: true as const, ...at } : { id: participantId, ...at };
      socket.to(cursorRoom(boardId)).volatile.emit('cursor', cursor);
    }
    if (!this.has(pointersRoom(boardId))) return;
    let batch = this.boards.get(boardId);
    if (!batch) {
      // The first move after a quiet spell goes out at once; the next batch waits a whole interval.
      const fresh: Batch = { moved: new Map(), timer: setTimeout(() => this.send(boardId, fresh), 0) };
      this.boards.set(boardId, (batch = fresh));
    }
    // Latest position wins: a pointer that moved five times since the last batch goes out once.
    batch.moved.set(socket, at);
  }

  /** A stop leaves no timer behind. */
  stop() {
    for (const b of this.boards.values()) clearTimeout(b.timer);
    this.boards.clear();
  }

  private send(boardId: string, batch: Batch) {
    if (this.boards.get(boardId) !== batch) return;
    const room = this.registry.peek(boardId);
    // Nothing moved for a whole interval: nothing is kept for a board nobody moves on.
    if (!batch.moved.size || !room) return void this.boards.delete(boardId);
    const moved = batch.moved;
    batch.moved = new Map();
    batch.timer = setTimeout(() => this.send(boardId, batch), this.intervalMs);
    // Judged when the batch goes out, so a board turned anonymous since a move names nobody (LK3).
    const anonymous = room.board.settings.anonymous;
    const list: CursorBatch['list'] = [];
    for (const [s, at] of moved) {
      // Left, or moved to another board, since: this position belongs to nothing here now.
      if (!s.connected || s.data.boardId !== boardId || !s.data.participantId) continue;
      list.push([anonymous ? opaqueIdOf(s) : s.data.participantId, at.x, at.y]);
    }
    // Not volatile, unlike P2's single cursors: a batch dropped while a socket is busy would leave
    // its pointers resting at a stale place, and one batch per interval costs little to queue.
    if (list.length) this.io.to(pointersRoom(boardId)).emit('cursors', anonymous ? { list, anonymous: true } : { list });
  }

  private has(room: string): boolean {
    return !!this.io.sockets.adapter.rooms.get(room)?.size;
  }
}
