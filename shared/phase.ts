import { z } from 'zod';

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
