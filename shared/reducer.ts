import { err, type OpError } from './errors.js';
import type { Board, Role } from './model.js';
import { FACILITATOR_OPS, type Op } from './ops.js';
import { addNote, deleteNotes, moveNotes, updateNote } from './reduce-notes.js';
import { addSection, deleteSection, updateSection } from './reduce-sections.js';
import { addVote, endVoting, removeVote, startVoting } from './reduce-votes.js';
import { Draft } from './draft.js';
import { joinParticipant, setFocus, setPhase, setPrivateWriting, startTimer, stopTimer, updateBoard, updateParticipant } from './reduce-board.js';

export type Actor = { id: string; role: Role };
/** `at` is the server's clock for a confirmed op, the local clock for an optimistic one. */
/** `trusted` marks an op the server already confirmed: a client applies it without re-judging permissions
 * it cannot fully see (an anonymous author, a participant it has not heard of yet). */
export type OpContext = { actor: Actor; at: number; trusted?: boolean };
export type ApplyResult = { ok: true; board: Board } | { ok: false; error: OpError };
export type Step = Board | OpError;

/** Ops a participant may not send while the board is locked. */
const LOCKABLE = new Set<Op['type']>(['note.add', 'note.update', 'note.move', 'note.delete', 'vote.add', 'vote.remove']);

/**
 * The single definition of what an op does, run by the server (authoritative) and by every
 * client (optimistic and on confirmation). Pure: never mutates `board`, returns the same object
 * when the op changes nothing, and refuses with a typed error instead of throwing.
 */
export function applyOp(board: Board, op: Op, ctx: OpContext): ApplyResult {
  const step = judge(board, op, ctx) ?? dispatch(board, op, ctx);
  return 'code' in step ? fail(step) : { ok: true, board: step };
}

export type OpItem = { op: Op; ctx: OpContext };
/**
 * `refused` lists the items the reducer refused, by index, in order. `owns` tells the records the
 * batch made (copies nobody else holds yet) from those that came in with `board`.
 */
export type BatchResult = {
  board: Board;
  refused: { index: number; error: OpError }[];
  owns: (record: object) => boolean;
  /** The notes the batch may have changed (Draft.notesWritten); null when it cannot say. */
  notesWritten: ReadonlySet<string> | null;
};

/**
 * Applies ops in order, as `applyOp` one after the other would, with one copy of the notes (and
 * votes) record per batch instead of one per op: a record the batch made may be written by its
 * later ops, nothing that came in is ever written. A refused op is skipped, so the result is what
 * the accepted ops make; callers that cannot skip (confirmed ops) look at `refused`.
 */
export function applyOps(board: Board, items: Iterable<OpItem>): BatchResult {
  const draft = new Draft();
  const refused: BatchResult['refused'] = [];
  let index = 0;
  for (const { op, ctx } of items) {
    const step = judge(board, op, ctx) ?? dispatch(board, op, ctx, draft);
    if ('code' in step) refused.push({ index, error: step });
    else {
      // A notes record the draft did not make came from a reducer that writes without it.
      if (step.notes !== board.notes && !draft.owns(step.notes)) draft.notesWritten = null;
      board = step;
    }
    index++;
  }
  return { board, refused, owns: (record) => draft.owns(record), notesWritten: draft.notesWritten };
}

/** Who may send what: an error, or null when the op may go on to the reducer. */
function judge(board: Board, op: Op, ctx: OpContext): OpError | null {
  const { actor } = ctx;
  if (op.type === 'participant.join' || ctx.trusted) return null;
  const me = board.participants[actor.id];
  if (!me || me.removed) return err('forbidden', 'you are not a participant of this board');
  if (actor.role !== 'facilitator' && FACILITATOR_OPS.has(op.type)) return err('forbidden', `only a facilitator may send ${op.type}`);
  if (actor.role !== 'facilitator' && board.settings.locked && LOCKABLE.has(op.type))
    return err('locked', 'the facilitator has locked the board');
  return null;
}

function dispatch(board: Board, op: Op, ctx: OpContext, draft?: Draft): Step {
  switch (op.type) {
    case 'note.add': return addNote(board, op, ctx, draft);
    case 'note.update': return updateNote(board, op, ctx, draft);
    case 'note.move': return moveNotes(board, op, ctx, draft);
    case 'note.delete': return deleteNotes(board, op, ctx, draft);
    case 'section.add': return addSection(board, op);
    case 'section.update': return updateSection(board, op);
    case 'section.delete': return deleteSection(board, op);
    case 'board.update': return updateBoard(board, op);
    case 'vote.add': return addVote(board, op, ctx, draft);
    case 'vote.remove': return removeVote(board, op, ctx, draft);
    case 'voting.start': return startVoting(board, op);
    case 'voting.end': return endVoting(board);
    case 'writing.private': return setPrivateWriting(board, op);
    case 'timer.start': return startTimer(board, op, ctx);
    case 'timer.stop': return stopTimer(board);
    case 'phase.set': return setPhase(board, op);
    case 'focus': return setFocus(board, op, ctx);
    case 'participant.join': return joinParticipant(board, op, ctx);
    case 'participant.update': return updateParticipant(board, op);
    // Checkpoints live outside the board: saving changes nothing, and a restore's new content
    // reaches clients as a `reset`, because a client cannot hold the checkpoint to apply it.
    case 'snapshot.save': return board;
    case 'snapshot.restore': return board;
    default: return assertNever(op);
  }
}

/** The board after a confirmed op: the reducer's result stamped with the server's seq. */
export const withSeq = (board: Board, seq: number): Board => (board.seq === seq ? board : { ...board, seq });

const fail = (error: OpError): ApplyResult => ({ ok: false, error });
function assertNever(x: never): never {
  throw new Error(`unhandled op ${JSON.stringify(x)}`);
}
