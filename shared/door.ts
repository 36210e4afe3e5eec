import type { Board } from './model.js';
import { phaseOf } from './phase.js';

/**
 * Whether the six-digit code alone still admits a newcomer (PROTOCOL DR1). `onStart` closes once
 * the workshop has started: the first step of the phase bar (or its switches: private writing, a
 * round of votes) has been taken. Arriving people may write before that; it does not count.
 */
export function codeAdmits(board: Pick<Board, 'settings' | 'phase' | 'voting'>): boolean {
  const mode = board.settings.door ?? 'open';
  if (mode === 'open') return true;
  if (mode === 'closed') return false;
  return phaseOf(board) === null;
}

/** A newcomer waiting at a closed door, as the facilitators see it (DR4). */
export type DoorRequest = { id: string; name: string; affiliation: Board['participants'][string]['affiliation']; at: number };
/** What the facilitators of a board hear of its door (DR4): the token of their QR link and who waits. */
export type DoorDesk = { token: string; waiting: DoorRequest[] };
/**
 * What a waiting newcomer hears (DR5): how many facilitators could let it in right now; `full`
 * when too many wait already (DR6) and the join was refused with `limit` (the client tries again).
 */
export type DoorWait = { facilitators: number; full?: true };

/** `door` in a join request (DR3): URL-safe, at least 128 bits as the server makes it. */
export const DOOR_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
