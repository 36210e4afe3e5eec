import type { JoinAck, JoinExtras, ResetMsg, You } from '../../shared/protocol';
import type { BoardView, EntryView } from '../../shared/view';
import type { Store } from '../state/store';
import type { ConnectionTracker } from './connection';
import { joinRequest } from './entries';
import { canGunzip, gunzipBoard } from './gzipBoard';
import { joinAsks } from './joinAsks';
import type { Replica } from './Replica';
import type { OpSender } from './sender';
import type { BoardSocket } from './socket';
import type { JoinInfo } from './SyncClient';

export type JoinSessionDeps = {
  socket: BoardSocket;
  info: JoinInfo;
  replica: Replica;
  sender: OpSender;
  tracker: ConnectionTracker;
  identity: Store<You | null>;
  stopped: () => boolean;
  /** After every successful join, so the page can remember who we are. */
  onJoined?: (you: You) => void;
  /**
   * What the join's answer says beside the board (RM1, RM3), as soon as it arrives: the
   * `presence` changes that follow it build on its `online`.
   */
  onExtras?: (extras: JoinExtras) => void;
};

/**
 * Being on the board: the `join` handshake after every (re)connect (J1–J7, C2–C3), whole or
 * since the last confirmed seq, gzipped when the browser can unpack it. Broadcasts that arrive
 * while a join's answer is on its way are held, so none is applied twice or skipped.
 */
export class JoinSession {
  /** True between a join's answer being applied and the next disconnect: ops may be sent. */
  joined = false;
  /** serverTime − Date.now() at the last join, for timers that must agree with the server. */
  serverOffset = 0;
  /**
   * Between sending `join` and applying its answer (which may take a moment to unpack), broadcasts
   * are held so none is applied twice or skipped.
   */
  private held: EntryView[] | null = null;
  private generation = 0;
  /** Counts resets, so a join answer still being unpacked knows a newer whole board came meanwhile. */
  private resets = 0;
  /** Set once a gzipped join answer could not be read: later joins ask for the plain board. */
  private gzipFailed = false;
  /** Set once the server refused the request whole: it is older, and later joins ask for nothing it may not know. */
  private asksFailed = false;
  /**
   * While a gzipped reset (RM6) is unpacked: the entries that came after it, applied once its
   * board is; null when no reset is being unpacked.
   */
  private unpacking: EntryView[] | null = null;

  constructor(private readonly deps: JoinSessionDeps) {}

  readonly join = (): void => {
    const { replica, info, socket } = this.deps;
    if (this.deps.stopped()) return;
    // Entries that came before this join are confirmed: count them in `since`.
    if (replica.applyQueue() === 'diverged') replica.forgetConfirmed();
    const plain = joinRequest(info, this.deps.identity.get(), replica.confirmedSeq, canGunzip() && !this.gzipFailed);
    const gzip = canGunzip() && !this.gzipFailed;
    const req = this.asksFailed ? plain : { ...plain, ...joinAsks(info), ...(gzip ? { resets: 'gzip' as const } : {}) };
    const generation = ++this.generation;
    this.joined = false;
    this.held = [];
    socket.emit('join', req, (ack) => {
      if (generation === this.generation) this.onAck(ack, generation);
    });
  };

  /** Joins again; `full`: ask for the whole board, not the entries since ours. */
  rejoin(full: boolean): void {
    if (full) {
      // Queued entries still confirm our ops in them, even though their board is about to go.
      this.deps.replica.applyQueue();
      this.deps.replica.forgetConfirmed();
    }
    if (this.deps.socket.connected) this.join();
  }

  readonly onDisconnect = (): void => {
    this.joined = false;
    this.held = null;
    this.unpacking = null;
    this.generation++;
    this.deps.sender.reset();
    this.deps.tracker.setJoined(false);
  };

  readonly onEntry = (entry: EntryView): void => {
    if (this.unpacking) this.unpacking.push(entry);
    else if (this.held) this.held.push(entry);
    else this.deps.replica.receive(entry);
  };

  readonly onReset = (msg: ResetMsg): void => {
    const mine = ++this.resets;
    if (this.held) this.held = [];
    if ('board' in msg) {
      // Newer than any reset still being unpacked, and than the entries waiting behind it.
      this.unpacking = null;
      this.deps.replica.reset(msg.board);
      return;
    }
    // RM6: unpacking takes a moment, and no later entry may be applied before this board is.
    const after: EntryView[] = [];
    this.unpacking = after;
    const generation = this.generation;
    const current = () => mine === this.resets && generation === this.generation && !this.deps.stopped();
    gunzipBoard(msg.boardGzip).then(
      (view) => {
        if (!current()) return;
        this.unpacking = null;
        this.deps.replica.reset(view);
        for (const entry of after) this.onEntry(entry);
      },
      () => {
        if (!current()) return;
        this.unpacking = null;
        this.gzipFailed = true;
        this.rejoin(true);
      },
    );
  };

  private onAck(ack: JoinAck, generation: number): void {
    const { tracker, socket, replica, info } = this.deps;
    if (!ack.ok) {
      this.held = null;
      const code = ack.error.code;
      if (code === 'forbidden' || code === 'not_found') {
        tracker.setFatal(code);
        socket.disconnect();
      } else if (code === 'invalid' && (!this.asksFailed || (!this.gzipFailed && canGunzip()))) {
        // A server older than J7 (`encoding`) or RM1–RM3 (`pointers`, `presence`) refuses the whole
        // request: join as such a server expects, without either.
        this.asksFailed = true;
        this.gzipFailed = true;
        this.rejoin(false);
      } else {
        // Rate limits and hiccups pass; try again shortly.
        setTimeout(() => this.rejoin(false), 2000);
      }
      return;
    }
    this.deps.identity.set(ack.you);
    this.deps.onExtras?.({
      ...(Array.isArray(ack.online) ? { online: ack.online } : {}),
      ...(typeof ack.pointerId === 'string' ? { pointerId: ack.pointerId } : {}),
    });
    // The projector is nobody on the board: it has no ops to keep.
    if (ack.you.role !== 'projector') replica.pending.bind(info.boardId, ack.you.id);
    // The server reads its clock after the join is on disk, just before it answers, so the moment
    // the answer arrives is a closer match than the middle of the round trip.
    this.serverOffset = ack.serverTime - Date.now();
    if ('boardGzip' in ack) {
      // Unpacking takes a moment; entries stay held meanwhile. A disconnect or another join in
      // between makes this answer stale, and a reset in between brought a newer board.
      const resets = this.resets;
      const current = () => generation === this.generation && !this.deps.stopped();
      gunzipBoard(ack.boardGzip).then(
        (view) => {
          if (current()) this.joinWith(ack.you, this.resets === resets ? { view } : {});
        },
        () => {
          if (!current()) return;
          this.gzipFailed = true;
          this.held = null;
          this.rejoin(true);
        },
      );
    } else if ('board' in ack) this.joinWith(ack.you, { view: ack.board });
    else if ('ops' in ack) this.joinWith(ack.you, { ops: ack.ops });
    else {
      this.held = null;
      this.rejoin(true);
    }
  }

  /** The join's answer, once readable: a whole board, the ops since ours, or nothing newer than a reset that came meanwhile. */
  private joinWith(you: You, answer: { view?: BoardView; ops?: EntryView[] }): void {
    const { replica } = this.deps;
    const held = this.held ?? [];
    this.held = null;
    if (answer.view) replica.replaceConfirmed(answer.view);
    else if (answer.ops && !replica.applyEntries(answer.ops)) {
      this.rejoin(true);
      return;
    }
    if (!replica.applyEntries(held)) {
      this.rejoin(false);
      return;
    }
    replica.settleAcked();
    this.joined = true;
    replica.rebuild();
    this.deps.onJoined?.(you);
    // C2: resend with the original opIds; the server applies each at most once.
    this.deps.sender.sendAll();
    this.deps.tracker.setJoined(true);
  }
}
