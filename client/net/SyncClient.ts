import { err, type OpError } from '../../shared/errors';
import type { Affiliation, Board, Role } from '../../shared/model';
import { ClientOp } from '../../shared/ops';
import type { JoinAck, JoinRequest, OpAck, PresenceEntry, You } from '../../shared/protocol';
import { applyOp, withSeq, type OpContext } from '../../shared/reducer';
import { boardFromView, type BoardView, type EntryView } from '../../shared/view';
import { Store } from '../state/store';
import type { BoardSource, ConnectionInfo, OpInput, RemoteCursor, SubmitResult } from '../state/source';
import type { BoardSocket } from './socket';
import { newOpId } from './ids';
import { stabilizeBoard } from './stabilize';
import { ConnectionTracker } from './connection';
import { CursorChannel } from './cursors';

export type JoinInfo = {
  boardId: string;
  name: string;
  affiliation?: Affiliation;
  facilitatorKey?: string;
  participant?: { id: string; secret: string };
};

export type SyncHooks = {
  /** Called after every successful join, so the page can remember who we are. */
  onJoined?: (you: You) => void;
};

type Pending = { op: ClientOp; at: number };

/**
 * The client half of the sync protocol (docs/PROTOCOL.md C1–C3), with no React inside:
 * `state` is always `confirmed` + the pending ops re-applied in order.
 */
export class SyncClient implements BoardSource {
  readonly board = new Store<Board | null>(null);
  readonly identity = new Store<You | null>(null);
  readonly presence = new Store<readonly PresenceEntry[]>([]);
  readonly connection: Store<ConnectionInfo>;
  readonly cursors: Store<ReadonlyMap<string, RemoteCursor>>;
  /** serverTime − Date.now() at the last join, for timers that must agree with the server. */
  serverOffset = 0;
  /**
   * Others' notes this viewer may not read yet (private writing, V1), as of the last `join` or
   * `reset`, or of the last entry that carried the count. A redacted entry alone cannot say
   * whether a note was added, so the count is never guessed from one.
   */
  readonly hiddenNotes = new Store<number>(0);

  private confirmed: Board | null = null;
  private readonly pending = new Map<string, Pending>();
  private joined = false;
  /** Set when a confirmed op is not simply our oldest pending one coming back: state needs a rebase. */
  private stale = false;
  /** Between sending `join` and its ack, broadcasts are held so none is applied twice or skipped. */
  private held: EntryView[] | null = null;
  private joinGeneration = 0;
  private readonly errorListeners = new Set<(e: OpError, op?: ClientOp) => void>();
  private readonly tracker: ConnectionTracker;
  private readonly cursorChannel: CursorChannel;
  private stopped = false;

  constructor(
    private readonly socket: BoardSocket,
    private readonly joinInfo: JoinInfo,
    private readonly hooks: SyncHooks = {},
  ) {
    this.tracker = new ConnectionTracker(socket, () => this.pending.size);
    this.connection = this.tracker.info;
    this.cursorChannel = new CursorChannel(socket, () => this.joined);
    this.cursors = this.cursorChannel.cursors;
  }

  get state(): Board | null {
    return this.board.get();
  }
  get you(): You | null {
    return this.identity.get();
  }
  get confirmedBoard(): Board | null {
    return this.confirmed;
  }
  get pendingOps(): ClientOp[] {
    return [...this.pending.values()].map((p) => p.op);
  }

  start(): void {
    const s = this.socket;
    s.on('connect', this.join);
    s.on('disconnect', this.onDisconnect);
    s.on('op', this.onEntry);
    s.on('reset', this.onReset);
    s.on('participants', this.onPresence);
    s.on('bye', this.onBye);
    this.tracker.start();
    this.cursorChannel.start();
    s.connect();
  }

  stop(): void {
    this.stopped = true;
    this.socket.off('connect', this.join);
    this.socket.off('disconnect', this.onDisconnect);
    this.socket.off('op', this.onEntry);
    this.socket.off('reset', this.onReset);
    this.socket.off('participants', this.onPresence);
    this.socket.off('bye', this.onBye);
    this.tracker.stop();
    this.cursorChannel.stop();
    this.socket.disconnect();
  }

  submit(input: OpInput): SubmitResult {
    const parsed = ClientOp.safeParse({ ...input, opId: input.opId ?? newOpId() });
    if (!parsed.success) return this.refuse(err('invalid', parsed.error.issues[0]?.message ?? 'invalid op'));
    const op = parsed.data;
    const state = this.state;
    const you = this.you;
    if (!state || !you) return this.refuse(err('forbidden', 'not joined yet'), op);
    if (this.pending.has(op.opId)) return this.refuse(err('conflict', 'this opId is already pending'), op);
    const at = this.serverNow();
    const res = applyOp(state, op, this.ownContext(at));
    if (!res.ok) return this.refuse(res.error, op);
    this.pending.set(op.opId, { op, at });
    this.board.set(stabilizeBoard(state, res.board));
    if (this.joined) this.send(op);
    this.tracker.refresh();
    return { ok: true, opId: op.opId };
  }

  sendCursor(x: number, y: number): void {
    this.cursorChannel.send(x, y);
  }

  onError(listener: (e: OpError, op?: ClientOp) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  reportError(error: OpError, op?: ClientOp): void {
    for (const l of [...this.errorListeners]) l(error, op);
  }

  /** The server's clock as well as this client can tell (timers count down to the server's `endsAt`). */
  serverNow(): number {
    return Date.now() + this.serverOffset;
  }

  /**
   * Asks for this viewer's whole board again (a fresh `join`): the only way, today, to learn how
   * many notes others have written during private writing. A join is an op on the server, so
   * this runs when the person asks, never on a timer.
   */
  refreshView(): void {
    if (this.joined && !this.stopped) this.rejoin(true);
  }

  // ── joining ────────────────────────────────────────────────────────────────

  private readonly join = (): void => {
    if (this.stopped) return;
    const you = this.you;
    const req: JoinRequest = {
      boardId: this.joinInfo.boardId,
      name: this.joinInfo.name,
      ...(this.joinInfo.affiliation ? { affiliation: this.joinInfo.affiliation } : {}),
      ...(this.joinInfo.facilitatorKey ? { facilitatorKey: this.joinInfo.facilitatorKey } : {}),
    };
    const participant = you ? { id: you.id, secret: you.secret } : this.joinInfo.participant;
    if (participant) req.participant = participant;
    if (this.confirmed) req.since = this.confirmed.seq;
    const generation = ++this.joinGeneration;
    this.joined = false;
    this.held = [];
    this.socket.emit('join', req, (ack) => {
      if (generation === this.joinGeneration) this.onJoinAck(ack);
    });
  };

  private rejoin(full: boolean): void {
    if (full) this.confirmed = null;
    if (this.socket.connected) this.join();
  }

  private onJoinAck(ack: JoinAck): void {
    const held = this.held ?? [];
    this.held = null;
    if (!ack.ok) {
      const code = ack.error.code;
      if (code === 'forbidden' || code === 'not_found') {
        this.tracker.setFatal(code);
        this.socket.disconnect();
      } else {
        // Rate limits and hiccups pass; try again shortly.
        setTimeout(() => this.rejoin(false), 2000);
      }
      return;
    }
    this.identity.set(ack.you);
    // The server reads its clock after the join is on disk, just before it answers, so the moment
    // the answer arrives is a closer match than the middle of the round trip.
    this.serverOffset = ack.serverTime - Date.now();
    if ('board' in ack) {
      this.confirmed = boardFromView(ack.board);
      this.hiddenNotes.set(ack.board.hiddenNotes);
    } else if (!this.applyEntries(ack.ops)) {
      this.rejoin(true);
      return;
    }
    if (!this.applyEntries(held)) {
      this.rejoin(false);
      return;
    }
    this.joined = true;
    this.rebuild();
    this.hooks.onJoined?.(ack.you);
    // C2: resend with the original opIds; the server applies each at most once.
    for (const { op } of this.pending.values()) this.send(op);
    this.tracker.setJoined(true);
  }

  private readonly onDisconnect = (): void => {
    this.joined = false;
    this.held = null;
    this.joinGeneration++;
    this.tracker.setJoined(false);
  };

  // ── confirmed ops ──────────────────────────────────────────────────────────

  private readonly onEntry = (entry: EntryView): void => {
    if (this.held) {
      this.held.push(entry);
      return;
    }
    if (!this.confirmed) return;
    if (entry.seq > this.confirmed.seq + 1) {
      this.rejoin(false); // C3
      return;
    }
    if (!this.applyEntries([entry])) {
      this.rejoin(true);
      return;
    }
    // Our own ops coming back in order change nothing the state does not already show; rebasing
    // every pending op on each of them would cost pending × notes per entry in a burst.
    if (this.stale || this.pending.size === 0) this.rebuild();
    else this.tracker.refresh();
  };

  /** Applies entries in seq order to `confirmed`; false when they cannot be (a gap, or a view that diverged). */
  private applyEntries(entries: readonly EntryView[]): boolean {
    for (const entry of entries) {
      const board = this.confirmed;
      if (!board) return false;
      if (entry.seq <= board.seq) continue;
      if (entry.seq !== board.seq + 1) return false;
      const hidden = hiddenCountOf(entry);
      if (hidden !== null) this.hiddenNotes.set(hidden);
      if (entry.op === null) {
        this.confirmed = withSeq(board, entry.seq); // V1: something we may not see happened
        continue;
      }
      const ctx: OpContext = { actor: { id: entry.by, role: this.roleOf(entry.by) }, at: entry.at, trusted: true };
      const res = applyOp(board, entry.op, ctx);
      if (!res.ok) return false;
      this.confirmed = withSeq(res.board, entry.seq);
      if (this.pending.keys().next().value !== entry.op.opId) this.stale = true;
      this.pending.delete(entry.op.opId);
    }
    return true;
  }

  private readonly onReset = (msg: { seq: number; board: BoardView }): void => {
    if (this.held) this.held = [];
    this.confirmed = boardFromView(msg.board);
    this.hiddenNotes.set(msg.board.hiddenNotes);
    this.rebuild();
  };

  private readonly onPresence = (list: PresenceEntry[]): void => {
    this.presence.set(list);
    this.cursorChannel.keepOnly(new Set(list.filter((p) => p.online).map((p) => p.id)));
  };

  private readonly onBye = (msg: { reason: 'removed' | 'restarting' }): void => {
    if (msg.reason === 'removed') {
      this.tracker.setFatal('removed');
      this.stopped = true;
    }
  };

  // ── own ops ────────────────────────────────────────────────────────────────

  private send(op: ClientOp): void {
    this.socket.emit('op', op, (ack: OpAck) => this.onOpAck(op.opId, ack));
  }

  private onOpAck(opId: string, ack: OpAck): void {
    if (ack.ok) {
      // Normally the broadcast already confirmed it; if we saw that seq without the op (redacted), stop waiting.
      if (this.pending.has(opId) && this.confirmed && this.confirmed.seq >= ack.seq) {
        this.pending.delete(opId);
        this.rebuild();
      }
      return;
    }
    // An op no longer pending was already dropped on rebase, and the person was told then.
    const dropped = this.pending.get(opId);
    if (dropped && this.pending.delete(opId)) {
      this.rebuild();
      this.reportError(ack.error, dropped.op);
    }
  }

  /**
   * state = confirmed + pending. A pending op that the new confirmed state refuses is dropped and
   * the person told at once: the server, applying the same reducer after the same ops, would refuse it too.
   */
  private rebuild(): void {
    let state = this.confirmed;
    if (!state) return;
    this.stale = false;
    const refused: { error: OpError; op: ClientOp }[] = [];
    for (const [opId, p] of this.pending) {
      const res = applyOp(state, p.op, this.ownContext(p.at));
      if (res.ok) state = res.board;
      else {
        this.pending.delete(opId);
        refused.push({ error: res.error, op: p.op });
      }
    }
    this.board.set(stabilizeBoard(this.state, state));
    this.tracker.refresh();
    for (const r of refused) this.reportError(r.error, r.op);
  }

  private ownContext(at: number): OpContext {
    const you = this.you!;
    // Until our own participant.join is in the confirmed state, let the server judge permissions.
    const known = !!this.confirmed?.participants[you.id];
    return { actor: { id: you.id, role: you.role }, at, trusted: !known };
  }

  private roleOf(id: string): Role {
    return this.confirmed?.participants[id]?.role ?? this.presence.get().find((p) => p.id === id)?.role ?? 'participant';
  }

  private refuse(error: OpError, op?: ClientOp): SubmitResult {
    this.reportError(error, op);
    return { ok: false, error };
  }
}

/** A count of hidden notes riding on an entry, for servers that send one with private-writing entries. */
function hiddenCountOf(entry: EntryView): number | null {
  const n = (entry as { hiddenNotes?: unknown }).hiddenNotes;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}
