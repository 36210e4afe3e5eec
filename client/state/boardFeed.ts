import type { Board } from '../../shared/model';
import { Store, type ReadStore } from './store';

/**
 * One change of the board, as its source published it: the board, the one it replaced, and the
 * note ids under which the two may hold different objects ('all' when the source cannot say,
 * e.g. a whole board from the server). Readers that care which notes changed (per-note
 * listeners, the ids in z-order) read this instead of comparing thousands of notes.
 */
export type BoardChange = { readonly board: Board | null; readonly prev: Board | null; readonly notes: ReadonlySet<string> | 'all' };

/** The board as a store, with the change that made it; what `BoardSource.board` is. */
export type BoardFeedReader = ReadStore<Board | null> & { readonly change: () => BoardChange };

export class BoardFeed implements BoardFeedReader {
  private readonly store = new Store<BoardChange>({ board: null, prev: null, notes: 'all' });

  readonly get = (): Board | null => this.store.get().board;
  readonly subscribe = this.store.subscribe;
  readonly change = (): BoardChange => this.store.get();

  /** `notes`: where `board` may differ from the board shown until now; null when unknown. */
  publish(board: Board, notes: ReadonlySet<string> | null): void {
    const prev = this.get();
    if (board === prev) return;
    this.store.set({ board, prev, notes: notes && prev ? notes : 'all' });
  }
}

/** The note ids the change names when it is the step from `prev` to `next`; undefined when every note must be compared. */
export function notesChanged(feed: ReadStore<Board | null> & { change?: () => BoardChange }, prev: Board | null, next: Board | null): ReadonlySet<string> | undefined {
  const c = feed.change?.();
  return c && c.prev === prev && c.board === next && c.notes !== 'all' ? c.notes : undefined;
}
