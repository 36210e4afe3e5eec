import { randomBytes } from 'node:crypto';
import { LIMITS } from '../../shared/limits.js';
import type { Board } from '../../shared/model.js';
import type { OpEntry } from '../../shared/ops.js';
import { toSnapshot, type SnapshotInfo } from '../../shared/snapshot.js';
import { boardTag, type Clock, type Log } from '../log.js';
import { DiskFull, SnapshotBudget, type BoardStore, type StoredSnapshot } from '../store/types.js';

/** While a board keeps changing, a checkpoint is taken at least this often (checked on each op, never by a timer). */
export const AUTO_SNAPSHOT_EVERY_MS = 10 * 60_000;

export const AUTO_LABELS = {
  reveal: '公開 / reveal',
  votingEnd: '投票終了 / voting ended',
  periodic: '自動保存 / autosave',
  beforeRestore: '復元前 / before restore',
} as const;

const newSnapshotId = () => 'c' + randomBytes(9).toString('base64url');

type Deps = { store: BoardStore; clock: Clock; log: Log };

/** One board's checkpoints: the list the routes show, the automatic ones, and the writes. */
export class RoomSnapshots {
  private items: SnapshotInfo[];
  private lastAuto: number;

  constructor(private readonly boardId: string, saved: SnapshotInfo[], private readonly deps: Deps) {
    this.items = [...saved];
    // Counting starts when the board is opened: a restart does not owe a checkpoint at once.
    this.lastAuto = deps.clock.now();
  }

  list(): SnapshotInfo[] {
    return [...this.items];
  }

  has(id: string): boolean {
    return this.items.some((i) => i.id === id);
  }

  /** Named and periodic checkpoints stop at the limit; phase changes and pre-restore ones never do. */
  roomFor(): boolean {
    return this.items.length < LIMITS.snapshotsPerBoard;
  }

  /**
   * Whether a named checkpoint of about `bytes` (the board's size as the store last wrote it)
   * fits the board's snapshot budget (S10), once every automatic one is dropped.
   */
  bytesFor(bytes: number): boolean {
    return this.deps.store.snapshotRoom?.(this.boardId, bytes) ?? true;
  }

  /** Start writing a checkpoint of `board`; it is listed at once and resolves when durable. */
  save(board: Board, label: string, auto: boolean, at: number): Promise<void> {
    const snap = toSnapshot(board, at, { id: newSnapshotId(), label, at, auto }) as StoredSnapshot;
    this.items.push(snap.checkpoint);
    if (auto) this.lastAuto = at;
    return this.deps.store.saveSnapshot(this.boardId, snap).then(
      (res) => {
        // Automatic checkpoints the store deleted to stay within the budget leave the list too.
        if (res?.dropped.length) this.items = this.items.filter((i) => !res.dropped.includes(i.id));
      },
      (e) => {
        this.items = this.items.filter((i) => i !== snap.checkpoint);
        const refused = e instanceof DiskFull || e instanceof SnapshotBudget;
        this.deps.log[refused ? 'warn' : 'error'](refused ? 'a checkpoint was not saved: no room for it' : 'could not save a checkpoint', {
          board: boardTag(this.boardId),
          label,
          error: String(e),
        });
        throw e;
      },
    );
  }

  /**
   * An automatic checkpoint. Its failure is logged, never turned into a refusal: the op that
   * prompted it is already applied and logged, and a refusal would tell the sender otherwise.
   */
  saveAuto(board: Board, label: string, at: number): Promise<void> {
    return this.save(board, label, true, at).catch(() => {});
  }

  /** Checkpoints a confirmed op calls for: the named one, a phase change, or ten minutes of changes. */
  afterOp(entry: OpEntry, before: Board, after: Board, changed: boolean): Promise<void>[] {
    const { op, at } = entry;
    if (op.type === 'snapshot.save') return [this.save(after, op.label, false, at)];
    if (before.settings.privateWriting && !after.settings.privateWriting) return [this.saveAuto(after, AUTO_LABELS.reveal, at)];
    if (op.type === 'voting.end' && changed) return [this.saveAuto(after, AUTO_LABELS.votingEnd, at)];
    if (changed && at - this.lastAuto >= AUTO_SNAPSHOT_EVERY_MS && this.roomFor()) return [this.saveAuto(after, AUTO_LABELS.periodic, at)];
    return [];
  }
}

/**
 * The board after restoring `saved` into `current`: the workshop's content comes back (title,
 * settings, sections, notes, votes, voting), while what belongs to the live session stays: the
 * id, the seq, everybody who has joined (so identities keep working), the running timer, and
 * the focus unless it points at a section that is gone.
 */
export function restoredBoard(current: Board, saved: Board): Board {
  const participants = { ...saved.participants, ...current.participants };
  const notes: Board['notes'] = {};
  for (const n of Object.values(saved.notes)) {
    // A person renamed since the checkpoint keeps the new name on the notes that come back.
    const p = participants[n.authorId];
    notes[n.id] = p ? { ...n, authorName: p.name, affiliation: p.affiliation } : n;
  }
  const focus = current.focus && 'sectionId' in current.focus && !saved.sections[current.focus.sectionId] ? null : current.focus;
  return {
    ...current,
    title: saved.title,
    settings: saved.settings,
    sections: saved.sections,
    notes,
    participants,
    voting: saved.voting,
    votes: saved.votes,
    focus,
  };
}
