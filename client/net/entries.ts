import type { Board, Role } from '../../shared/model';
import type { JoinRequest, You } from '../../shared/protocol';
import { applyOp, withSeq, type OpContext } from '../../shared/reducer';
import type { EntryView } from '../../shared/view';
import type { JoinInfo } from './SyncClient';

export type EntryHooks = {
  roleOf(id: string): Role;
  /** A count of others' hidden notes rode on an entry. */
  onHidden(n: number): void;
  /** An op (anybody's: the caller knows which are its own) is now confirmed. */
  onOwn(opId: string): void;
};

/**
 * Applies confirmed entries in seq order; entries already seen are skipped. Null when they cannot
 * be applied (a gap, or a view that diverged from the server's), and the caller rejoins.
 */
export function applyEntries(start: Board, entries: readonly EntryView[], hooks: EntryHooks): Board | null {
  let board = start;
  for (const entry of entries) {
    if (entry.seq <= board.seq) continue;
    if (entry.seq !== board.seq + 1) return null;
    const hidden = hiddenCountOf(entry);
    if (hidden !== null) hooks.onHidden(hidden);
    if (entry.op === null) {
      board = withSeq(board, entry.seq); // V1: something we may not see happened
      continue;
    }
    const ctx: OpContext = { actor: { id: entry.by, role: hooks.roleOf(entry.by) }, at: entry.at, trusted: true };
    const res = applyOp(board, entry.op, ctx);
    if (!res.ok) return null;
    board = withSeq(res.board, entry.seq);
    hooks.onOwn(entry.op.opId);
  }
  return board;
}

/** The join for this board: who we are (once known), and `since` to get only what we missed (C2). */
export function joinRequest(info: JoinInfo, you: You | null, since: number | undefined): JoinRequest {
  const req: JoinRequest = {
    boardId: info.boardId,
    name: info.name,
    ...(info.affiliation ? { affiliation: info.affiliation } : {}),
    ...(info.facilitatorKey ? { facilitatorKey: info.facilitatorKey } : {}),
  };
  const participant = you ? { id: you.id, secret: you.secret } : info.participant;
  if (participant) req.participant = participant;
  if (since !== undefined) req.since = since;
  return req;
}

/** A count of hidden notes riding on an entry, for servers that send one with private-writing entries. */
function hiddenCountOf(entry: EntryView): number | null {
  const n = (entry as { hiddenNotes?: unknown }).hiddenNotes;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
}
