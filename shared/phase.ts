import { z } from 'zod';
import type { Board } from './model.js';

/**
 * The steps of a workshop, in order: ① write alone → ② share → ③ vote → ④ results → ⑤ reflect.
 * A board's phase is board state (every screen shows the same one); a template suggests which of
 * them a session runs.
 */
export const PHASES = ['private', 'reveal', 'vote', 'results', 'reflect'] as const;
export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

/** Where `phase` stands in the order (0 for ①). */
export const phaseIndex = (phase: Phase): number => PHASES.indexOf(phase);

/**
 * The step a board is in, as every screen shows it (PROTOCOL PH1). The stored phase, unless the
 * board says otherwise: private writing on is ①, an open round is ③ (the facilitator may use the
 * panel's switches instead of the phase bar), and a stored ① or ③ that the switches have since
 * closed reads as what followed. A board that never set a phase reads from its settings alone.
 */
export function phaseOf(board: Pick<Board, 'phase' | 'settings' | 'voting'>): Phase | null {
  if (board.settings.privateWriting) return 'private';
  if (board.voting.open) return 'vote';
  const stored = board.phase;
  if (!stored || stored === 'private' || stored === 'vote') return board.voting.ended ? 'results' : stored ? 'reveal' : null;
  return stored;
}
