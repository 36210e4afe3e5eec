import { err } from './errors.js';
import type { Board } from './model.js';
import type { OpOf } from './ops.js';
import type { OpContext, Step } from './reducer.js';
import { writableVotes, type Draft } from './draft.js';

export function votesUsedBy(board: Board, participantId: string): number {
  let used = 0;
  for (const byNote of Object.values(board.votes)) used += byNote[participantId] ?? 0;
  return used;
}

export function tally(board: Board, noteId: string): number {
  let total = 0;
  for (const n of Object.values(board.votes[noteId] ?? {})) total += n;
  return total;
}

export function addVote(board: Board, op: OpOf<'vote.add'>, ctx: OpContext, draft?: Draft): Step {
  if (!board.voting.open) return err('conflict', 'voting is not open');
  if (!board.notes[op.noteId]) return err('not_found', `no note ${op.noteId}`);
  const me = ctx.actor.id;
  const mine = board.votes[op.noteId]?.[me] ?? 0;
  // A confirmed vote was judged by the server, which sees every dot; a client may hold others'
  // dots pooled under an anonymous voter, whose count is not one person's budget.
  if (!ctx.trusted) {
    if (votesUsedBy(board, me) >= board.voting.budget) return err('limit', `you have used all ${board.voting.budget} votes`);
    if (mine >= board.voting.maxPerNote) return err('limit', `at most ${board.voting.maxPerNote} votes on one note`);
  }
  const votes = writableVotes(board, draft);
  votes[op.noteId] = { ...board.votes[op.noteId], [me]: mine + 1 };
  return { ...board, votes };
}

export function removeVote(board: Board, op: OpOf<'vote.remove'>, ctx: OpContext, draft?: Draft): Step {
  if (!board.voting.open) return err('conflict', 'voting is not open');
  const me = ctx.actor.id;
  const mine = board.votes[op.noteId]?.[me] ?? 0;
  if (mine === 0) return err('not_found', 'you have no vote on this note');
  const byNote = { ...board.votes[op.noteId] };
  if (mine === 1) delete byNote[me];
  else byNote[me] = mine - 1;
  const votes = writableVotes(board, draft);
  if (Object.keys(byNote).length === 0) delete votes[op.noteId];
  else votes[op.noteId] = byNote;
  return { ...board, votes };
}

export function startVoting(board: Board, op: OpOf<'voting.start'>): Step {
  const maxPerNote = Math.min(op.maxPerNote ?? op.budget, op.budget);
  // A new round starts from no votes.
  return { ...board, voting: { open: true, budget: op.budget, maxPerNote, hidden: op.hidden, ended: false }, votes: {} };
}

export function endVoting(board: Board): Step {
  if (!board.voting.open) return err('conflict', 'voting is not open');
  return { ...board, voting: { ...board.voting, open: false, ended: true } };
}
