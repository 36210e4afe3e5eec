import { LIMITS } from '../../shared/limits';

/** One pointer as it arrived, whether alone (`cursor`, P2) or in a batch (`cursors`, RM1). */
export type PointerUpdate = { id: string; x: number; y: number };
/** What a pointer message says, once read: its pointers, and whether their ids name connections (LK3). */
export type PointerMessage = { list: PointerUpdate[]; anonymous: boolean };

const MAX_ID = 128;
/** A board holds at most this many people; a batch longer than that is not one the server sent. */
const MAX_BATCH = LIMITS.participantRecordsPerBoard;

const isCoord = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= LIMITS.coord;
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;

/**
 * Reads a `cursors` batch (RM1) without trusting it: what is not a batch gives null, and an entry
 * that is not `[id, x, y]` is left out while the rest still counts. Later entries for one id win.
 */
export function readCursorBatch(raw: unknown): PointerMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { list, anonymous } = raw as { list?: unknown; anonymous?: unknown };
  if (!Array.isArray(list)) return null;
  const out: PointerUpdate[] = [];
  for (const entry of list.slice(0, MAX_BATCH)) {
    if (!Array.isArray(entry)) continue;
    const [id, x, y] = entry as unknown[];
    if (isId(id) && isCoord(x) && isCoord(y)) out.push({ id, x, y });
  }
  return { list: out, anonymous: anonymous === true };
}

/** Reads a single forwarded `cursor` (P2, LK3) from a server that does not batch. */
export function readCursor(raw: unknown): PointerMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { id, x, y, anonymous } = raw as { id?: unknown; x?: unknown; y?: unknown; anonymous?: unknown };
  if (!isId(id) || !isCoord(x) || !isCoord(y)) return null;
  return { list: [{ id, x, y }], anonymous: anonymous === true };
}
