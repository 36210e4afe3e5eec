import { err, type OpError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import type { Board } from '../../shared/model.js';
import type { Op, OpEntry } from '../../shared/ops.js';
import type { OpAck } from '../../shared/protocol.js';
import { applyOp, withSeq, type Actor } from '../../shared/reducer.js';
import type { Viewer } from '../../shared/view.js';
import type { Clock, Log } from '../log.js';
import type { BoardDocument, BoardMeta, BoardStore, LogEntry } from '../store/types.js';
import { RecentOps } from './recent-ops.js';

/** Every this many ops the log is folded into the document. */
export const COMPACT_EVERY = 500;

export type Confirmed = { entry: OpEntry; before: Board; after: Board };
export type RoomListener = (c: Confirmed) => void;

/**
 * The one authority for one board: applies ops serially with the shared reducer, numbers them
 * with a gapless seq, makes them durable, then tells listeners (the socket layer broadcasts).
 */
export class Room {
  board: Board;
  readonly meta: BoardMeta;
  private readonly recent: RecentOps;
  /** opId → the ack it got, so a resend gets the same answer (O3). */
  private readonly acks = new Map<string, Promise<OpAck>>();
  private sinceCompaction = 0;
  private compacting: Promise<void> = Promise.resolve();
  private durable: Promise<void> = Promise.resolve();
  private listeners = new Set<RoomListener>();

  constructor(doc: BoardDocument, entries: LogEntry[], private readonly deps: { store: BoardStore; clock: Clock; log: Log }) {
    this.board = doc.board;
    this.meta = structuredClone(doc.meta);
    this.recent = new RecentOps(LIMITS.recentOps);
    for (const [opId, seq] of this.meta.opIds) this.acks.set(opId, Promise.resolve({ ok: true, seq }));
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

  private replay(entry: LogEntry) {
    const actor = { id: entry.by, role: 'facilitator' as const };
    // Replayed ops were accepted once; permissions were judged then.
    const res = applyOp(this.board, entry.op, { actor, at: entry.at, trusted: true });
    if (!res.ok) this.deps.log.warn('a logged op no longer applies', { board: this.id, seq: entry.seq, error: res.error });
    const before = this.board;
    this.board = withSeq(res.ok ? res.board : this.board, entry.seq);
    if (entry.secretHash && entry.op.type === 'participant.join') this.meta.secrets[entry.op.participant.id] = entry.secretHash;
    this.recent.push(entry, before);
    this.remember(entry.op.opId, Promise.resolve({ ok: true, seq: entry.seq }));
  }

  /**
   * Apply, log, acknowledge. Resolves once the op is durable (or refused). Order is decided
   * synchronously here, so concurrent callers get consecutive seqs in call order.
   */
  submit(op: Op, actor: Actor, extra?: { secretHash?: string }): Promise<OpAck> {
    const known = this.acks.get(op.opId);
    if (known) return known;
    const before = this.board;
    const at = this.deps.clock.now();
    const res = applyOp(before, op, { actor, at });
    if (!res.ok) {
      const refused = Promise.resolve<OpAck>({ ok: false, error: res.error });
      this.remember(op.opId, refused);
      return refused;
    }
    const seq = before.seq + 1;
    const after = withSeq(res.board, seq);
    this.board = after;
    const entry: OpEntry = { seq, by: actor.id, at, op };
    if (extra?.secretHash && op.type === 'participant.join') this.meta.secrets[op.participant.id] = extra.secretHash;
    this.recent.push(entry, before);
    const line: LogEntry = extra?.secretHash ? { ...entry, secretHash: extra.secretHash } : entry;
    const written = this.deps.store.append(this.id, line);
    this.durable = written;
    const ack = written.then(
      (): OpAck => {
        for (const fn of this.listeners) fn({ entry, before, after });
        return { ok: true, seq };
      },
      (e): OpAck => {
        this.deps.log.error('could not write the op log', { board: this.id, error: String(e) });
        return { ok: false, error: err('conflict', 'the server could not save this change; please retry') };
      },
    );
    this.remember(op.opId, ack);
    if (++this.sinceCompaction >= COMPACT_EVERY) this.compact();
    return ack;
  }

  /** Entries after `since` if all are still held, with the board each was applied to. */
  since(seq: number) {
    return this.recent.since(seq, this.board.seq);
  }

  private remember(opId: string, ack: Promise<OpAck>) {
    this.acks.set(opId, ack);
    if (this.acks.size > LIMITS.rememberedOpIds) this.acks.delete(this.acks.keys().next().value!);
  }

  /** Applied opIds with their seq, newest last, for the document. */
  private appliedOpIds(): [string, number][] {
    return this.recent.opIds().slice(-LIMITS.rememberedOpIds);
  }

  compact(): Promise<void> {
    this.sinceCompaction = 0;
    const doc: BoardDocument = {
      schemaVersion: 1,
      board: this.board,
      meta: { ...this.meta, secrets: { ...this.meta.secrets }, opIds: mergeOpIds(this.meta.opIds, this.appliedOpIds()) },
    };
    this.meta.opIds = doc.meta.opIds;
    this.compacting = this.deps.store.compact(this.id, doc).catch((e) => {
      this.deps.log.error('compaction failed; the op log keeps everything', { board: this.id, error: String(e) });
    });
    void this.deps.store.updateIndex({ id: this.id, code: this.meta.code, title: this.board.title, createdAt: this.board.createdAt });
    return this.compacting;
  }

  /** Everything acknowledged is already durable; fold the log so the next start is quick. */
  async flush(): Promise<void> {
    await this.durable.catch(() => {});
    await this.compact();
  }

  viewerOf(actor: Actor): Viewer {
    return { id: actor.id, role: actor.role };
  }
}

function mergeOpIds(old: [string, number][], recent: [string, number][]): [string, number][] {
  const seen = new Map(old);
  for (const [id, seq] of recent) seen.set(id, seq);
  return [...seen].slice(-LIMITS.rememberedOpIds);
}

export type { OpError };
