import type { Board } from '../../shared/model';
import { notesChanged, type BoardChange } from './boardFeed';
import type { ReadStore } from './store';

type Listener = () => void;

const idsCache = new WeakMap<Board, readonly string[]>();

/**
 * The board's note ids in order; the previous board's array again when no note came or went
 * (`change` names the notes that may differ). A note deleted and added again (it goes to the end)
 * is told by its new `createdAt`.
 */
export function noteIdsOf(board: Board, change?: BoardChange): readonly string[] {
  let ids = idsCache.get(board);
  if (ids) return ids;
  const hint = change?.board === board && change.prev && change.notes !== 'all' ? { prev: change.prev, ids: change.notes } : null;
  const before = hint && idsCache.get(hint.prev);
  if (before && hint && [...hint.ids].every((id) => hint.prev.notes[id]?.createdAt === board.notes[id]?.createdAt)) ids = before;
  else ids = Object.keys(board.notes);
  idsCache.set(board, ids);
  return ids;
}

/** Listeners by key (a note id), told only when the value under their key is another object. */
class KeyedListeners {
  private readonly byKey = new Map<string, Set<Listener>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(key: string, listener: Listener): () => void {
    let set = this.byKey.get(key);
    if (!set) this.byKey.set(key, (set = new Set()));
    set.add(listener);
    this.count++;
    return () => {
      if (!set.delete(listener)) return;
      this.count--;
      if (set.size === 0 && this.byKey.get(key) === set) this.byKey.delete(key);
    };
  }

  /** Collects the listeners of every key whose value changed between the two records. */
  changed(prev: Readonly<Record<string, unknown>> | undefined, next: Readonly<Record<string, unknown>> | undefined, out: Listener[], only?: ReadonlySet<string>): void {
    if (prev === next || this.count === 0) return;
    if (only) {
      for (const key of only) {
        const set = this.byKey.get(key);
        if (set && prev?.[key] !== next?.[key]) for (const l of set) out.push(l);
      }
      return;
    }
    for (const [key, set] of this.byKey) if (prev?.[key] !== next?.[key]) for (const l of set) out.push(l);
  }
}

/**
 * Subscriptions to one note, or one note's votes, of a board store. The board store calls every
 * listener on every change; with one listener per note that is thousands of calls for one moved
 * note. This subscribes to the board store once and tells only the notes whose object changed:
 * the reducer keeps an unchanged note's identity and the sync client's rebuild keeps equal notes'
 * identity (`net/stabilize.ts`), so "another object" means "changed".
 */
export class NoteSubscriptions {
  private readonly notes = new KeyedListeners();
  private readonly votes = new KeyedListeners();
  private seen: Board | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly board: ReadStore<Board | null> & { change?: () => BoardChange }) {}

  readonly note = (id: string, listener: Listener): (() => void) => this.add(this.notes, id, listener);
  readonly votesOf = (id: string, listener: Listener): (() => void) => this.add(this.votes, id, listener);

  private add(target: KeyedListeners, id: string, listener: Listener): () => void {
    if (!this.unsubscribe) {
      this.seen = this.board.get();
      this.unsubscribe = this.board.subscribe(this.onBoard);
    }
    const remove = target.add(id, listener);
    return () => {
      remove();
      if (this.notes.size + this.votes.size === 0 && this.unsubscribe) {
        this.unsubscribe();
        this.unsubscribe = null;
      }
    };
  }

  private readonly onBoard = (): void => {
    const prev = this.seen;
    const next = this.board.get();
    this.seen = next;
    if (prev === next) return;
    const calls: Listener[] = [];
    this.notes.changed(prev?.notes, next?.notes, calls, notesChanged(this.board, prev, next));
    this.votes.changed(prev?.votes, next?.votes, calls);
    for (const l of calls) l();
  };
}

const byStore = new WeakMap<ReadStore<Board | null>, NoteSubscriptions>();

/** The per-note subscriptions of a board store, made on first use and shared by every hook on it. */
export function noteSubscriptions(board: ReadStore<Board | null> & { change?: () => BoardChange }): NoteSubscriptions {
  let subs = byStore.get(board);
  if (!subs) byStore.set(board, (subs = new NoteSubscriptions(board)));
  return subs;
}

/**
 * Membership of one id in a set store (the selection), for thousands of listeners: a new set
 * tells only the ids that joined or left it, so selecting a note re-renders that note and the
 * one that lost the selection, not every note of the board.
 */
export class MemberSubscriptions {
  private readonly byId = new Map<string, Set<Listener>>();
  private seen: ReadonlySet<string> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly store: ReadStore<ReadonlySet<string>>) {}

  readonly member = (id: string, listener: Listener): (() => void) => {
    if (!this.unsubscribe) {
      this.seen = this.store.get();
      this.unsubscribe = this.store.subscribe(this.onChange);
    }
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      if (!set.delete(listener)) return;
      if (set.size === 0 && this.byId.get(id) === set) this.byId.delete(id);
      if (this.byId.size === 0 && this.unsubscribe) {
        this.unsubscribe();
        this.unsubscribe = null;
      }
    };
  };

  private readonly onChange = (): void => {
    const prev = this.seen ?? new Set<string>();
    const next = this.store.get();
    this.seen = next;
    if (prev === next) return;
    const calls: Listener[] = [];
    const tell = (id: string) => {
      const set = this.byId.get(id);
      if (set) for (const l of set) calls.push(l);
    };
    for (const id of prev) if (!next.has(id)) tell(id);
    for (const id of next) if (!prev.has(id)) tell(id);
    for (const l of calls) l();
  };
}

const bySetStore = new WeakMap<ReadStore<ReadonlySet<string>>, MemberSubscriptions>();

/** The per-id subscriptions of a set store, made on first use and shared by every hook on it. */
export function memberSubscriptions(store: ReadStore<ReadonlySet<string>>): MemberSubscriptions {
  let subs = bySetStore.get(store);
  if (!subs) bySetStore.set(store, (subs = new MemberSubscriptions(store)));
  return subs;
}
