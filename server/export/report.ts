import { AFFILIATIONS, type Affiliation, type Board, type Note } from '../../shared/model.js';
import type { SnapshotInfo } from '../../shared/snapshot.js';
import { tally } from '../../shared/reduce-votes.js';
import { AFFILIATION_LABELS, UNSECTIONED } from './labels.js';

// What every human-readable export says, computed once: md, html and csv only lay it out.

export type ReportInput = { board: Board; snapshots: SnapshotInfo[]; exportedAt: number };
export type RankedNote = { note: Note; votes: number; rank: number; top: boolean };
export type SectionReport = { id: string | null; title: string; prompt: string; notes: RankedNote[] };
export type AffiliationShare = { affiliation: Affiliation; label: string; participants: number; notes: number; votes: number };

/** Places 1–3 by votes are marked, ties sharing a place; a note nobody voted for is never "top". */
export const TOP_PLACES = 3;

/** Notes by section in the board's section order, most votes first; notes outside every section last, as 未分類. */
export function sectionReports(board: Board): SectionReport[] {
  const bySection = new Map<string | null, Note[]>();
  for (const id of Object.keys(board.sections)) bySection.set(id, []);
  for (const n of Object.values(board.notes)) {
    const key = n.sectionId && board.sections[n.sectionId] ? n.sectionId : null;
    if (!bySection.has(key)) bySection.set(key, []);
    bySection.get(key)!.push(n);
  }
  const out: SectionReport[] = [];
  for (const [id, notes] of bySection) {
    const s = id ? board.sections[id]! : null;
    if (!s && notes.length === 0) continue;
    out.push({ id, title: s ? s.title : UNSECTIONED, prompt: s?.prompt ?? '', notes: rank(board, notes) });
  }
  // Map order put 未分類 wherever its first note was; it belongs after the sections.
  return [...out.filter((r) => r.id !== null), ...out.filter((r) => r.id === null)];
}

function rank(board: Board, notes: Note[]): RankedNote[] {
  const counted = notes
    .map((note) => ({ note, votes: tally(board, note.id) }))
    // Stable: equal votes keep the board's own order, which is the order the notes were written.
    .sort((a, b) => b.votes - a.votes);
  let rank = 0;
  return counted.map((c, i) => {
    if (i === 0 || c.votes !== counted[i - 1]!.votes) rank = i + 1;
    return { ...c, rank, top: c.votes > 0 && rank <= TOP_PLACES };
  });
}

/** People who took part as participants (facilitators are named separately; removed people are not counted). */
export const participantsOf = (board: Board) => Object.values(board.participants).filter((p) => !p.removed && p.role === 'participant');
export const facilitatorNames = (board: Board) =>
  Object.values(board.participants)
    .filter((p) => !p.removed && p.role === 'facilitator')
    .map((p) => p.name);

/** Exports follow the board's setting: an anonymous board is exported without authors. */
export const authorOf = (board: Board, note: Note) => (board.settings.anonymous ? '' : note.authorName);

export const totalVotes = (board: Board) => Object.keys(board.notes).reduce((sum, id) => sum + tally(board, id), 0);

/** Who is at the table, who wrote and who voted, by affiliation: どちらも主役 made visible. */
export function affiliationShares(board: Board): AffiliationShare[] {
  const shares = new Map(AFFILIATIONS.map((a) => [a, { affiliation: a, label: AFFILIATION_LABELS[a], participants: 0, notes: 0, votes: 0 }]));
  for (const p of participantsOf(board)) shares.get(p.affiliation)!.participants++;
  for (const n of Object.values(board.notes)) shares.get(n.affiliation)!.notes++;
  for (const [noteId, byVoter] of Object.entries(board.votes)) {
    if (!board.notes[noteId]) continue;
    for (const [voter, dots] of Object.entries(byVoter)) {
      const who = board.participants[voter];
      if (who) shares.get(who.affiliation)!.votes += dots;
    }
  }
  return [...shares.values()];
}

export const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);
