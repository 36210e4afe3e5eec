import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from 'react';
import type { Board, Note, Section } from '../../shared/model';
import type { PresenceEntry, You } from '../../shared/protocol';
import type { BoardSource, ConnectionInfo } from './source';
import type { ReadStore } from './store';
import { memberSubscriptions, noteIdsOf, noteSubscriptions } from './noteStore';
import type { NoteActions } from './actions';
import type { BoardUi } from './ui';

export type BoardContextValue = { source: BoardSource; actions: NoteActions; ui: BoardUi; readOnly: boolean };
const BoardContext = createContext<BoardContextValue | null>(null);
export const BoardProvider = BoardContext.Provider;

export function useBoardContext(): BoardContextValue {
  const ctx = useContext(BoardContext);
  if (!ctx) throw new Error('useBoardContext outside a BoardProvider');
  return ctx;
}

export function useStore<T>(store: ReadStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

/**
 * Subscribes to a derived value; the component re-renders only when `equal` says the derived
 * value changed. `key` must change whenever `select` means something else (e.g. another id).
 */
export function useSelector<T, S>(store: ReadStore<T>, select: (v: T) => S, equal: (a: S, b: S) => boolean = Object.is, key: unknown = null): S {
  const cache = useRef<{ input: T; key: unknown; output: S } | null>(null);
  const getSnapshot = (): S => {
    const input = store.get();
    const c = cache.current;
    if (c && c.input === input && c.key === key) return c.output;
    const output = select(input);
    if (c && c.key === key && equal(c.output, output)) {
      cache.current = { input, key, output: c.output };
      return c.output;
    }
    cache.current = { input, key, output };
    return output;
  };
  return useSyncExternalStore(store.subscribe, getSnapshot);
}

const sameArray = <T,>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export const useBoard = (): Board | null => useStore(useBoardContext().source.board);

/** One field of the board; re-renders only when that field's value changes. */
export function useBoardField<S>(select: (b: Board) => S, fallback: S): S {
  const { board } = useBoardContext().source;
  return useSelector(board, (b) => (b ? select(b) : fallback));
}
export const useYou = (): You | null => useStore(useBoardContext().source.identity);
export const useConnection = (): ConnectionInfo => useStore(useBoardContext().source.connection);
export const usePresence = (): readonly PresenceEntry[] => useStore(useBoardContext().source.presence);

/**
 * One note; re-renders only when that note changes. Its listener is called only when this note
 * is another object (`noteStore.ts`), not on every change of the board.
 */
export function useNote(id: string): Note | undefined {
  const { board } = useBoardContext().source;
  const subs = noteSubscriptions(board);
  const subscribe = useCallback((listener: () => void) => subs.note(id, listener), [subs, id]);
  return useSyncExternalStore(subscribe, () => board.get()?.notes[id]);
}

/** The dots on one note (voter id → count), as far as this viewer may see them; told only when they change. */
export function useNoteVotes(id: string): Readonly<Record<string, number>> | undefined {
  const { board } = useBoardContext().source;
  const subs = noteSubscriptions(board);
  const subscribe = useCallback((listener: () => void) => subs.votesOf(id, listener), [subs, id]);
  return useSyncExternalStore(subscribe, () => board.get()?.votes[id]);
}

/** Whether this note is selected; re-renders only when that changes, not on every change of the selection. */
export function useSelected(id: string): boolean {
  const { selection } = useBoardContext().ui;
  const subs = memberSubscriptions(selection);
  const subscribe = useCallback((listener: () => void) => subs.member(id, listener), [subs, id]);
  return useSyncExternalStore(subscribe, () => selection.get().has(id));
}

/** Ids in z-order; a new array only when a note is added, removed or reordered. */
export function useNoteIds(): readonly string[] {
  const { board } = useBoardContext().source;
  return useSelector(board, (b) => (b ? noteIdsOf(b, board.change()) : []), sameArray);
}

export function useSections(): readonly Section[] {
  const { board } = useBoardContext().source;
  return useSelector(board, (b) => (b ? Object.values(b.sections) : []), sameArray);
}

export type NoteGroup = { sectionId: string | null; ids: readonly string[] };

/** Notes grouped by section in reading order (top to bottom, then left to right); unsorted last. */
export function useNoteGroups(): readonly NoteGroup[] {
  const { board } = useBoardContext().source;
  return useSelector(board, groupNotes, (a, b) => a.length === b.length && a.every((g, i) => g.sectionId === b[i]!.sectionId && sameArray(g.ids, b[i]!.ids)));
}

function groupNotes(b: Board | null): NoteGroup[] {
  if (!b) return [];
  const bySection = new Map<string | null, Note[]>();
  for (const s of Object.values(b.sections)) bySection.set(s.id, []);
  bySection.set(null, []);
  for (const n of Object.values(b.notes)) (bySection.get(n.sectionId) ?? bySection.get(null)!).push(n);
  return [...bySection].map(([sectionId, notes]) => ({
    sectionId,
    ids: notes.sort((p, q) => p.y - q.y || p.x - q.x).map((n) => n.id),
  }));
}
