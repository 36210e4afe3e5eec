/**
 * Which notes a rebuild must compare to keep equal notes' identity (stabilize.ts): those where
 * `state` may differ from `confirmed` (written by pending ops), and those written into
 * `confirmed` since `state` was built from it. Null when unknown: every note is compared.
 */
export class NoteWrites {
  private pending: Set<string> | null = null;
  private confirmed: Set<string> | null = null;

  /** An own op applied on top of `state`. */
  addPending(ids: ReadonlySet<string> | null): void {
    this.pending = union(this.pending, ids);
  }

  /** Confirmed entries applied to `confirmed`. */
  addConfirmed(ids: ReadonlySet<string> | null): void {
    this.confirmed = union(this.confirmed, ids);
  }

  /** `confirmed` was replaced whole (a join's board, a reset): any note may differ. */
  forgetConfirmed(): void {
    this.confirmed = null;
  }

  /** The notes a rebuild whose pending ops wrote `rebased` must compare; then counts from that rebuild. */
  rebuilt(rebased: ReadonlySet<string> | null): Set<string> | null {
    const changed = union(union(this.pending, this.confirmed), rebased);
    this.pending = rebased ? new Set(rebased) : null;
    this.confirmed = new Set();
    return changed;
  }
}

/** Both sets of ids in a new set; null (unknown) when either is. */
function union(a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): Set<string> | null {
  if (!a || !b) return null;
  const out = new Set(a);
  for (const id of b) out.add(id);
  return out;
}
