import { AFFILIATIONS, type Affiliation, type Board } from './model.js';

// どちらも主役: who is at the table, who writes and who votes, by affiliation, so the table sees
// when one group fills the board. One definition for the server (GET /api/boards/:id), the
// facilitator's and projector's chart, and anything else that counts voices (T8–T11).

/** A note colour per affiliation for "colour by affiliation" and the chart; never the default yellow. */
export const AFFILIATION_COLORS: Readonly<Record<Affiliation, string>> = {
  citizen: '#90caf9',
  npo: '#a5d6a7',
  community: '#ffcc80',
  company: '#ce93d8',
  government: '#f48fb1',
  school: '#80deea',
  other: '#e0e0e0',
};

export type Counts = {
  /** Participants on the board (not removed). */
  participants: number;
  /** Of those, connected now; 0 when the caller does not know who is online. */
  online: number;
  /** Notes on the board they wrote. */
  notes: number;
  /** Dots they placed; null while a hidden round is open (T10). */
  votes: number | null;
};
export type Shares = { participants: number; online: number; notes: number; votes: number | null };
export type BalanceRow = Counts & { affiliation: Affiliation; share: Shares };

export type Balance = {
  /** One row per affiliation, in AFFILIATIONS order, zeros included, so charts keep their order and colours. */
  rows: BalanceRow[];
  /** Sums of the rows: participants only, never facilitators or example notes. */
  totals: Counts;
  /** Facilitators run the table rather than sit at it; their figures are kept apart (T9). */
  facilitators: Counts;
  /**
   * Notes whose author never joined this board: a template's example notes, notes carried from
   * the last session (X14). They are on the board but are nobody's voice here.
   */
  unattributed: { notes: number };
  /** True when every `votes` is null: a hidden round is open and the caller may not see it (T10). */
  votesHidden: boolean;
};

/** `facilitator`: the caller sees every vote anyway (V5), so a hidden round's dots are counted too. */
export type BalanceOptions = { facilitator?: boolean };

const zero = (): Counts => ({ participants: 0, online: 0, notes: 0, votes: 0 });
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/**
 * Count voices by affiliation. Participants count under the affiliation they have now; a note
 * under the affiliation it was written with (what the note shows, and what colour-by-affiliation
 * paints); a dot under its voter's affiliation now. Removed participants are not counted as
 * present, but what they wrote and voted stays on the board and is counted. `online` holds the
 * ids of participants with a connected socket.
 */
export function balanceOf(board: Board, online: ReadonlySet<string> = new Set(), opts: BalanceOptions = {}): Balance {
  const votesHidden = board.voting.open && board.voting.hidden && !opts.facilitator;
  const rows = new Map<Affiliation, Counts>(AFFILIATIONS.map((a) => [a, zero()]));
  const facilitators = zero();
  let unattributed = 0;
  const bucketOf = (id: string, affiliation: Affiliation): Counts | null => {
    const p = board.participants[id];
    if (!p) return null;
    return p.role === 'facilitator' ? facilitators : rows.get(affiliation)!;
  };

  for (const p of Object.values(board.participants)) {
    if (p.removed) continue;
    const c = p.role === 'facilitator' ? facilitators : rows.get(p.affiliation)!;
    c.participants++;
    if (online.has(p.id)) c.online++;
  }
  for (const n of Object.values(board.notes)) {
    const c = bucketOf(n.authorId, n.affiliation);
    if (c) c.notes++;
    else unattributed++;
  }
  for (const [noteId, byVoter] of Object.entries(board.votes)) {
    if (!board.notes[noteId]) continue;
    for (const [voter, dots] of Object.entries(byVoter)) {
      const p = board.participants[voter];
      if (p) bucketOf(voter, p.affiliation)!.votes! += dots;
    }
  }

  const totals = zero();
  for (const c of rows.values()) {
    totals.participants += c.participants;
    totals.online += c.online;
    totals.notes += c.notes;
    totals.votes! += c.votes!;
  }
  const hide = (c: Counts): Counts => (votesHidden ? { ...c, votes: null } : c);
  return {
    rows: AFFILIATIONS.map((affiliation) => {
      const c = rows.get(affiliation)!;
      return {
        affiliation,
        ...hide(c),
        share: {
          participants: share(c.participants, totals.participants),
          online: share(c.online, totals.online),
          notes: share(c.notes, totals.notes),
          votes: votesHidden ? null : share(c.votes!, totals.votes!),
        },
      };
    }),
    totals: hide(totals),
    facilitators: hide(facilitators),
    unattributed: { notes: unattributed },
    votesHidden,
  };
}
