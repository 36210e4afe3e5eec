import type { Board } from '../../shared/model';
import type { MessageKey } from '../i18n/ja';
import type { PresenceEntry } from '../../shared/protocol';
import { votesUsedBy } from '../../shared/reduce-votes';
import type { BoardSource } from './source';
import type { BoardUi } from './ui';

export const remainingVotes = (board: Board, me: string): number => Math.max(0, board.voting.budget - votesUsedBy(board, me));

export const myVotesOn = (board: Board, noteId: string, me: string): number => board.votes[noteId]?.[me] ?? 0;

/**
 * "12 of 18 have voted": of the participants online now (facilitators are not voters here),
 * how many have used their whole budget. Only a facilitator's board holds everybody's votes,
 * so only the facilitator is shown this.
 */
export function votingProgress(board: Board, presence: readonly PresenceEntry[]): { done: number; online: number } {
  const voters = presence.filter((p) => p.online && p.role === 'participant');
  const done = voters.filter((p) => votesUsedBy(board, p.id) >= board.voting.budget).length;
  return { done, online: voters.length };
}

type Refusal = { key: MessageKey; vars?: Record<string, number> };

/** Why the reducer would refuse this vote, in the voter's words; null when it would not. */
export function voteRefusal(board: Board, noteId: string, me: { id: string; role: string }, remove: boolean): Refusal | null {
  if (!board.voting.open) return { key: 'vote.closed' };
  if (board.settings.locked && me.role !== 'facilitator') return { key: 'error.locked.detail' };
  const mine = myVotesOn(board, noteId, me.id);
  if (remove) return mine === 0 ? { key: 'vote.noVoteHere' } : null;
  if (remainingVotes(board, me.id) === 0) return { key: 'vote.noneLeft' };
  if (mine >= board.voting.maxPerNote) return { key: 'vote.maxReached', vars: { n: board.voting.maxPerNote } };
  return null;
}

/**
 * A vote from a gesture (the note's button, or V). What the reducer would refuse is said here
 * before anything is sent, so the toast explains the rule rather than an error code.
 */
export function castVote(source: BoardSource, ui: BoardUi, noteId: string, remove: boolean): boolean {
  const board = source.board.get();
  const me = source.identity.get();
  if (!board || !me || !board.notes[noteId]) return false;
  const refusal = voteRefusal(board, noteId, me, remove);
  if (refusal) {
    ui.toast(refusal.key, refusal.vars);
    return false;
  }
  return source.submit({ type: remove ? 'vote.remove' : 'vote.add', noteId }).ok;
}
