import type { Board, Role } from '../../shared/model';
import type { JoinRequest, You } from '../../shared/protocol';
import { applyOps, withSeq, type OpItem } from '../../shared/reducer';
import type { EntryView } from '../../shared/view';
import type { JoinInfo } from './SyncClient';

export type EntryHooks = {
  roleOf(id: string): Role;
  /** A count of others' hidden notes rode on an entry. */
  onHidden(n: number): void;
  /** An op (anybody's: the caller knows which are its own) is now confirmed. */
  onOwn(opId: string): void;
  /** The notes the applied entries may have changed; null when that cannot be told. */
  onNotesWritten?(ids: ReadonlySet<string> | null): void;
};

/**
 * Applies confirmed entries in seq order, as one batch of the reducer; entries already seen are
 * skipped. Null when they cannot be applied (a gap, or a view that diverged from the server's), and
 * the caller rejoins.
 */
export function applyEntries(start: Board, entries: readonly EntryView[], hooks: EntryHooks): Board | null {
  const items: OpItem[] = [];
  let seq = start.seq;
  for (const entry of entries) {
    if (entry.seq <= seq) {
      // Already in the board (a join's or a reset's that came after it): our op in it is confirmed.
      if (entry.op) hooks.onOwn(entry.op.opId);
      continue;
    }
    if (entry.seq !== seq + 1) return null;
    seq = entry.seq;
    const hidden = hiddenCountOf(entry);
    if (hidden !== null) hooks.onHidden(hidden);
    // op null (V1): something we may not see happened; only the seq moves on.
    if (entry.op !== null) items.push({ op: entry.op, ctx: { actor: { id: entry.by, role: hooks.roleOf(entry.by) }, at: entry.at, trusted: true } });
  }
  if (seq === start.seq) return start;
  const { board, refused, notesWritten } = applyOps(start, items);
  hooks.onNotesWritten?.(notesWritten);
  // The ops before a refused one did reach the server: they are confirmed even though the rest is not.
  const confirmedUpTo = refused[0]?.index ?? items.length;
  for (let i = 0; i < confirmedUpTo; i++) hooks.onOwn(items[i]!.op.opId);
  return refused.length > 0 ? null : withSeq(board, seq);
}

/**
 * The join for this board: who we are (once known), `since` to get only what we missed (C2), and
 * `gzip` to ask for a whole board compressed (J7).
 */
export function joinRequest(info: JoinInfo, you: You | null, since: number | undefined, gzip = false): JoinRequest {
  // The wall carries nothing that could make it somebody, whatever the page holds (PR1).
  if (info.projector) return { boardId: info.boardId, name: info.name, projector: true, ...(since !== undefined ? { since } : {}), ...(gzip ? { encoding: 'gzip' as const } : {}) };
  const req: JoinRequest = {
    boardId: info.boardId,
    name: info.name,
    ...(info.affiliation ? { affiliation: info.affiliation } : {}),
    ...(info.facilitatorKey ? { facilitatorKey: info.facilitatorKey } : {}),
  };
  const participant = you ? { id: you.id, secret: you.secret } : info.participant;
  if (participant) req.participant = participant;
  else if (info.door) req.door = info.door;
  if (since !== undefined) req.since = since;
  if (gzip) req.encoding = 'gzip';
  return req;
}

/** A count of hidden notes riding on an entry, for servers that send one with private-writing entries. */
function hiddenCountOf(entry: EntryView): number | null {
  const n = (entry as { hiddenNotes?: unknown }).hiddenNotes;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}
