import { z } from 'zod';
import { Board, Note, Participant, Section, Settings, Timer, Voting, Focus, Votes, Lang, Id, type Role } from './model.js';
import { Phase } from './phase.js';
import { tally } from './reduce-votes.js';
import type { OpEntry } from './ops.js';

// What one viewer may see is decided here, on the server, before anything is sent: private
// notes and secret votes never leave the server for the wrong viewer.

export type Viewer = { id: string; role: Role };

/** `''` stands for someone this viewer may not know (anonymous mode, F9). */
const ViewerId = Id.or(z.literal(''));

export const NoteView = Note.extend({ authorId: ViewerId, votes: z.number().int().nonnegative() });
export type NoteView = z.infer<typeof NoteView>;

export const BoardView = z.strictObject({
  id: Id,
  title: z.string(),
  template: Id,
  lang: Lang,
  createdAt: z.number(),
  seq: z.number().int().nonnegative(),
  settings: Settings,
  sections: z.array(Section),
  notes: z.array(NoteView),
  /** Notes of others this viewer may not read yet (private writing). */
  hiddenNotes: z.number().int().nonnegative(),
  participants: z.array(Participant),
  voting: Voting,
  /** Others' dots pooled under `''` may add up past one person's budget. */
  votes: z.record(Id, z.record(ViewerId, z.number().int().positive())),
  timer: Timer,
  focus: Focus.nullable(),
  phase: Phase.optional(),
});
export type BoardView = z.infer<typeof BoardView>;

/**
 * The public view: what a participant who wrote nothing and voted nothing may see. The wall shows
 * it (PR3), and whatever leaves a board for a public place (the next session, LK1) is cut to it.
 */
export const PUBLIC_VIEWER: Viewer = { id: '', role: 'participant' };

/**
 * Is anything on this board hidden from somebody? When not, every viewer sees the same thing and
 * one copy serves all; when so, whatever goes out is filtered per viewer.
 */
export const hidesAnything = (b: Board) => b.settings.privateWriting || b.settings.anonymous || (b.voting.open && b.voting.hidden);

const sees = (board: Board, viewer: Viewer) => ({
  note: (n: { authorId: string }) =>
    viewer.role === 'facilitator' || !board.settings.privateWriting || n.authorId === viewer.id,
  votesOf: (pid: string) =>
    viewer.role === 'facilitator' || !board.voting.hidden || !board.voting.open || pid === viewer.id,
  authors: viewer.role === 'facilitator' || !board.settings.anonymous,
});

/**
 * Votes as this viewer may see them: none on notes it may not read, only its own while a hidden
 * round is open, and in anonymous mode others' dots pooled under '' — counted, never attributed,
 * just as their vote ops arrive with `by: ''`.
 */
export function visibleVotes(board: Board, viewer: Viewer): Votes {
  const can = sees(board, viewer);
  const shown = (nid: string, pid: string) => {
    const note = board.notes[nid];
    return (!note || can.note(note)) && can.votesOf(pid);
  };
  const voter = (pid: string) => (can.authors || pid === viewer.id ? pid : '');
  const all = Object.entries(board.votes);
  if (all.every(([nid, byP]) => Object.keys(byP).every((pid) => shown(nid, pid) && voter(pid) === pid))) return board.votes;
  const out: Votes = {};
  for (const [nid, byP] of all)
    for (const [pid, n] of Object.entries(byP)) {
      if (!shown(nid, pid)) continue;
      const onNote = (out[nid] ??= {});
      onNote[voter(pid)] = (onNote[voter(pid)] ?? 0) + n;
    }
  return out;
}

export function viewFor(board: Board, viewer: Viewer): BoardView {
  const can = sees(board, viewer);
  const votes = visibleVotes(board, viewer);
  const view = { ...board, votes } as Board;
  const notes: NoteView[] = [];
  let hiddenNotes = 0;
  for (const n of Object.values(board.notes)) {
    if (!can.note(n)) {
      hiddenNotes++;
      continue;
    }
    // In a small group the affiliation alone can name the author; a note added live under
    // `by: ''` could not carry it either.
    const shown = can.authors || n.authorId === viewer.id ? n : { ...n, authorName: '', authorId: '', affiliation: 'other' as const };
    notes.push({ ...shown, votes: tally(view, n.id) });
  }
  return {
    id: board.id,
    title: board.title,
    template: board.template,
    lang: board.lang,
    createdAt: board.createdAt,
    seq: board.seq,
    settings: board.settings,
    sections: Object.values(board.sections),
    notes,
    hiddenNotes,
    participants: Object.values(board.participants),
    voting: board.voting,
    votes,
    timer: board.timer,
    focus: board.focus,
    ...(board.phase ? { phase: board.phase } : {}),
  };
}

/**
 * Which viewers see the same `viewFor(board, ·)`: those given the same key (RM4). When nothing is
 * hidden, everybody; else the facilitators alike (they see all), and every participant with
 * nothing of its own among what is hidden — no note while notes are private or authors unnamed,
 * no dot while dots are secret or voters unnamed — alike with the wall (PUBLIC_VIEWER): `sees`
 * treats such a viewer's id nowhere differently from `''`. Anybody else is a key of its own.
 */
export function viewerKey(board: Board): (viewer: Viewer) => string {
  if (!hidesAnything(board)) return () => 'all';
  const own = new Set<string>();
  const { privateWriting, anonymous } = board.settings;
  if (privateWriting || anonymous) for (const n of Object.values(board.notes)) own.add(n.authorId);
  if ((board.voting.open && board.voting.hidden) || anonymous) for (const byP of Object.values(board.votes)) for (const pid of Object.keys(byP)) own.add(pid);
  return (viewer) => (viewer.role === 'facilitator' ? 'all' : own.has(viewer.id) ? 'own:' + viewer.id : 'public');
}

/** A confirmed op as `viewer` may receive it. `op: null` keeps the seq gapless without saying what happened. */
export type EntryView = Omit<OpEntry, 'op'> & {
  op: OpEntry['op'] | null;
  /** During private writing: how many notes of others this viewer cannot read now (V1). */
  hiddenNotes?: number;
};

/** While private writing is on, a function giving each participant the number of notes hidden from it. */
export function hiddenNoteCounter(board: Board): ((viewerId: string) => number) | null {
  if (!board.settings.privateWriting) return null;
  const byAuthor = new Map<string, number>();
  let total = 0;
  for (const n of Object.values(board.notes)) {
    total++;
    byAuthor.set(n.authorId, (byAuthor.get(n.authorId) ?? 0) + 1);
  }
  return (viewerId) => total - (byAuthor.get(viewerId) ?? 0);
}

/**
 * Decide what of `entry` this viewer may receive. `before` is the board the op was applied to,
 * so a delete or move of a note can be judged by who wrote that note.
 */
export function viewEntry(before: Board, entry: OpEntry, viewer: Viewer): EntryView {
  if (viewer.role === 'facilitator') return entry;
  const can = sees(before, viewer);
  const op = entry.op;
  // Who acted is part of what is hidden: a voter's id next to a redacted op would tell who voted when.
  const hidden: EntryView = { ...entry, by: '', op: null };
  const anon = !can.authors && entry.by !== viewer.id;
  switch (op.type) {
    case 'note.add':
      if (!can.note({ authorId: entry.by })) return hidden;
      return anon ? { ...entry, by: '' } : entry;
    case 'note.update':
    case 'vote.add':
    case 'vote.remove': {
      const id = op.type === 'note.update' ? op.id : op.noteId;
      const note = before.notes[id];
      if (note && !can.note(note)) return hidden;
      if (op.type !== 'note.update' && !can.votesOf(entry.by)) return hidden;
      return anon ? { ...entry, by: '' } : entry;
    }
    case 'note.move': {
      const moves = op.moves.filter((m) => !before.notes[m.id] || can.note(before.notes[m.id]!));
      if (moves.length === 0) return hidden;
      const shown = moves.length === op.moves.length ? entry : { ...entry, op: { ...op, moves } };
      return anon ? { ...shown, by: '' } : shown;
    }
    case 'note.delete': {
      const ids = op.ids.filter((id) => !before.notes[id] || can.note(before.notes[id]!));
      if (ids.length === 0) return hidden;
      const shown = ids.length === op.ids.length ? entry : { ...entry, op: { ...op, ids } };
      return anon ? { ...shown, by: '' } : shown;
    }
    default:
      return entry;
  }
}

/** The client's working board, rebuilt from what the server let it see. */
export function boardFromView(view: BoardView): Board {
  const { notes, hiddenNotes: _h, sections, participants, ...rest } = view;
  return {
    ...rest,
    sections: Object.fromEntries(sections.map((s) => [s.id, s])),
    notes: Object.fromEntries(notes.map(({ votes: _v, ...n }) => [n.id, n])),
    participants: Object.fromEntries(participants.map((p) => [p.id, p])),
  };
}

/** Does this board change require every participant's state to be replaced (the hidden becomes visible)? */
export function revealsHidden(before: Board, after: Board): boolean {
  return (
    (before.settings.privateWriting && !after.settings.privateWriting) ||
    (before.voting.hidden && before.voting.open && !after.voting.open) ||
    (!before.settings.privateWriting && after.settings.privateWriting) ||
    before.settings.anonymous !== after.settings.anonymous
  );
}
