import type { OpError } from '../../shared/errors';
import type { Board } from '../../shared/model';
import type { ClientOp } from '../../shared/ops';
import { applyOps, type OpContext } from '../../shared/reducer';
import type { PendingOps } from './pending';

/** `owns` tells the records the rebase made itself, which the caller may still write (stabilize.ts). */
/** `notesWritten`: the notes where `board` may differ from `confirmed` (null: any). */
export type Rebased = { board: Board; refused: { error: OpError; op: ClientOp }[]; owns: (record: object) => boolean; notesWritten: ReadonlySet<string> | null };

const ownsNothing = () => false;
const none: ReadonlySet<string> = new Set();

/**
 * state = confirmed + the pending ops re-applied in order, as one batch of the reducer (one copy
 * of the notes record however many own moves a drag left pending). A pending op that the new
 * confirmed state refuses is dropped from `pending` and returned, so the person can be told: the
 * server, applying the same reducer after the same ops, would refuse it too. A restored op may
 * have reached the server before the reload (a note.add of a note that is already there): only
 * the server's answer to its resend can tell, so it stays pending and is skipped.
 */
export function rebase(confirmed: Board, pending: PendingOps, contextAt: (at: number) => OpContext): Rebased {
  const list = [...pending.values()];
  if (list.length === 0) return { board: confirmed, refused: [], owns: ownsNothing, notesWritten: none };
  const result = applyOps(confirmed, list.map((p) => ({ op: p.op, ctx: contextAt(p.at) })));
  const refused: Rebased['refused'] = [];
  for (const { index, error } of result.refused) {
    const p = list[index]!;
    if (p.restored) continue;
    pending.delete(p.op.opId);
    refused.push({ error, op: p.op });
  }
  return { board: result.board, refused, owns: result.owns, notesWritten: result.notesWritten };
}
