import type { Board } from './model.js';

/**
 * Ownership for a batch of ops (`applyOps`): records the batch itself created may be written in
 * place by its later ops; everything that came in from outside is copied before its first write.
 * A record of thousands of notes is then copied once per batch instead of once per op.
 */
export class Draft {
  private readonly owned = new WeakSet<object>();

  /** Whether this batch made `record` (its caller may then go on writing it, once the batch is over). */
  owns(record: object): boolean {
    return this.owned.has(record);
  }

  /** A record that may be written: `record` itself when this batch made it, a fresh copy otherwise. */
  writable<T extends object>(record: T): T {
    if (this.owned.has(record)) return record;
    const copy = { ...record };
    this.owned.add(copy);
    return copy;
  }
}

/** The notes record an op may write: in place inside a batch that owns it, a copy otherwise. */
export const writableNotes = (board: Board, draft?: Draft): Board['notes'] => (draft ? draft.writable(board.notes) : { ...board.notes });
export const writableVotes = (board: Board, draft?: Draft): Board['votes'] => (draft ? draft.writable(board.votes) : { ...board.votes });
