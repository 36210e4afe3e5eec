import type { Board } from '../../../shared/model';

/**
 * Has the workshop begun (①)? Until then the wall is the join screen. True once the facilitator
 * started a phase (PH1), and on boards that never set one, once private writing is on, a vote has opened or ended, or somebody wrote a note. A template's example notes (T6)
 * are there from the board's creation and say nothing about the room, so they do not count.
 */
export function sessionStarted(board: Board): boolean {
  if (board.phase) return true;
  if (board.settings.privateWriting || board.voting.open || board.voting.ended) return true;
  for (const n of Object.values(board.notes)) if (n.authorId !== TEMPLATE_AUTHOR) return true;
  return false;
}

/** The author id of a template's example notes (PROTOCOL T6). */
const TEMPLATE_AUTHOR = 'template';
