import { err, type OpError } from '../../shared/errors';
import type { Affiliation, Board } from '../../shared/model';
import { ClientOp } from '../../shared/ops';
import type { JoinExtras, PresenceEntry, You } from '../../shared/protocol';
import type { BoardFeedReader } from '../state/boardFeed';
import { Store } from '../state/store';
import type { BoardSource, ConnectionInfo, OpInput, RemoteCursor, SubmitResult } from '../state/source';
import type { BoardSocket } from './socket';
import { newOpId } from './ids';
import { ConnectionTracker } from './connection';
import { CursorChannel } from './cursors';
import { JoinSession } from './JoinSession';
import { PresenceList } from './presence';
import { OpSender } from './sender';
import { Replica } from './Replica';

export type JoinInfo = {
  boardId: string;
  name: string;
  affiliation?: Affiliation;
  facilitatorKey?: string;
  participant?: { id: string; secret: string };
  /** The wall (PR1): joins with no identity and no key, and sees what the room may see. */
  projector?: true;
  /** The door token of the QR link we came by (DR3); only a join that makes a new identity carries it. */
  door?: string;
};

export type SyncHooks = {
  /** Called after every successful join, so the page can remember who we are. */
  onJoined?: (you: You) => void;
};

/**
 * A live board for the UI (`BoardSource`): the join handshake (`JoinSession`) and the replica of
 * the board (`Replica`: confirmed + pending ops) on one socket, with no React inside.
 */
export class SyncClient implements BoardSource {
  readonly identity = new Store<You | null>(null);
  readonly presence: Store<readonly PresenceEntry[]>;
  readonly connection: Store<ConnectionInfo>;
  readonly cursors: Store<ReadonlyMap<string, RemoteCursor>>;
  readonly board: BoardFeedReader;
  readonly hiddenNotes: Store<number>;

  private readonly replica: Replica;
  private readonly session: JoinSession;
  private readonly sender: OpSender;
  private readonly errorListeners = new Set<(e: OpError, op?: ClientOp) => void>();
  private readonly tracker: ConnectionTracker;
  private readonly cursorChannel: CursorChannel;
  private readonly people = new PresenceList();
  /** The id our own pointer has on an anonymous board (RM1), from the last join. */
  private pointerId: string | null = null;
  private readonly unsubscribe: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly socket: BoardSocket,
    joinInfo: JoinInfo,
    hooks: SyncHooks = {},
  ) {
    this.presence = this.people.list;
    this.replica = new Replica({
      you: () => this.you,
      presenceRole: (id) => this.presence.get().find((p) => p.id === id)?.role,
      refresh: () => this.tracker.refresh(),
      report: (e, op) => this.reportError(e, op),
      rejoin: (full) => this.session.rejoin(full),
    });
    this.board = this.replica.feed;
    this.hiddenNotes = this.replica.hiddenNotes;
    const pending = this.replica.pending;
    this.tracker = new ConnectionTracker(socket, () => pending.size);
    this.connection = this.tracker.info;
    this.cursorChannel = new CursorChannel(socket, () => this.session.joined, (id) => id === this.you?.id || id === this.pointerId);
    this.cursors = this.cursorChannel.cursors;
    this.sender = new OpSender(socket, pending, {
      canSend: () => this.session.joined && !this.stopped,
      accepted: (opId, seq) => this.replica.accepted(opId, seq),
      refused: (opId, error) => this.replica.refused(opId, error),
      held: (error) => this.reportError(error),
    });
    this.session = new JoinSession({
      socket,
      info: joinInfo,
      replica: this.replica,
      sender: this.sender,
      tracker: this.tracker,
      identity: this.identity,
      stopped: () => this.stopped,
      onJoined: hooks.onJoined,
      onExtras: this.onJoinExtras,
    });
    // Known before the join when we have been on this board before: ops left by an earlier page
    // count as pending at once, and are resent after the join.
    if (joinInfo.participant) pending.bind(joinInfo.boardId, joinInfo.participant.id);
  }

  /** serverTime − Date.now() at the last join, for timers that must agree with the server. */
  get serverOffset(): number {
    return this.session.serverOffset;
  }
  get state(): Board | null {
    return this.board.get();
  }
  get you(): You | null {
    return this.identity.get();
  }
  get confirmedBoard(): Board | null {
    return this.replica.confirmedBoard;
  }
  get pendingOps(): ClientOp[] {
    return [...this.replica.pending.values()].map((p) => p.op);
  }

  start(): void {
    const s = this.socket;
    s.on('connect', this.session.join);
    s.on('disconnect', this.session.onDisconnect);
    s.on('op', this.session.onEntry);
    s.on('reset', this.session.onReset);
    s.on('participants', this.people.whole);
    s.on('presence', this.people.delta);
    s.on('bye', this.onBye);
    this.unsubscribe.push(
      this.replica.participants.subscribe(() => {
        const participants = this.replica.participants.get();
        if (participants) this.people.board(participants);
      }),
      this.people.online.subscribe(() => this.cursorChannel.keepOnly(this.people.online.get())),
    );
    this.tracker.start();
    this.cursorChannel.start();
    s.connect();
  }

  stop(): void {
    this.stopped = true;
    this.socket.off('connect', this.session.join);
    this.socket.off('disconnect', this.session.onDisconnect);
    this.socket.off('op', this.session.onEntry);
    this.socket.off('reset', this.session.onReset);
    this.socket.off('participants', this.people.whole);
    this.socket.off('presence', this.people.delta);
    this.socket.off('bye', this.onBye);
    for (const u of this.unsubscribe.splice(0)) u();
    this.tracker.stop();
    this.cursorChannel.stop();
    this.sender.stop();
    this.replica.stop();
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
    if (this.replica.pending.has(op.opId)) return this.refuse(err('conflict', 'this opId is already pending'), op);
    const refused = this.replica.applyOwn(op, this.serverNow());
    if (refused) return this.refuse(refused, op);
    if (this.session.joined) this.sender.send(op);
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
    if (this.session.joined && !this.stopped) this.session.rejoin(true);
  }

  private readonly onJoinExtras = (extras: JoinExtras): void => {
    this.pointerId = extras.pointerId ?? null;
    this.people.joined(extras.online);
  };

  private readonly onBye = (msg: { reason: 'removed' | 'restarting' | 'slow' }): void => {
    if (msg.reason === 'slow') this.tracker.setSlow();
    if (msg.reason === 'removed') {
      this.tracker.setFatal('removed');
      this.stopped = true;
    }
  };

  private refuse(error: OpError, op?: ClientOp): SubmitResult {
    this.reportError(error, op);
    return { ok: false, error };
  }
}
