import type { Board } from '../../shared/model.js';
import type { OpEntry } from '../../shared/ops.js';
import { hidesAnything } from '../../shared/view.js';

/**
 * A ring of the latest confirmed ops, so a client that missed a few gets only those on rejoin.
 * Each keeps whether hidden content was in play when it was applied: such entries must be
 * filtered per viewer, which needs the board of that moment, so a participant asking for them
 * gets a fresh view instead.
 */
export type Held = { entry: OpEntry; sensitive: boolean };

export class RecentOps {
  /** The entries themselves, oldest at `start` once the ring is full; no wrapper object per entry. */
  private readonly items: OpEntry[] = [];
  private start = 0;
  /** Seqs of the held entries applied while something was hidden; most boards never have one. */
  private readonly sensitive = new Set<number>();
  /** Seq of the latest whole-board replacement: ops before it cannot bring a client past it. */
  private resetAt = 0;
  constructor(private readonly capacity: number) {}

  markReset(seq: number) {
    this.resetAt = seq;
  }

  /**
   * Only the op entry's own fields are kept: a replayed log line also carries what the server
   * alone may hold (a secret's hash, a restored board), and whatever is held here is handed to
   * clients as it is (L11).
   */
  push(logged: OpEntry, before: Board) {
    const entry: OpEntry = { seq: logged.seq, by: logged.by, at: logged.at, op: logged.op };
    // Held entries must be consecutive to be found by seq; a log replayed across a lost entry
    // (S6) starts the ring afresh, and a client behind it gets the whole board.
    const last = this.items.length ? this.at(this.items.length - 1) : null;
    if (last && entry.seq !== last.seq + 1) {
      this.items.length = 0;
      this.start = 0;
      this.sensitive.clear();
      this.resetAt = entry.seq;
    }
    if (hidesAnything(before)) this.sensitive.add(entry.seq);
    if (this.items.length < this.capacity) {
      this.items.push(entry);
      return;
    }
    const evicted = this.items[this.start]!;
    this.sensitive.delete(evicted.seq);
    this.items[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }

  /** The i-th held entry, oldest first. */
  private at(i: number): OpEntry {
    return this.items[(this.start + i) % this.items.length]!;
  }

  /** All entries with seq > since, or null when some are no longer held. */
  since(since: number, current: number): Held[] | null {
    if (since > current || since < this.resetAt) return null;
    if (since === current) return [];
    if (!this.items.length) return null;
    const first = this.at(0);
    if (first.seq > since + 1) return null;
    const out: Held[] = [];
    for (let i = since + 1 - first.seq; i < this.items.length; i++) {
      const entry = this.at(i);
      out.push({ entry, sensitive: this.sensitive.has(entry.seq) });
    }
    return out;
  }

  /** Each held op's id, seq and sender: opIds are told apart per sender (LK4). */
  opIds(): [string, number, string][] {
    const out: [string, number, string][] = [];
    for (let i = 0; i < this.items.length; i++) {
      const e = this.at(i);
      out.push([e.op.opId, e.seq, e.by]);
    }
    return out;
  }
}
