import { expect } from 'vitest';
import type { ErrorCode } from '../../shared/errors.js';
import { NOTE_DEFAULT_SIZE } from '../../shared/limits.js';
import { DEFAULT_NOTE_COLOR, emptyBoard, type Board, type Note, type Participant, type Section } from '../../shared/model.js';
import { Op, type OpOf, type OpType } from '../../shared/ops.js';
import { applyOp, type Actor, type ApplyResult } from '../../shared/reducer.js';

// Boards are written out as data rather than built through the reducer, so a reducer bug
// cannot hide inside the fixture that tests it.

export const T0 = 1_700_000_000_000;

export const FAC: Actor = { id: 'fac', role: 'facilitator' };
export const ALICE: Actor = { id: 'alice', role: 'participant' };
export const BOB: Actor = { id: 'bob', role: 'participant' };
/** Removed by the facilitator; still listed on the board. */
export const GONE: Actor = { id: 'gone', role: 'participant' };
/** Never joined this board. */
export const STRANGER: Actor = { id: 'stranger', role: 'participant' };

export const PEOPLE: Record<string, Participant> = {
  fac: { id: 'fac', name: '進行役', affiliation: 'government', role: 'facilitator', joinedAt: T0, removed: false },
  alice: { id: 'alice', name: 'Alice', affiliation: 'citizen', role: 'participant', joinedAt: T0, removed: false },
  bob: { id: 'bob', name: 'Bob', affiliation: 'npo', role: 'participant', joinedAt: T0, removed: false },
  gone: { id: 'gone', name: 'Gone', affiliation: 'company', role: 'participant', joinedAt: T0, removed: true },
};

export function note(id: string, authorId: string, over: Partial<Note> = {}): Note {
  const author = PEOPLE[authorId];
  return {
    id,
    text: `text of ${id}`,
    x: 0,
    y: 0,
    ...NOTE_DEFAULT_SIZE,
    color: DEFAULT_NOTE_COLOR,
    sectionId: null,
    authorId,
    authorName: author?.name ?? '',
    affiliation: author?.affiliation ?? 'other',
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function section(id: string, over: Partial<Section> = {}): Section {
  return { id, title: `title of ${id}`, prompt: '', x: 0, y: 0, width: 1000, height: 1000, color: '#f5f5f5', ...over };
}

export type BoardInit = {
  notes?: Note[];
  sections?: Section[];
  settings?: Partial<Board['settings']>;
  voting?: Partial<Board['voting']>;
  votes?: Board['votes'];
  participants?: Participant[];
  timer?: Board['timer'];
  focus?: Board['focus'];
};

/** Alice's notes a1, a2 and Bob's b1 sit well apart, outside any section. */
export const DEFAULT_NOTES = (): Note[] => [
  note('a1', 'alice', { x: 0, y: 0, text: 'Alice の最初のメモ' }),
  note('a2', 'alice', { x: 3000, y: 0, text: 'Alice の二枚目' }),
  note('b1', 'bob', { x: 0, y: 3000, text: 'Bob のひみつ' }),
];

export function makeBoard(init: BoardInit = {}): Board {
  const b = emptyBoard({ id: 'board1', title: '協働ワークショップ', template: 'blank', lang: 'ja', createdAt: T0 });
  const byId = <T extends { id: string }>(xs: T[]) => Object.fromEntries(xs.map((x) => [x.id, x]));
  return {
    ...b,
    seq: 7,
    settings: { ...b.settings, ...init.settings },
    sections: byId(init.sections ?? []),
    notes: byId(init.notes ?? DEFAULT_NOTES()),
    participants: byId(init.participants ?? Object.values(PEOPLE).map((p) => ({ ...p }))),
    voting: { ...b.voting, ...init.voting },
    votes: init.votes ?? {},
    timer: init.timer ?? b.timer,
    focus: init.focus ?? null,
  };
}

/** A board with voting open (budget 3, at most 2 on one note) and no votes yet. */
export const votingBoard = (init: BoardInit = {}) =>
  makeBoard({ ...init, voting: { open: true, budget: 3, maxPerNote: 2, hidden: false, ended: false, ...init.voting } });

let counter = 0;
export const nextOpId = () => `op-${String(++counter).padStart(8, '0')}`;

type Fields<T> = T extends unknown ? Omit<T, 'opId' | 'type'> : never;

/** An op as it arrives off the wire: parsed with the shared schema, so tests only feed the reducer valid ops. */
export function mk<T extends OpType>(type: T, fields: Fields<OpOf<T>>): OpOf<T> {
  return Op.parse({ opId: nextOpId(), type, ...fields }) as OpOf<T>;
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * applyOp with purity checked on every call: the input is deep-frozen (a write throws) and
 * compared with a copy taken before the op.
 */
export function apply(board: Board, op: Op, actor: Actor, at = T0 + 1_000): ApplyResult {
  deepFreeze(board);
  const before = structuredClone(board);
  const result = applyOp(board, op, { actor, at });
  expect(board).toStrictEqual(before);
  return result;
}

export function accept(board: Board, op: Op, actor: Actor, at?: number): Board {
  const r = apply(board, op, actor, at);
  if (!r.ok) throw new Error(`expected ${op.type} to be accepted, got ${r.error.code}: ${r.error.message}`);
  return r.board;
}

export function refuse(board: Board, op: Op, actor: Actor, at?: number): ErrorCode {
  const r = apply(board, op, actor, at);
  if (r.ok) throw new Error(`expected ${op.type} to be refused, it was accepted`);
  expect(r.error.message).toEqual(expect.any(String));
  return r.error.code;
}

/** Apply ops in order, each by its actor; every one must be accepted. */
export function replay(board: Board, steps: readonly (readonly [Op, Actor, number?])[]): Board {
  return steps.reduce((b, [op, actor, at]) => accept(b, op, actor, at), board);
}
