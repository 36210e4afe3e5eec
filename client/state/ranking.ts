import type { Board } from '../../shared/model';
import { tally } from '../../shared/reduce-votes';

export type Ranked = { noteId: string; votes: number; rank: number; tied: boolean };
export type SectionResults = { sectionId: string | null; ranked: Ranked[] };

/**
 * Notes with votes, most first; equal counts share a rank (1, 1, 3: "standard competition"
 * ranking, so a tie never hides that two notes are ahead of the third). Ties keep board order.
 */
export function rankNotes(board: Board, noteIds: Iterable<string> = Object.keys(board.notes)): Ranked[] {
  const counted: { noteId: string; votes: number }[] = [];
  for (const id of noteIds) {
    if (!board.notes[id]) continue;
    const votes = tally(board, id);
    if (votes > 0) counted.push({ noteId: id, votes });
  }
  counted.sort((a, b) => b.votes - a.votes);
  const out: Ranked[] = [];
  counted.forEach((c, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.votes === c.votes ? prev.rank : i + 1;
    out.push({ ...c, rank, tied: false });
  });
  for (const r of out) r.tied = out.filter((o) => o.rank === r.rank).length > 1;
  return out;
}

/** The ranking within each section in board order, then the notes outside every section. */
export function resultsBySection(board: Board): SectionResults[] {
  const bySection = new Map<string | null, string[]>();
  for (const s of Object.values(board.sections)) bySection.set(s.id, []);
  bySection.set(null, []);
  for (const n of Object.values(board.notes)) (bySection.get(n.sectionId) ?? bySection.get(null)!).push(n.id);
  return [...bySection]
    .map(([sectionId, ids]) => ({ sectionId, ranked: rankNotes(board, ids) }))
    .filter((r) => r.ranked.length > 0);
}

/** Every dot on the board that this viewer can see. */
export function totalVotes(board: Board): number {
  let total = 0;
  for (const byVoter of Object.values(board.votes)) for (const n of Object.values(byVoter)) total += n;
  return total;
}
