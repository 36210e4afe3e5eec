import { err, LIMIT_MESSAGES, type OpError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import type { Board } from '../../shared/model.js';
import type { Op, OpEntry, OpOf } from '../../shared/ops.js';
import { settleNoteAdd } from '../../shared/placement.js';
import type { SnapshotInfo } from '../../shared/snapshot.js';
import type { OpAck } from '../../shared/protocol.js';
import { applyOp, withSeq, type Actor } from '../../shared/reducer.js';
import { boardTag, type Clock, type Log } from '../log.js';
import { DiskFull, SnapshotBudget, type BoardDocument, type BoardMeta, type BoardStore, type LogEntry } from '../store/types.js';
import { RecentOps } from './recent-ops.js';
import { AUTO_LABELS, restoredBoard, RoomSnapshots } from './snapshots.js';
import { COMPACTION, logIsLarge, type CompactionPolicy } from './compaction.js';


const UNAVAILABLE = 'the server could not save this change (its disk may be full, or its storage out of reach); your change is kept and sent again';
const DISK_FULL = LIMIT_MESSAGES.diskFull;
const SNAPSHOT_BUDGET = LIMIT_MESSAGES.snapshotBudget;

/** `reset`: the board was replaced as a whole (a restore), so every viewer needs a fresh view. */
export type Confirmed = { entry: OpEntry; before: Board; after: Board; reset?: true };
export type RoomListener = (c: Confirmed) => void;

/**
 * The one authority for one board: applies ops serially with the shared reducer, numbers them
 * with a gapless seq, makes them durable, then tells listeners (the socket layer broadcasts).
 */
export class Room {
  board: Board;
  readonly meta: BoardMeta;
  private readonly recent: RecentOps;
  /**
   * sender + opId → the ack it got, so a resend gets the same answer (O3). Per sender (LK4): every
   * opId is broadcast, so another's reuse of mine must neither silence my op nor get my answer.
   * Once an op is acknowledged, its seq alone is kept: all that answer holds, without a promise and
   * an object for each of the thousands of opIds a board remembers. A join's opId is not among
   * them: join.handlers mints a fresh one for each request, so no resend can carry it, and its
   * key (a new string, sender + opId) would weigh on every joined connection (P6) for nothing.
   */
  private readonly acks = new Map<string, Promise<OpAck> | number>();
  /** Some remembered opIds were stored before their sender was (old documents): those answer anyone. */
  private legacyOpIds = false;
  private readonly order: (string | undefined)[] = [];
  private forgetAt = 0;
  private sinceCompaction = 0;
  private compacting: Promise<void> = Promise.resolve();
  /** Folds the log after a quiet moment; re-armed by every op. */
  private idle: NodeJS.Timeout | null = null;
  private readonly policy: CompactionPolicy;
  private durable: Promise<void> = Promise.resolve();
  private listeners = new Set<RoomListener>();
  private brokenListeners = new Set<() => void>();
  /** Acks not yet given, so a shutdown can wait for them (L13). */
  private inflight = new Set<Promise<OpAck>>();
  /**
   * Set when an op log write failed (a full disk): this room's memory holds ops the disk does
   * not, so it takes no more ops (`unavailable`) and is never compacted; the registry loads the
   * board again from disk once the store has cut the failed write off the log (L16, S7).
   */
  private broken = false;
  readonly snapshots: RoomSnapshots;

  constructor(
    doc: BoardDocument,
    entries: LogEntry[],
    private readonly deps: { store: BoardStore; clock: Clock; log: Log; compaction?: CompactionPolicy },
    savedSnapshots: SnapshotInfo[] = [],
  ) {
    this.policy = deps.compaction ?? COMPACTION;
    this.board = doc.board;
    this.meta = structuredClone(doc.meta);
    this.recent = new RecentOps(LIMITS.recentOps);
    this.snapshots = new RoomSnapshots(doc.board.id, savedSnapshots, deps);
    for (const [opId, seq, by] of this.meta.opIds) {
      if (by === undefined) this.legacyOpIds = true;
      this.remember(ackKey(by ?? LEGACY_SENDER, opId), seq);
    }
    for (const entry of entries) this.replay(entry);
    this.sinceCompaction = entries.length;
  }

  get id() {
    return this.board.id;
  }

  onConfirmed(fn: RoomListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Called once, when this room stops taking ops after a failed write. */
  onBroken(fn: () => void) {
    this.brokenListeners.add(fn);
  }

  private breakDown(e: unknown) {
    if (this.broken) return;
    this.broken = true;
    this.deps.log.error('could not write an op log; the board is loaded again from disk and nothing unsaved is kept', {
      board: boardTag(this.id),
      error: String(e),
    });
    // The refusals of the ops caught in the failed write go out before anybody is dropped.
    void this.settle()
      .then(() => new Promise((r) => setImmediate(r)))
      .then(() => {
        for (const fn of this.brokenListeners) fn();
      });
  }

  private track(ack: Promise<OpAck>) {
    this.inflight.add(ack);
    void ack.finally(() => this.inflight.delete(ack));
  }

  /** An op of this room awaits its ack: the room must stay in memory (BU1). */
  get busy(): boolean {
    return this.inflight.size > 0;
  }

  /** Resolves when every op submitted so far has its ack. */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private replay(entry: LogEntry) {
    const actor = { id: entry.by, role: 'facilitator' as const };
    // Replayed ops were accepted once; permissions were judged then.
    const res = applyOp(this.board, entry.op, { actor, at: entry.at, trusted: true });
    if (!res.ok) this.deps.log.warn('a logged op no longer applies', { board: boardTag(this.id), seq: entry.seq, error: res.error });
    const before = this.board;
    this.board = withSeq(res.ok ? res.board : this.board, entry.seq);
    if (entry.restored) {
      this.board = withSeq(entry.restored, entry.seq);
      this.recent.markReset(entry.seq);
    }
    if (entry.secretHash && entry.op.type === 'participant.join') this.meta.secrets[entry.op.participant.id] = entry.secretHash;
    this.recent.push(entry, before);
    this.remember(ackKey(entry.by, entry.op.opId), entry.seq);
  }

  /**
   * Apply, log, acknowledge. Resolves once the op is durable (or refused). Order is decided
   * synchronously here, so concurrent callers get consecutive seqs in call order.
   */
  submit(op: Op, actor: Actor, extra?: { secretHash?: string }): Promise<OpAck> {
    const key = ackKey(actor.id, op.opId);
    const known = this.acks.get(key) ?? (this.legacyOpIds ? this.acks.get(ackKey(LEGACY_SENDER, op.opId)) : undefined);
    if (known !== undefined) return typeof known === 'number' ? Promise.resolve({ ok: true, seq: known }) : known;
    // Not remembered: the same opId, resent to the reloaded board, is judged afresh (S7).
    if (this.broken) return Promise.resolve({ ok: false, error: err('unavailable', UNAVAILABLE) });
    // Not remembered either: once space is freed, the same op is welcome (S9).
    if (this.deps.store.roomNow && !this.deps.store.roomNow() && !this.isReturning(op)) return Promise.resolve({ ok: false, error: err('limit', DISK_FULL) });
    if (op.type === 'snapshot.restore') return this.restore(op, actor);
    if (op.type === 'snapshot.save' && actor.role === 'facilitator') {
      if (!this.snapshots.roomFor()) return this.refuse(key, err('limit', `a board keeps at most ${LIMITS.snapshotsPerBoard} checkpoints`));
      if (!this.snapshots.bytesFor(this.deps.store.sizes?.(this.id)?.doc ?? 0)) return Promise.resolve({ ok: false, error: err('limit', SNAPSHOT_BUDGET) });
    }
    return this.commit(op, actor, extra ?? {});
  }

  /** Somebody already on the board coming back: a few bytes, let in even below the disk floor. */
  private isReturning(op: Op): boolean {
    return op.type === 'participant.join' && !!this.board.participants[op.participant.id];
  }

  private refuse(key: string, error: OpError): Promise<OpAck> {
    const refused = Promise.resolve<OpAck>({ ok: false, error });
    this.remember(key, refused);
    return refused;
  }

  /**
   * The checkpoint is read first (the only wait); from there on everything happens in one
   * synchronous step, so the pre-restore checkpoint is exactly the board the restore replaced.
   */
  private restore(op: OpOf<'snapshot.restore'>, actor: Actor): Promise<OpAck> {
    const allowed = applyOp(this.board, op, { actor, at: this.deps.clock.now() });
    const key = ackKey(actor.id, op.opId);
    if (!allowed.ok) return this.refuse(key, allowed.error);
    const done = this.deps.store.getSnapshot(this.id, op.snapshotId).then(
      (saved) => {
        if (!saved) return this.refuse(key, err('not_found', `no checkpoint ${op.snapshotId}`));
        const at = this.deps.clock.now();
        const kept = this.snapshots.saveAuto(this.board, AUTO_LABELS.beforeRestore, at);
        return this.commit(op, actor, { restored: restoredBoard(this.board, saved.board) }, [kept]);
      },
      (e): Promise<OpAck> => {
        this.deps.log.error('could not read a checkpoint', { board: boardTag(this.id), error: String(e) });
        return Promise.resolve({ ok: false, error: err('conflict', 'the server could not read this checkpoint; please retry') });
      },
    );
    this.remember(key, done);
    this.track(done);
    return done;
  }

  private commit(sent: Op, actor: Actor, extra: { secretHash?: string; restored?: Board }, writes: Promise<void>[] = []): Promise<OpAck> {
    const before = this.board;
    // A note that asks for a free spot gets it here, among every note of the board, including
    // those its author cannot see; what is applied, logged and broadcast is the settled op (N1).
    const at = this.deps.clock.now();
    // Judged as sent first, so a refused add (locked board, duplicate id, full board) costs no search.
    const asSent = sent.type === 'note.add' && sent.place ? applyOp(before, sent, { actor, at }) : null;
    const op = asSent?.ok && sent.type === 'note.add' ? settleNoteAdd(before, sent) : sent;
    const res = asSent && !asSent.ok ? asSent : applyOp(before, op, { actor, at });
    if (!res.ok) {
      const refused = Promise.resolve<OpAck>({ ok: false, error: res.error });
      this.remember(ackKey(actor.id, op.opId), refused);
      return refused;
    }
    const seq = before.seq + 1;
    const after = withSeq(extra.restored ?? res.board, seq);
    this.board = after;
    const entry: OpEntry = { seq, by: actor.id, at, op };
    if (extra.secretHash && op.type === 'participant.join') this.meta.secrets[op.participant.id] = extra.secretHash;
    this.recent.push(entry, before);
    if (extra.restored) this.recent.markReset(seq);
    const line: LogEntry = { ...entry };
    if (extra.secretHash) line.secretHash = extra.secretHash;
    if (extra.restored) line.restored = after;
    const written = this.deps.store.append(this.id, line);
    // Marked broken before any ack of this write is decided, so each one of them says `unavailable`.
    written.catch((e) => this.breakDown(e));
    this.durable = written;
    const checkpoints = [...writes, ...this.snapshots.afterOp(entry, before, after, res.board !== before || !!extra.restored)];
    const confirmed: Confirmed = extra.restored ? { entry, before, after, reset: true } : { entry, before, after };
    // Broadcasts follow the log alone, whose writes finish in seq order; a checkpoint write takes
    // longer and would let later ops overtake this one (O2). Only the sender's ack waits for it.
    const broadcast = written.then(() => {
      for (const fn of this.listeners) fn(confirmed);
    });
    const ack: Promise<OpAck> = Promise.all([broadcast, ...checkpoints]).then(
      (): OpAck => {
        if (this.acks.get(ackKey(actor.id, op.opId)) === ack) this.acks.set(ackKey(actor.id, op.opId), seq);
        return { ok: true, seq };
      },
      (e): OpAck => {
        // A failed log write acknowledges nothing and the change is the client's to send again (S7).
        if (this.broken) return { ok: false, error: err('unavailable', UNAVAILABLE) };
        if (e instanceof DiskFull || e instanceof SnapshotBudget) return { ok: false, error: err('limit', e.message) };
        this.deps.log.error('could not write a checkpoint', { board: boardTag(this.id), error: String(e) });
        return { ok: false, error: err('conflict', 'the server could not save this change; please retry') };
      },
    );
    if (op.type !== 'participant.join') this.remember(ackKey(actor.id, op.opId), ack);
    this.track(ack);
    this.sinceCompaction++;
    if (this.logIsLarge()) this.compact();
    else this.whenIdle();
    return ack;
  }

  private logIsLarge(): boolean {
    return logIsLarge(this.policy, this.sinceCompaction, this.deps.store.sizes?.(this.id));
  }

  private whenIdle() {
    const { idleMs, idleOps } = this.policy;
    if (!idleMs || this.sinceCompaction < idleOps) return;
    if (this.idle) this.idle.refresh();
    else {
      this.idle = setTimeout(() => {
        this.idle = null;
        if (this.sinceCompaction >= idleOps) void this.compact();
      }, idleMs);
      // A pending fold never keeps the process alive: a stop folds everything anyway (L13).
      this.idle.unref();
    }
  }

  /** Entries after `since` if all are still held, with the board each was applied to. */
  since(seq: number) {
    return this.recent.since(seq, this.board.seq);
  }

  private remember(key: string, ack: Promise<OpAck> | number) {
    if (!this.acks.has(key)) {
      // A ring of the remembered ids says which to forget: asking a large Map for its first key
      // after many deletions walks the deleted slots, which grows with every id forgotten.
      const slot = this.forgetAt;
      const old = this.order[slot];
      if (old !== undefined) this.acks.delete(old);
      this.order[slot] = key;
      this.forgetAt = (slot + 1) % LIMITS.rememberedOpIds;
    }
    this.acks.set(key, ack);
  }

  /** Applied opIds with their seq and sender, newest last, for the document. */
  private appliedOpIds(): RememberedOpId[] {
    return this.recent.opIds().slice(-LIMITS.rememberedOpIds);
  }

  compact(): Promise<void> {
    this.sinceCompaction = 0;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.broken) return Promise.resolve();
    const doc: BoardDocument = {
      schemaVersion: 1,
      board: this.board,
      meta: { ...this.meta, secrets: { ...this.meta.secrets }, opIds: mergeOpIds(this.meta.opIds, this.appliedOpIds()) },
    };
    this.meta.opIds = doc.meta.opIds;
    this.compacting = this.deps.store.compact(this.id, doc).catch((e) => {
      this.deps.log.error('compaction failed; the op log keeps everything', { board: boardTag(this.id), error: String(e) });
    });
    void this.deps.store.updateIndex({ id: this.id, code: this.meta.code, title: this.board.title, createdAt: this.board.createdAt });
    return this.compacting;
  }

  /** Every write begun so far (log lines, a fold) has finished; nothing new is folded. */
  async quiet(): Promise<void> {
    await this.settle();
    await this.durable.catch(() => {});
    await this.compacting;
  }

  /** Everything acknowledged is already durable; fold the log so the next start is quick. */
  async flush(): Promise<void> {
    await this.durable.catch(() => {});
    await this.compact();
  }
}

type RememberedOpId = BoardMeta['opIds'][number];

function mergeOpIds(old: RememberedOpId[], recent: RememberedOpId[]): RememberedOpId[] {
  const seen = new Map<string, RememberedOpId>();
  for (const e of old) seen.set(ackKey(e[2] ?? LEGACY_SENDER, e[0]), e);
  for (const e of recent) seen.set(ackKey(e[2] ?? LEGACY_SENDER, e[0]), e);
  return [...seen.values()].slice(-LIMITS.rememberedOpIds);
}

/** No participant id is empty, so '' stands for "sender not recorded". */
const LEGACY_SENDER = '';
/** A participant id never holds a space (Id), so the pair cannot be forged from one side. */
const ackKey = (sender: string, opId: string) => sender + ' ' + opId;

export type { OpError };
