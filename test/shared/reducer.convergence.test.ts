import { describe, expect, it } from 'vitest';
import { sectionAt } from '../../shared/geometry.js';
import { Board as BoardSchema, type Board } from '../../shared/model.js';
import { Op, OpEntry, type ClientOp } from '../../shared/ops.js';
import { applyOp, withSeq, type Actor } from '../../shared/reducer.js';
import { tally, votesUsedBy } from '../../shared/reduce-votes.js';
import { ALICE, BOB, FAC, GONE, T0, makeBoard, mk, note, section, votingBoard } from './fixtures.js';

// [R6] The server orders ops; every replica that applies the same ops in that order from the
// same start ends in the same state, and conflicting edits resolve last-writer-wins per field.

type Step = readonly [Op, Actor];

/** Apply steps in server order, stamping each accepted one with seq and a rising clock; refused steps are skipped. */
function serve(start: Board, steps: readonly Step[]) {
  let board = start;
  const log: OpEntry[] = [];
  const refused: string[] = [];
  steps.forEach(([op, actor], i) => {
    const at = T0 + (i + 1) * 1000;
    const r = applyOp(board, op, { actor, at });
    if (!r.ok) {
      refused.push(`${op.type}:${r.error.code}`);
      return;
    }
    const seq = board.seq + 1;
    board = withSeq(r.board, seq);
    log.push({ seq, by: actor.id, at, op });
  });
  return { board, log, refused };
}

/** What a replica does with the confirmed log: apply each entry as the server did. */
function replayLog(start: Board, log: readonly OpEntry[], roleOf: (id: string) => Actor['role']): Board {
  return log.reduce((b, e) => {
    const r = applyOp(b, e.op, { actor: { id: e.by, role: roleOf(e.by) }, at: e.at, trusted: true });
    if (!r.ok) throw new Error(`replica refused seq ${e.seq}: ${r.error.code}`);
    return withSeq(r.board, e.seq);
  }, start);
}

const roleOf = (id: string): Actor['role'] => (id === 'fac' ? 'facilitator' : 'participant');

const WORKSHOP: Step[] = [
  [mk('section.add', { section: { id: 'goal', title: '共通の目的', x: 0, y: 0, width: 1000, height: 800 } }), FAC],
  [mk('section.add', { section: { id: 'roles', title: '役割分担', x: 1200, y: 0, width: 1000, height: 800 } }), FAC],
  [mk('writing.private', { on: true }), FAC],
  [mk('timer.start', { seconds: 300 }), FAC],
  [mk('note.add', { note: { id: 'c1', text: '子どもの居場所', x: 50, y: 50 } }), ALICE],
  [mk('note.add', { note: { id: 'c2', text: '高齢者の見守り', x: 60, y: 300 } }), BOB],
  [mk('note.update', { id: 'c1', patch: { text: '子どもと高齢者の居場所' } }), ALICE],
  [mk('note.update', { id: 'c1', patch: { text: 'Bob edits Alice' } }), BOB],
  [mk('note.move', { moves: [{ id: 'c2', x: 1300, y: 100 }] }), BOB],
  [mk('timer.stop', {}), FAC],
  [mk('writing.private', { on: false }), FAC],
  [mk('note.update', { id: 'c2', patch: { color: '#90caf9' } }), ALICE],
  [mk('section.update', { id: 'roles', patch: { x: 3000 } }), FAC],
  [mk('participant.update', { id: 'bob', name: 'ボブ' }), FAC],
  [mk('voting.start', { budget: 3, hidden: true, maxPerNote: 2 }), FAC],
  [mk('vote.add', { noteId: 'c1' }), ALICE],
  [mk('vote.add', { noteId: 'c1' }), ALICE],
  [mk('vote.add', { noteId: 'c1' }), ALICE],
  [mk('vote.add', { noteId: 'c2' }), BOB],
  [mk('vote.add', { noteId: 'c2' }), GONE],
  [mk('vote.remove', { noteId: 'c1' }), ALICE],
  [mk('voting.end', {}), FAC],
  [mk('board.update', { locked: true }), FAC],
  [mk('note.delete', { ids: ['c2'] }), BOB],
  [mk('note.delete', { ids: ['c2', 'a1'] }), FAC],
  [mk('focus', { sectionId: 'goal' }), FAC],
];

describe('[R6] determinism', () => {
  it('the same ops in the same order from the same start give deep-equal boards', () => {
    const one = serve(makeBoard(), WORKSHOP);
    const two = serve(makeBoard(), WORKSHOP);
    expect(two.board).toStrictEqual(one.board);
    expect(one.refused).toEqual(['note.update:forbidden', 'vote.add:limit', 'vote.add:forbidden', 'note.delete:locked']);
  });

  it('[S2] replaying the log read back from JSON gives the server’s board', () => {
    const start = makeBoard();
    const { board, log } = serve(start, WORKSHOP);
    const fromDisk = JSON.parse(JSON.stringify(log)).map((line: unknown) => OpEntry.parse(line));
    expect(replayLog(start, fromDisk, roleOf)).toStrictEqual(board);
  });

  it('the workshop ends where a user would expect', () => {
    const { board } = serve(makeBoard(), WORKSHOP);
    expect(board.notes.c1).toMatchObject({ text: '子どもと高齢者の居場所', sectionId: 'goal', authorName: 'Alice' });
    expect(board.notes.c2).toBeUndefined();
    expect(board.notes.a1).toBeUndefined();
    expect(board.votes).toStrictEqual({ c1: { alice: 1 } });
    expect(board.voting).toMatchObject({ open: false, ended: true, hidden: true });
    expect(board.settings).toStrictEqual({ locked: true, anonymous: false, privateWriting: false });
    expect(board.timer.endsAt).toBeNull();
    expect(board.focus).toMatchObject({ sectionId: 'goal' });
    expect(board.seq).toBe(7 + WORKSHOP.length - 4);
  });
});

type Order = 'a→b' | 'b→a';
type Pair = {
  name: string;
  start?: () => Board;
  a: Step;
  b: Step;
  /** Either both orders give the same board, or a check per order on the board that results. */
  expect: 'same' | ((board: Board, order: Order) => void);
};

const note1 = () => makeBoard({ notes: [note('n1', 'alice', { text: 'orig', x: 0, y: 0 })] });
const PAIRS: Pair[] = [
  {
    name: 'text by one, colour by another: both survive',
    start: note1,
    a: [mk('note.update', { id: 'n1', patch: { text: 'from Alice' } }), ALICE],
    b: [mk('note.update', { id: 'n1', patch: { color: '#a5d6a7' } }), BOB],
    expect: 'same',
  },
  {
    name: 'text and a move: both survive',
    start: note1,
    a: [mk('note.update', { id: 'n1', patch: { text: 'from Alice' } }), ALICE],
    b: [mk('note.move', { moves: [{ id: 'n1', x: 500, y: 600 }] }), BOB],
    expect: 'same',
  },
  {
    name: 'x by one, y by another: both survive',
    start: note1,
    a: [mk('note.update', { id: 'n1', patch: { x: 11 } }), ALICE],
    b: [mk('note.update', { id: 'n1', patch: { y: 22 } }), BOB],
    expect: 'same',
  },
  {
    name: 'text by both: the later wins',
    start: note1,
    a: [mk('note.update', { id: 'n1', patch: { text: 'A' } }), ALICE],
    b: [mk('note.update', { id: 'n1', patch: { text: 'B' } }), BOB],
    expect: (b, order) => expect(b.notes.n1!.text).toBe(order === 'a→b' ? 'B' : 'A'),
  },
  {
    name: 'two moves: the later position wins',
    start: note1,
    a: [mk('note.move', { moves: [{ id: 'n1', x: 1, y: 1 }] }), ALICE],
    b: [mk('note.move', { moves: [{ id: 'n1', x: 2, y: 2 }] }), BOB],
    expect: (b, order) => expect(b.notes.n1).toMatchObject(order === 'a→b' ? { x: 2, y: 2 } : { x: 1, y: 1 }),
  },
  {
    name: 'a patch of x and a move: x from the later, y from the move',
    start: note1,
    a: [mk('note.update', { id: 'n1', patch: { x: 7, text: 'T' } }), ALICE],
    b: [mk('note.move', { moves: [{ id: 'n1', x: 300, y: 400 }] }), BOB],
    expect: (b, order) => expect(b.notes.n1).toMatchObject({ text: 'T', y: 400, x: order === 'a→b' ? 300 : 7 }),
  },
  {
    name: 'a delete and an edit: the note is gone either way',
    start: note1,
    a: [mk('note.delete', { ids: ['n1'] }), ALICE],
    b: [mk('note.update', { id: 'n1', patch: { text: 'too late' } }), BOB],
    expect: 'same',
  },
  {
    name: 'a delete and a move: the note is gone either way',
    start: note1,
    a: [mk('note.delete', { ids: ['n1'] }), ALICE],
    b: [mk('note.move', { moves: [{ id: 'n1', x: 9, y: 9 }] }), BOB],
    expect: 'same',
  },
  {
    name: 'two deletes of one note: gone either way',
    start: note1,
    a: [mk('note.delete', { ids: ['n1'] }), ALICE],
    b: [mk('note.delete', { ids: ['n1'] }), BOB],
    expect: 'same',
  },
  {
    name: 'two notes with one id: the first keeps it',
    start: () => makeBoard({ notes: [] }),
    a: [mk('note.add', { note: { id: 'same', text: 'A', x: 0, y: 0 } }), ALICE],
    b: [mk('note.add', { note: { id: 'same', text: 'B', x: 0, y: 0 } }), BOB],
    expect: (b, order) => expect(b.notes.same).toMatchObject(order === 'a→b' ? { text: 'A', authorId: 'alice' } : { text: 'B', authorId: 'bob' }),
  },
  {
    name: 'a section moved and a note moved into where it will be: same section either way',
    start: () => makeBoard({ sections: [section('s', { x: 0, y: 0, width: 500, height: 500 })], notes: [note('n1', 'alice', { x: 100, y: 100, sectionId: 's' })] }),
    a: [mk('section.update', { id: 's', patch: { x: 3000 } }), FAC],
    b: [mk('note.move', { moves: [{ id: 'n1', x: 3100, y: 100 }] }), ALICE],
    expect: (b) => {
      expect(b.notes.n1!.sectionId).toBe('s');
    },
  },
  {
    name: 'a section deleted and a note moved into it: no section either way',
    start: () => makeBoard({ sections: [section('s', { x: 0, y: 0, width: 500, height: 500 })], notes: [note('n1', 'alice', { x: 3000, y: 0 })] }),
    a: [mk('section.delete', { id: 's' }), FAC],
    b: [mk('note.move', { moves: [{ id: 'n1', x: 100, y: 100 }] }), ALICE],
    expect: (b) => expect(b.notes.n1!.sectionId).toBeNull(),
  },
  {
    name: 'a rename and a new note by the renamed: the note carries the new name either way',
    start: () => makeBoard({ notes: [] }),
    a: [mk('participant.update', { id: 'alice', name: 'ありす' }), FAC],
    b: [mk('note.add', { note: { id: 'n1', text: 'x', x: 0, y: 0 } }), ALICE],
    expect: (b) => expect(b.notes.n1!.authorName).toBe('ありす'),
  },
  {
    name: 'two voters on one note: both counted',
    start: () => votingBoard(),
    a: [mk('vote.add', { noteId: 'b1' }), ALICE],
    b: [mk('vote.add', { noteId: 'b1' }), BOB],
    expect: 'same',
  },
  {
    name: 'voting ends and a late vote: the vote counts only if it came first',
    start: () => votingBoard(),
    a: [mk('voting.end', {}), FAC],
    b: [mk('vote.add', { noteId: 'b1' }), BOB],
    expect: (b, order) => expect(tally(b, 'b1')).toBe(order === 'a→b' ? 0 : 1),
  },
  {
    name: 'private writing starts and an edit of another’s note: the edit stands only if it came first',
    start: note1,
    a: [mk('writing.private', { on: true }), FAC],
    b: [mk('note.update', { id: 'n1', patch: { text: 'by Bob' } }), BOB],
    expect: (b, order) => expect(b.notes.n1!.text).toBe(order === 'a→b' ? 'orig' : 'by Bob'),
  },
  {
    name: 'the board is locked and a note is added: the note stands only if it came first',
    start: () => makeBoard({ notes: [] }),
    a: [mk('board.update', { locked: true }), FAC],
    b: [mk('note.add', { note: { id: 'n1', text: 'x', x: 0, y: 0 } }), BOB],
    expect: (b, order) => expect(Boolean(b.notes.n1)).toBe(order === 'b→a'),
  },
  {
    name: 'a participant removed and its edit: the edit stands only if it came first',
    start: note1,
    a: [mk('participant.update', { id: 'alice', removed: true }), FAC],
    b: [mk('note.update', { id: 'n1', patch: { text: 'last words' } }), ALICE],
    expect: (b, order) => expect(b.notes.n1!.text).toBe(order === 'a→b' ? 'orig' : 'last words'),
  },
];

describe('[R6] last-writer-wins per field, in both orders', () => {
  it.each(PAIRS)('$name', ({ start = () => makeBoard(), a, b, expect: check }) => {
    const ab = serve(start(), [a, b]).board;
    const ba = serve(start(), [b, a]).board;
    if (check === 'same') {
      expect({ ...ab, seq: 0 }).toStrictEqual({ ...ba, seq: 0 });
    } else {
      check(ab, 'a→b');
      check(ba, 'b→a');
    }
    // Whatever the order, each result is the same on every replica.
    expect(serve(start(), [a, b]).board).toStrictEqual(ab);
  });
});

// A seeded generator of ops, valid for the schema and often wrong for the board: duplicates,
// unknown ids, others' notes, facilitator ops from participants, removed people.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSteps(seed: number, count: number): Step[] {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const noteIds = ['a1', 'a2', 'b1', 'n1', 'n2', 'n3', 'n4'];
  const sectionIds = ['s1', 's2', 's3'];
  const coord = () => pick([-400, 0, 150, 600, 900, 1500, 2500]);
  const actors = [FAC, ALICE, BOB, ALICE, BOB, GONE];
  const makers: (() => ClientOp)[] = [
    () => mk('note.add', { note: { id: pick(noteIds), text: `t${Math.floor(r() * 5)}`, x: coord(), y: coord() } }),
    () => mk('note.update', { id: pick(noteIds), patch: pick([{ text: `t${Math.floor(r() * 5)}` }, { color: '#90caf9' }, { x: coord() }, { width: 300 }]) }),
    () => mk('note.move', { moves: [{ id: pick(noteIds), x: coord(), y: coord() }, { id: pick(noteIds), x: coord(), y: coord() }] }),
    () => mk('note.delete', { ids: [pick(noteIds), pick(noteIds)] }),
    () => mk('section.add', { section: { id: pick(sectionIds), title: 's', x: coord(), y: coord(), width: pick([500, 1000]), height: 1000 } }),
    () => mk('section.update', { id: pick(sectionIds), patch: { x: coord(), y: coord() } }),
    () => mk('section.delete', { id: pick(sectionIds) }),
    () => mk('vote.add', { noteId: pick(noteIds) }),
    () => mk('vote.add', { noteId: pick(noteIds) }),
    () => mk('vote.remove', { noteId: pick(noteIds) }),
    () => mk('voting.start', { budget: pick([1, 2, 3]), hidden: r() < 0.5, maxPerNote: pick([1, 2]) }),
    () => mk('voting.end', {}),
    () => mk('writing.private', { on: r() < 0.5 }),
    () => mk('board.update', { locked: r() < 0.15, anonymous: r() < 0.5 }),
    () => mk('participant.update', { id: pick(['alice', 'bob']), name: pick(['Alice', 'Bob', 'Carol']) }),
  ];
  return Array.from({ length: count }, () => [pick(makers)(), pick(actors)] as const);
}

function checkInvariants(b: Board) {
  expect(BoardSchema.safeParse(b).success).toBe(true);
  for (const n of Object.values(b.notes)) {
    expect(n.sectionId, `sectionId of ${n.id}`).toBe(sectionAt(b.sections, n));
    expect(n.authorName).toBe(b.participants[n.authorId]?.name);
  }
  for (const [noteId, byP] of Object.entries(b.votes)) {
    expect(b.notes[noteId], `votes on a deleted note ${noteId}`).toBeDefined();
    for (const n of Object.values(byP)) expect(n).toBeLessThanOrEqual(b.voting.maxPerNote);
  }
  for (const pid of Object.keys(b.participants)) expect(votesUsedBy(b, pid)).toBeLessThanOrEqual(b.voting.budget);
}

describe('[R6] random sessions', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: replicas agree with the server and the board stays valid', (seed) => {
    const steps = randomSteps(seed, 400);
    const start = makeBoard();
    const served = serve(start, steps);
    expect(served.log.length).toBeGreaterThan(25);
    expect(served.refused.length).toBeGreaterThan(50);
    expect(serve(start, steps).board).toStrictEqual(served.board);
    expect(replayLog(start, served.log, roleOf)).toStrictEqual(served.board);
    checkInvariants(served.board);
  });

  it.each([11, 12, 13])('seed %i: the board is valid after every single op', (seed) => {
    let board = makeBoard();
    for (const [op, actor] of randomSteps(seed, 150)) {
      const r = applyOp(board, op, { actor, at: T0 });
      if (r.ok) board = r.board;
      checkInvariants(board);
    }
  });
});
