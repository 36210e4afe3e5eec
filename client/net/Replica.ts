import type { OpError } from '../../shared/errors';
import type { Board, Role } from '../../shared/model';
import type { ClientOp } from '../../shared/ops';
import type { You } from '../../shared/protocol';
import { applyOps, type OpContext } from '../../shared/reducer';
import { boardFromView, type BoardView, type EntryView } from '../../shared/view';
import { BoardFeed } from '../state/boardFeed';
import { Store } from '../state/store';
import { applyEntries } from './entries';
import { EntryQueue } from './entryQueue';
import { NoteWrites } from './noteWrites';
import { PendingOps } from './pending';
import { rebase } from './rebase';
import { stabilizeBoard } from './stabilize';

export type ReplicaDeps = {
  you: () => You | null;
  /** A role the confirmed board does not know yet (a participant who just joined): from presence. */
  presenceRole: (id: string) => Role | undefined;
  /** The pending count or the state changed: the connection badge may need to say so. */
  refresh: () => void;
  /** A pending op the confirmed board now refuses was dropped: the person must be told. */
  report: (error: OpError, op?: ClientOp) => void;
  /** The confirmed board cannot go on from what arrived (a gap, a diverged view): join again. */
  rejoin: (full: boolean) => void;
};

/**
 * The board this client holds (docs/PROTOCOL.md C1–C3): `confirmed` as the server's entries made
 * it, and on screen `confirmed` + the pending ops re-applied in order. It publishes every board it
 * shows on `feed`, with the notes that may differ from the one before.
 */
export class Replica {
  readonly feed = new BoardFeed();
  /**
   * Others' notes this viewer may not read yet (private writing, V1), as of the last `join` or
   * `reset`, or of the last entry that carried the count. A redacted entry alone cannot say
   * whether a note was added, so the count is never guessed from one.
   */
  readonly hiddenNotes = new Store<number>(0);
  readonly pending = new PendingOps();
  /**
   * The confirmed board's participants, the same record until an op or a whole board replaces it:
   * who is on the list (RM3) follows this, not every board shown.
   */
  readonly participants = new Store<Board['participants'] | null>(null);
  private confirmed: Board | null = null;
  private readonly writes = new NoteWrites();
  /** Set when a confirmed op is not simply our oldest pending one coming back: state needs a rebase. */
  private stale = false;
  /** Confirmed entries are applied once per animation frame, however many arrived in it. */
  private readonly queue = new EntryQueue(() => this.flush());

  constructor(private readonly deps: ReplicaDeps) {}

  get shown(): Board | null {
    return this.feed.get();
  }
  get confirmedBoard(): Board | null {
    return this.confirmed;
  }

  stop(): void {
    this.queue.stop();
  }

  /** An own op on top of what is shown; the refusal when the shown board refuses it. */
  applyOwn(op: ClientOp, at: number): OpError | null {
    const state = this.shown!;
    // As a batch of one: its result says which records it made, so stabilizing writes those in place.
    const res = applyOps(state, [{ op, ctx: this.ownContext(at) }]);
    const refused = res.refused[0];
    if (refused) return refused.error;
    this.pending.add({ op, at });
    this.show(res.board, res.owns, res.notesWritten);
    this.writes.addPending(res.notesWritten);
    return null;
  }

  /** A broadcast entry; applied at the next frame. */
  receive(entry: EntryView): void {
    if (this.confirmed) this.queue.push(entry);
  }

  /** Applies the queued entries to `confirmed`, up to a jump in seq; no rebuild. */
  applyQueue(): 'none' | 'ok' | 'gap' | 'diverged' {
    if (this.queue.size === 0 || !this.confirmed) return 'none';
    const { entries, gap } = this.queue.take(this.confirmed.seq);
    if (entries.length > 0 && !this.applyEntries(entries)) return 'diverged';
    return gap ? 'gap' : 'ok';
  }

  /** Applies entries in seq order to `confirmed`; false when they cannot be (a gap, or a view that diverged). */
  applyEntries(entries: readonly EntryView[]): boolean {
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
    if (next) this.setConfirmed(next);
    return next !== null;
  }

  /** A whole board from the server (a join's answer, a reset) instead of the confirmed one. */
  replaceConfirmed(view: BoardView): void {
    this.setConfirmed(boardFromView(view));
    this.writes.forgetConfirmed();
    this.hiddenNotes.set(view.hiddenNotes);
  }

  /** The next join must bring a whole board: nothing confirmed is kept. */
  forgetConfirmed(): void {
    this.confirmed = null;
  }

  get confirmedSeq(): number | undefined {
    return this.confirmed?.seq;
  }

  /** A `reset`: the entries queued before it confirm our ops in them; its board then replaces the rest. */
  reset(view: BoardView): void {
    this.applyQueue();
    this.replaceConfirmed(view);
    this.settleAcked();
    this.rebuild();
  }

  /** Acknowledged ops whose seq `confirmed` has reached are confirmed, seen or not; true when one was still pending. */
  settleAcked(): boolean {
    return this.confirmed !== null && this.pending.settle(this.confirmed.seq);
  }

  accepted(opId: string, seq: number): void {
    // Normally the broadcast confirms it; if we saw that seq without the op (redacted), stop waiting.
    if (!this.pending.has(opId)) return;
    if (this.confirmed && this.confirmed.seq >= seq) {
      this.pending.delete(opId);
      this.rebuild();
    } else this.pending.ackedAt(opId, seq);
  }

  refused(opId: string, error: OpError): void {
    // An op no longer pending was already dropped on rebase, and the person was told then.
    const dropped = this.pending.get(opId);
    if (dropped && this.pending.delete(opId)) {
      this.rebuild();
      this.deps.report(error, dropped.op);
    }
  }

  /** state = confirmed + pending (`rebase.ts`); a pending op the new confirmed state refuses is dropped and the person told. */
  rebuild(): void {
    const confirmed = this.confirmed;
    if (!confirmed) return;
    this.stale = false;
    const { board, refused, owns, notesWritten } = rebase(confirmed, this.pending, (at) => this.ownContext(at));
    this.show(board, owns, this.writes.rebuilt(notesWritten));
    this.deps.refresh();
    for (const r of refused) this.deps.report(r.error, r.op);
  }

  private setConfirmed(board: Board): void {
    this.confirmed = board;
    this.participants.set(board.participants);
  }

  /** The queued entries, applied at the frame (or the fallback timer) they waited for. */
  private flush(): void {
    const outcome = this.applyQueue();
    if (outcome === 'none') return;
    if (outcome === 'diverged') {
      this.deps.rejoin(true);
      return;
    }
    const settled = this.settleAcked();
    // Our own ops coming back in order change nothing the state does not already show; rebasing
    // every pending op on each of them would cost pending × notes per entry in a burst.
    if (this.stale || settled || this.pending.size === 0) this.rebuild();
    else this.deps.refresh();
    if (outcome === 'gap') this.deps.rejoin(false); // C3
  }

  /** `next` on screen, keeping the identity of every note equal to the one shown (`changed`: where to look). */
  private show(next: Board, owns: (record: object) => boolean, changed: ReadonlySet<string> | null): void {
    this.feed.publish(stabilizeBoard(this.shown, next, owns, changed), changed);
  }

  private ownContext(at: number): OpContext {
    const you = this.deps.you()!;
    // Until our own participant.join is in the confirmed state, let the server judge permissions.
    const known = !!this.confirmed?.participants[you.id];
    return { actor: { id: you.id, role: you.role === 'projector' ? 'participant' : you.role }, at, trusted: !known };
  }

  private roleOf(id: string): Role {
    return this.confirmed?.participants[id]?.role ?? this.deps.presenceRole(id) ?? 'participant';
  }
}
