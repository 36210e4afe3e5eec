import { copyRecord } from '../../shared/draft';
import type { Board } from '../../shared/model';

// Rebuilding `confirmed + pending` re-creates every note a pending op touches, even when the
// result equals what the UI already shows. Re-using equal objects keeps React selectors quiet,
// so a remote move re-renders the one note that moved.

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return shallowEqual(a as Record<string, unknown>, b as Record<string, unknown>, false);
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>, nested = true): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!(k in b)) return false;
    if (nested ? !sameValue(a[k], b[k]) : !Object.is(a[k], b[k])) return false;
  }
  return true;
}

/**
 * `next` with every value equal to `prev`'s under the same key replaced by `prev`'s object, and
 * `prev` itself when nothing differs. `writable` says `next` is the caller's own fresh record
 * (the rebase's copy): it is then written in place rather than copied again, which on a board of
 * thousands of notes saves a whole copy every time a drag's pending move is re-applied.
 */
export function stabilizeRecord<T extends object>(
  prev: Record<string, T> | undefined,
  next: Record<string, T>,
  writable = false,
  candidates: ReadonlySet<string> | null = null,
): Record<string, T> {
  if (!prev || prev === next) return next;
  if (candidates) return stabilizeKeys(prev, next, writable, candidates);
  // Key arrays rather than for…in: a record of thousands of notes is a dictionary, and walking an
  // array of its keys takes half the time of enumerating it (this runs on every rebuild).
  const prevKeys = Object.keys(prev);
  const nextKeys = Object.keys(next);
  let sameAsPrev = prevKeys.length === nextKeys.length;
  let out: Record<string, T> | null = writable ? next : null;
  for (let i = 0; i < nextKeys.length; i++) {
    const id = nextKeys[i]!;
    if (sameAsPrev && prevKeys[i] !== id) sameAsPrev = false;
    const old = prev[id];
    const cur = next[id]!;
    if (old === cur) continue;
    if (old && shallowEqual(old as Record<string, unknown>, cur as Record<string, unknown>)) (out ??= copyRecord(next))[id] = old;
    else sameAsPrev = false;
  }
  return sameAsPrev ? prev : (out ?? next);
}

/**
 * stabilizeRecord when the caller knows every key under which `next` may differ from `prev`
 * (all others hold the very same objects): only those are compared, not thousands of notes.
 */
function stabilizeKeys<T extends object>(prev: Record<string, T>, next: Record<string, T>, writable: boolean, candidates: ReadonlySet<string>): Record<string, T> {
  let out: Record<string, T> | null = writable ? next : null;
  let changed = false;
  for (const id of candidates) {
    const old = prev[id];
    const cur = next[id];
    if (old === cur) continue;
    if (old && cur && shallowEqual(old as Record<string, unknown>, cur as Record<string, unknown>)) (out ??= copyRecord(next))[id] = old;
    else changed = true;
  }
  return changed ? (out ?? next) : prev;
}

/** `owns` tells the records of `next` that the caller made and may still write (see stabilizeRecord). */
/** `notesChanged`, when known, lists every note id under which `next` may differ from `prev`. */
export function stabilizeBoard(prev: Board | null, next: Board, owns: (record: object) => boolean = () => false, notesChanged: ReadonlySet<string> | null = null): Board {
  if (!prev || prev === next) return next;
  const notes = stabilizeRecord(prev.notes, next.notes, owns(next.notes), notesChanged);
  const sections = stabilizeRecord(prev.sections, next.sections);
  const participants = stabilizeRecord(prev.participants, next.participants);
  // A rebase re-applies pending votes, which makes a new dots object for the note each time.
  const votes = stabilizeRecord(prev.votes, next.votes, owns(next.votes));
  if (notes === next.notes && sections === next.sections && participants === next.participants && votes === next.votes) return next;
  return { ...next, notes, sections, participants, votes };
}
