import { err } from './errors.js';
import { LIMITS } from './limits.js';
import type { Board, Participant } from './model.js';
import { phaseIndex } from './phase.js';
import type { OpOf } from './ops.js';
import type { OpContext, Step } from './reducer.js';

export function updateBoard(board: Board, op: OpOf<'board.update'>): Step {
  const title = op.title ?? board.title;
  const settings = {
    ...board.settings,
    locked: op.locked ?? board.settings.locked,
    anonymous: op.anonymous ?? board.settings.anonymous,
  };
  // Boards saved before the door existed have no field; it is written only once a facilitator sets it.
  const door = op.door ?? board.settings.door;
  if (door !== undefined) settings.door = door;
  if (title === board.title && settings.locked === board.settings.locked && settings.anonymous === board.settings.anonymous && settings.door === board.settings.door)
    return board;
  return { ...board, title, settings };
}

export function setPrivateWriting(board: Board, op: OpOf<'writing.private'>): Step {
  if (board.settings.privateWriting === op.on) return board;
  return { ...board, settings: { ...board.settings, privateWriting: op.on } };
}

/**
 * Going back before ④ takes the ended round's results off every screen: the board says no round
 * has ended, while its dots stay in the record (exports, the report) until the next round starts.
 * Going to ④ or ⑤ shows them again. An open round is left to `voting.end`, which the
 * facilitator's client sends first.
 */
export function setPhase(board: Board, op: OpOf<'phase.set'>): Step {
  const ended = board.voting.open ? false : phaseIndex(op.phase) < phaseIndex('results') ? false : board.voting.ended || hasVotes(board);
  if (board.phase === op.phase && board.voting.ended === ended) return board;
  const next: Board = { ...board, phase: op.phase };
  if (board.voting.ended !== ended) next.voting = { ...board.voting, ended };
  return next;
}

const hasVotes = (board: Board) => {
  for (const _ in board.votes) return true;
  return false;
};

export function startTimer(board: Board, op: OpOf<'timer.start'>, ctx: OpContext): Step {
  return { ...board, timer: { endsAt: ctx.at + op.seconds * 1000, seconds: op.seconds } };
}

export function stopTimer(board: Board): Step {
  if (board.timer.endsAt === null) return board;
  return { ...board, timer: { ...board.timer, endsAt: null } };
}

export function setFocus(board: Board, op: OpOf<'focus'>, ctx: OpContext): Step {
  if ('sectionId' in op) {
    if (!board.sections[op.sectionId]) return err('not_found', `no section ${op.sectionId}`);
    return { ...board, focus: { sectionId: op.sectionId, at: ctx.at } };
  }
  return { ...board, focus: { x: op.x, y: op.y, zoom: op.zoom, at: ctx.at } };
}

export function joinParticipant(board: Board, op: OpOf<'participant.join'>, ctx: OpContext): Step {
  const p = op.participant;
  const known = board.participants[p.id];
  if (known?.removed) return err('forbidden', 'the facilitator removed this participant');
  if (!known && p.role === 'participant' && seatsTaken(board) >= LIMITS.participantsPerBoard)
    return err('limit', `a board holds at most ${LIMITS.participantsPerBoard} participants`);
  if (!known && Object.keys(board.participants).length >= LIMITS.participantRecordsPerBoard)
    return err('limit', `a board keeps at most ${LIMITS.participantRecordsPerBoard} identities, removed ones included`);
  if (known && known.name === p.name && known.affiliation === p.affiliation && known.role === p.role) return board;
  const next = participantRecord(p.id, p.name, p.affiliation, p.role, known?.joinedAt ?? ctx.at, false);
  return renameAuthor({ ...board, participants: { ...board.participants, [p.id]: next } }, next);
}

/**
 * Seats are people who may take part now (SC1): a removed participant's seat is free again, and
 * facilitators sit apart, so a full room of participants still has its facilitators beside it.
 */
export function seatsTaken(board: Board): number {
  let n = 0;
  for (const p of Object.values(board.participants)) if (!p.removed && p.role === 'participant') n++;
  return n;
}

export function updateParticipant(board: Board, op: OpOf<'participant.update'>): Step {
  const known = board.participants[op.id];
  if (!known) return err('not_found', `no participant ${op.id}`);
  const next = participantRecord(known.id, op.name ?? known.name, known.affiliation, known.role, known.joinedAt, op.removed ?? known.removed);
  if (next.name === known.name && next.removed === known.removed) return board;
  return renameAuthor({ ...board, participants: { ...board.participants, [op.id]: next } }, next);
}

/**
 * Every participant record is made by this one literal. Records copied with a spread (`{ ...p, … }`)
 * got a hidden class of their own once the copying site had seen a few, about 400 bytes more
 * for each participant of every board; with one literal they all share one, and every field is
 * stored in the object itself.
 */
function participantRecord(id: string, name: string, affiliation: Participant['affiliation'], role: Participant['role'], joinedAt: number, removed: boolean): Participant {
  return { id, name, affiliation, role, joinedAt, removed };
}

/** Notes carry their author's name and affiliation; a rename must reach them. */
function renameAuthor(board: Board, p: Participant): Board {
  let notes: Board['notes'] | null = null;
  for (const n of Object.values(board.notes)) {
    if (n.authorId !== p.id || (n.authorName === p.name && n.affiliation === p.affiliation)) continue;
    notes ??= { ...board.notes };
    notes[n.id] = { ...n, authorName: p.name, affiliation: p.affiliation };
  }
  return notes ? { ...board, notes } : board;
}
