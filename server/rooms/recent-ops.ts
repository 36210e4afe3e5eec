import type { Board } from '../../shared/model.js';
import type { OpEntry } from '../../shared/ops.js';

/**
 * A ring of the latest confirmed ops, so a client that missed a few gets only those on rejoin.
 * Each keeps whether hidden content was in play when it was applied: such entries must be
 * filtered per viewer, which needs the board of that moment, so a participant asking for them
 * gets a fresh view instead.
 */
export type Held = { entry: OpEntry; sensitive: boolean };

export class RecentOps {
  private items: Held[] = [];
  /** Seq of the latest whole-board replacement: ops before it cannot bring a client past it. */
  private resetAt = 0;
  constructor(private readonly capacity: number) {}

  markReset(seq: number) {
    this.resetAt = seq;
  }

  push(entry: OpEntry, before: Board) {
    const sensitive =
      before.settings.privateWriting || before.settings.anonymous || (before.voting.open && before.voting.hidden);
    this.items.push({ entry, sensitive });
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** All entries with seq > since, or null when some are no longer held. */
  since(since: number, current: number): Held[] | null {
    if (since > current || since < this.resetAt) return null;
    if (since === current) return [];
    const first = this.items[0];
    if (!first || first.entry.seq > since + 1) return null;
    return this.items.slice(since + 1 - first.entry.seq);
  }

  opIds(): [string, number][] {
    return this.items.map((h) => [h.entry.op.opId, h.entry.seq]);
  }
}
