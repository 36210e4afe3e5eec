import { err, type OpError } from '../../shared/errors';
import type { Affiliation, Board, Role } from '../../shared/model';
import { ClientOp } from '../../shared/ops';
import type { JoinAck, PresenceEntry, You } from '../../shared/protocol';
import { applyOps, type OpContext } from '../../shared/reducer';
import { boardFromView, type BoardView, type EntryView } from '../../shared/view';
import { Store } from '../state/store';
import { hintChangedNotes } from '../state/noteStore';
import type { BoardSource, ConnectionInfo, OpInput, RemoteCursor, SubmitResult } from '../state/source';
import type { BoardSocket } from './socket';
import { newOpId } from './ids';
import { stabilizeBoard } from './stabilize';
import { applyEntries, joinRequest } from './entries';
import { ConnectionTracker } from './connection';
import { CursorChannel } from './cursors';
import { PendingOps } from './pending';
import { OpSender } from './sender';
import { EntryQueue } from './entryQueue';
import { rebase } from './rebase';
import { canGunzip, gunzipBoard } from './gzipBoard';
import { NoteWrites } from './noteWrites';

export type JoinInfo = {
  boardId: string;
  name: string;
  affiliation?: Affiliation;
  facilitatorKey?: string;
  participant?: { id: string; secret: string };
  /** The wall (PR1): joins with no identity and no key, and sees what the room may see. */
  projector?: true;
};

export type SyncHooks = {
  /** Called after every successful join, so the page can remember who we are. */
  onJoined?: (you: You) => void;
};

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
  private readonly writes = new NoteWrites();
  private readonly pending = new PendingOps();
  private readonly sender: OpSender;
  private joined = false;
  /** Set when a confirmed op is not simply our oldest pending one coming back: state needs a rebase. */
  private stale = false;
  /**
   * Between sending `join` and applying its answer (which may take a moment to unpack), broadcasts
   * are held so none is applied twice or skipped.
   */
  private held: EntryView[] | null = null;
  private joinGeneration = 0;
  /** Counts resets, so a join answer still being unpacked knows a newer whole board came meanwhile. */
  private resets = 0;
  /** Set once a gzipped join answer could not be read: later joins ask for the plain board. */
  private gzipFailed = false;
  /** Confirmed entries are applied once per animation frame, however many arrived in it. */
  private readonly queue = new EntryQueue(() => this.flush());
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
    this.sender = new OpSender(socket, this.pending, {
      canSend: () => this.joined && !this.stopped,
      accepted: (opId, seq) => this.onAccepted(opId, seq),
      refused: (opId, error) => this.onRefused(opId, error),
    });
    // Known before the join when we have been on this board before: ops left by an earlier page
    // count as pending at once, and are resent after the join.
    if (joinInfo.participant) this.pending.bind(joinInfo.boardId, joinInfo.participant.id);
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
    this.sender.stop();
    this.queue.stop();
    this.socket.disconnect();
  }

  submit(input: OpInput): SubmitResult {
    const parsed = ClientOp.safeParse({ ...input, opId: input.opId ?? newOpId() });
    if (!parsed.success) return this.refuse(err('invalid', parsed.error.issues[0]?.message ?? 'invalid op'));
    const op = parsed.data;
    const state = this.state;
    const you = this.you;
    if (!state || !you) return this.refuse(err('forbidden', 'not joined yet'), op);
    // The wall only shows (PR2); the server would refuse it anyway.
    if (you.role === 'projector') return this.refuse(err('forbidden', 'the projector only shows the board'), op);
    if (this.pending.has(op.opId)) return this.refuse(err('conflict', 'this opId is already pending'), op);
    const at = this.serverNow();
    // As a batch of one: its result says which records it made, so stabilizing writes those in place.
    const res = applyOps(state, [{ op, ctx: this.ownContext(at) }]);
    const refused = res.refused[0];
    if (refused) return this.refuse(refused.error, op);
    this.pending.add({ op, at });
    this.show(res.board, res.owns, res.notesWritten);
    this.writes.addPending(res.notesWritten);
    if (this.joined) this.sender.send(op);
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
    // Entries that came before this join are confirmed: count them in `since`.
    if (this.applyQueue() === 'diverged') this.confirmed = null;
    const req = joinRequest(this.joinInfo, this.you, this.confirmed?.seq, canGunzip() && !this.gzipFailed);
    const generation = ++this.joinGeneration;
    this.joined = false;
    this.held = [];
    this.socket.emit('join', req, (ack) => {
      if (generation === this.joinGeneration) this.onJoinAck(ack, generation);
    });
  };

  private rejoin(full: boolean): void {
    if (full) {
      // Queued entries still confirm our ops in them, even though their board is about to go.
      this.applyQueue();
      this.confirmed = null;
    }
    if (this.socket.connected) this.join();
  }

  private onJoinAck(ack: JoinAck, generation: number): void {
    if (!ack.ok) {
      this.held = null;
      const code = ack.error.code;
      if (code === 'forbidden' || code === 'not_found') {
        this.tracker.setFatal(code);
        this.socket.disconnect();
      } else if (code === 'invalid' && !this.gzipFailed && canGunzip()) {
        // A server older than J7 does not know `encoding` and refuses the whole request.
        this.gzipFailed = true;
        this.rejoin(false);
      } else {
        // Rate limits and hiccups pass; try again shortly.
        setTimeout(() => this.rejoin(false), 2000);
      }
      return;
    }
    this.identity.set(ack.you);
    // The projector is nobody on the board: it has no ops to keep.
    if (ack.you.role !== 'projector') this.pending.bind(this.joinInfo.boardId, ack.you.id);
    // The server reads its clock after the join is on disk, just before it answers, so the moment
    // the answer arrives is a closer match than the middle of the round trip.
    this.serverOffset = ack.serverTime - Date.now();
    if ('boardGzip' in ack) {
      // Unpacking takes a moment; entries stay held meanwhile. A disconnect or another join in
      // between makes this answer stale, and a reset in between brought a newer board.
      const resets = this.resets;
      const current = () => generation === this.joinGeneration && !this.stopped;
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
    const held = this.held ?? [];
    this.held = null;
    if (answer.view) this.replaceConfirmed(answer.view);
    else if (answer.ops && !this.applyEntries(answer.ops)) {
      this.rejoin(true);
      return;
    }
    if (!this.applyEntries(held)) {
      this.rejoin(false);
      return;
    }
    this.settleAcked();
    this.joined = true;
    this.rebuild();
    this.hooks.onJoined?.(you);
    // C2: resend with the original opIds; the server applies each at most once.
    this.sender.sendAll();
    this.tracker.setJoined(true);
  }

  private readonly onDisconnect = (): void => {
    this.joined = false;
    this.held = null;
    this.joinGeneration++;
    this.sender.reset();
    this.tracker.setJoined(false);
  };

  // ── confirmed ops ──────────────────────────────────────────────────────────

  private readonly onEntry = (entry: EntryView): void => {
    if (this.held) {
      this.held.push(entry);
      return;
    }
    if (this.confirmed) this.queue.push(entry);
  };

  /** The queued entries, applied at the frame (or the fallback timer) they waited for. */
  private flush(): void {
    const outcome = this.applyQueue();
    if (outcome === 'none') return;
    if (outcome === 'diverged') {
      this.rejoin(true);
      return;
    }
    const settled = this.settleAcked();
    // Our own ops coming back in order change nothing the state does not already show; rebasing
    // every pending op on each of them would cost pending × notes per entry in a burst.
    if (this.stale || settled || this.pending.size === 0) this.rebuild();
    else this.tracker.refresh();
    if (outcome === 'gap') this.rejoin(false); // C3
  }

  /** Applies the queued entries to `confirmed`, up to a jump in seq; no rebuild. */
  private applyQueue(): 'none' | 'ok' | 'gap' | 'diverged' {
    if (this.queue.size === 0 || !this.confirmed) return 'none';
    const { entries, gap } = this.queue.take(this.confirmed.seq);
    if (entries.length > 0 && !this.applyEntries(entries)) return 'diverged';
    return gap ? 'gap' : 'ok';
  }

  /** Applies entries in seq order to `confirmed`; false when they cannot be (a gap, or a view that diverged). */
  private applyEntries(entries: readonly EntryView[]): boolean {
    if (!this.confirmed) return false;
    const next = applyEntries(this.confirmed, entries, {
      roleOf: (id) => this.roleOf(id),
      onHidden: (n) => this.hiddenNotes.set(n),
      onOwn: (opId) => {
        // A note.add with `place` comes back at the spot the server settled, not where we drew it (N1).
        const sent = this.pending.get(opId)?.op;
        if (this.pending.firstId() !== opId || (sent?.type === 'note.add' && sent.place)) this.stale = true;
        this.pending.delete(opId);
      },
      onNotesWritten: (ids) => this.writes.addConfirmed(ids),
    });
    if (next) this.confirmed = next;
    return next !== null;
  }

  private readonly onReset = (msg: { seq: number; board: BoardView }): void => {
    // Entries that came before the reset confirm our ops in them; the reset's board then replaces the rest.
    this.applyQueue();
    this.resets++;
    if (this.held) this.held = [];
    this.replaceConfirmed(msg.board);
    this.settleAcked();
    this.rebuild();
  };

  /** A whole board from the server (a join's answer, a reset) instead of the confirmed one. */
  private replaceConfirmed(view: BoardView): void {
    this.confirmed = boardFromView(view);
    this.writes.forgetConfirmed();
    this.hiddenNotes.set(view.hiddenNotes);
  }

  private readonly onPresence = (list: PresenceEntry[]): void => {
    this.presence.set(list);
    this.cursorChannel.keepOnly(new Set(list.filter((p) => p.online).map((p) => p.id)));
  };

  private readonly onBye = (msg: { reason: 'removed' | 'restarting' | 'slow' }): void => {
    if (msg.reason === 'slow') this.tracker.setSlow();
    if (msg.reason === 'removed') {
      this.tracker.setFatal('removed');
      this.stopped = true;
    }
  };

  // ── own ops ────────────────────────────────────────────────────────────────

  private onAccepted(opId: string, seq: number): void {
    // Normally the broadcast confirms it; if we saw that seq without the op (redacted), stop waiting.
    if (!this.pending.has(opId)) return;
    if (this.confirmed && this.confirmed.seq >= seq) {
      this.pending.delete(opId);
      this.rebuild();
    } else this.pending.ackedAt(opId, seq);
  }

  /** Acknowledged ops whose seq `confirmed` has reached are confirmed, seen or not; true when one was still pending. */
  private settleAcked(): boolean {
    return this.confirmed !== null && this.pending.settle(this.confirmed.seq);
  }

  private onRefused(opId: string, error: OpError): void {
    // An op no longer pending was already dropped on rebase, and the person was told then.
    const dropped = this.pending.get(opId);
    if (dropped && this.pending.delete(opId)) {
      this.rebuild();
      this.reportError(error, dropped.op);
    }
  }

  /** state = confirmed + pending (`rebase.ts`); a pending op the new confirmed state refuses is dropped and the person told. */
  private rebuild(): void {
    const confirmed = this.confirmed;
    if (!confirmed) return;
    this.stale = false;
    const { board, refused, owns, notesWritten } = rebase(confirmed, this.pending, (at) => this.ownContext(at));
    this.show(board, owns, this.writes.rebuilt(notesWritten));
    this.tracker.refresh();
    for (const r of refused) this.reportError(r.error, r.op);
  }

  /** `next` on screen, keeping the identity of every note equal to the one shown (`changed`: where to look). */
  private show(next: Board, owns: (record: object) => boolean, changed: ReadonlySet<string> | null): void {
    const shown = stabilizeBoard(this.state, next, owns, changed);
    hintChangedNotes(shown, this.state, changed);
    this.board.set(shown);
  }

  private ownContext(at: number): OpContext {
    const you = this.you!;
    // Until our own participant.join is in the confirmed state, let the server judge permissions.
    const known = !!this.confirmed?.participants[you.id];
    return { actor: { id: you.id, role: you.role === 'projector' ? 'participant' : you.role }, at, trusted: !known };
  }

  private roleOf(id: string): Role {
    return this.confirmed?.participants[id]?.role ?? this.presence.get().find((p) => p.id === id)?.role ?? 'participant';
  }

  private refuse(error: OpError, op?: ClientOp): SubmitResult {
    this.reportError(error, op);
    return { ok: false, error };
  }
}
