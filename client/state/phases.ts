import type { Board } from '../../shared/model';
import { PHASES, phaseOf, type Phase } from '../../shared/phase';
import type { BoardSource, OpBody } from './source';

export { PHASES, type Phase };

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

/** The phase the board is in (PROTOCOL PH1), the same on every screen. */
export const currentPhase = (board: Board): Phase | null => phaseOf(board);

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
  // After what closes the last phase (voting.end checkpoints the round) and before the reveal.
  if (board.phase !== phase) ops.splice(closing(ops), 0, { type: 'phase.set', phase });
  if (round.timerSeconds) ops.push({ type: 'timer.start', seconds: round.timerSeconds });
  else if (board.timer.endsAt !== null) ops.push({ type: 'timer.stop' });
  return ops;
}

/** How many of `ops` close the phase being left (an open round ends first). */
const closing = (ops: OpBody[]) => (ops[0]?.type === 'voting.end' ? 1 : 0);

export function runPhase(source: BoardSource, phase: Phase, round: RoundSettings): void {
  const board = source.board.get();
  if (!board) return;
  for (const op of opsForPhase(phase, board, round)) if (!source.submit(op).ok) break;
}
