import type { Board } from '../../shared/model';
import type { BoardSource, OpBody } from './source';

export const PHASES = ['private', 'reveal', 'vote', 'results', 'reflect'] as const;
export type Phase = (typeof PHASES)[number];

/** What the facilitator chose for the next round, kept on their screen only. */
export type RoundSettings = {
  budget: number;
  hidden: boolean;
  /** null: as many as the budget. */
  maxPerNote: number | null;
  /** A timer to start with the phase; null stops a running one. */
  timerSeconds: number | null;
};

export const DEFAULT_ROUND: RoundSettings = { budget: 3, hidden: false, maxPerNote: null, timerSeconds: null };

/**
 * The phase the board is in, read from its state. ④ and ⑤ look the same on the board (a round
 * has ended, nothing is hidden), so the facilitator's own choice tells them apart. A board
 * where nothing is hidden and no round has run is in ② (everybody sees everything).
 */
export function currentPhase(board: Board, reflecting: boolean): Phase {
  if (board.settings.privateWriting) return 'private';
  if (board.voting.open) return 'vote';
  if (board.voting.ended) return reflecting ? 'reflect' : 'results';
  return 'reveal';
}

/** The ops that take the board into `phase` from where it is; nothing that is already so is sent. */
export function opsForPhase(phase: Phase, board: Board, round: RoundSettings): OpBody[] {
  const ops: OpBody[] = [];
  const privateOff = () => board.settings.privateWriting && ops.push({ type: 'writing.private', on: false });
  const endVoting = () => board.voting.open && ops.push({ type: 'voting.end' });
  switch (phase) {
    case 'private':
      endVoting();
      if (!board.settings.privateWriting) ops.push({ type: 'writing.private', on: true });
      break;
    case 'reveal':
      privateOff();
      break;
    case 'vote':
      privateOff();
      // A second click must not start a new round: that would wipe the votes cast so far.
      if (!board.voting.open)
        ops.push({ type: 'voting.start', budget: round.budget, hidden: round.hidden, ...(round.maxPerNote ? { maxPerNote: round.maxPerNote } : {}) });
      break;
    case 'results':
    case 'reflect':
      privateOff();
      endVoting();
      break;
  }
  if (round.timerSeconds) ops.push({ type: 'timer.start', seconds: round.timerSeconds });
  else if (board.timer.endsAt !== null) ops.push({ type: 'timer.stop' });
  return ops;
}

export function runPhase(source: BoardSource, phase: Phase, round: RoundSettings): void {
  const board = source.board.get();
  if (!board) return;
  for (const op of opsForPhase(phase, board, round)) if (!source.submit(op).ok) break;
}
