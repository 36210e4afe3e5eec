import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/model.js';
import type { Op, OpEntry } from '../../shared/ops.js';
import { applyOp, withSeq, type Actor } from '../../shared/reducer.js';
import { BoardView, boardFromView, revealsHidden, viewEntry, viewFor, visibleVotes, type Viewer } from '../../shared/view.js';
import { ALICE, BOB, FAC, T0, deepFreeze, makeBoard, mk, note, section } from './fixtures.js';

// What a participant receives is what it can find out: everything is checked on the serialised
// view, the form in which it leaves the server.

const SECRET = '誰にも見せない下書き';
const notes = () => [
  note('alice-note', 'alice', { text: 'アリスの意見', x: 0, y: 0 }),
  note('bob-secret-note', 'bob', { text: SECRET, x: 3000, y: 0 }),
  note('fac-note', 'fac', { text: '進行役のメモ', x: 0, y: 3000 }),
];
const board = (init: Parameters<typeof makeBoard>[0] = {}) => makeBoard({ notes: notes(), ...init });

/** The view as sent, without the presence list (names and ids of who is here are public on purpose). */
const wire = (v: BoardView) => JSON.stringify({ ...v, participants: [] });
const entryOf = (op: Op, by: string, seq = 8): OpEntry => ({ seq, by, at: T0 + 9_000, op });

describe('[V1] private writing', () => {
  const priv = () => board({ settings: { privateWriting: true } });

  it('a participant sees only its own notes and a count of the others', () => {
    const v = viewFor(priv(), ALICE);
    expect(v.notes.map((n) => n.id)).toEqual(['alice-note']);
    expect(v.hiddenNotes).toBe(2);
  });

  it('another participant’s note text and id are nowhere in what a participant is sent', () => {
    const sent = wire(viewFor(priv(), ALICE));
    expect(sent).not.toContain(SECRET);
    expect(sent).not.toContain('bob-secret-note');
    expect(sent).not.toContain('進行役のメモ');
  });

  it('each participant sees its own', () => {
    const v = viewFor(priv(), BOB);
    expect(v.notes.map((n) => n.text)).toEqual([SECRET]);
    expect(v.hiddenNotes).toBe(2);
  });

  it('a participant without notes sees none and counts all', () => {
    const v = viewFor(priv(), { id: 'newcomer', role: 'participant' });
    expect(v.notes).toEqual([]);
    expect(v.hiddenNotes).toBe(3);
  });

  it('[V5] the facilitator sees every note', () => {
    const v = viewFor(priv(), FAC);
    expect(v.notes).toHaveLength(3);
    expect(v.hiddenNotes).toBe(0);
    expect(wire(v)).toContain(SECRET);
  });

  it('when writing is not private everyone sees every note', () => {
    const v = viewFor(board(), ALICE);
    expect(v.notes).toHaveLength(3);
    expect(v.hiddenNotes).toBe(0);
  });

  it('the view is a valid BoardView', () => {
    expect(BoardView.safeParse(viewFor(priv(), ALICE)).success).toBe(true);
  });

  type Row = [name: string, op: Op, by: string, expected: 'whole' | 'null' | ((e: OpEntry) => unknown)];
  const rows: Row[] = [
    ['Bob adds a note', mk('note.add', { note: { id: 'bob-2', text: SECRET, x: 0, y: 0 } }), 'bob', 'null'],
    ['the facilitator adds a note', mk('note.add', { note: { id: 'fac-2', text: SECRET, x: 0, y: 0 } }), 'fac', 'null'],
    ['Alice adds a note', mk('note.add', { note: { id: 'alice-2', text: 'mine', x: 0, y: 0 } }), 'alice', 'whole'],
    ['Bob edits his note', mk('note.update', { id: 'bob-secret-note', patch: { text: SECRET } }), 'bob', 'null'],
    ['the facilitator edits Bob’s note', mk('note.update', { id: 'bob-secret-note', patch: { text: SECRET } }), 'fac', 'null'],
    ['the facilitator edits Alice’s note', mk('note.update', { id: 'alice-note', patch: { text: 'tidied' } }), 'fac', 'whole'],
    ['Alice edits her note', mk('note.update', { id: 'alice-note', patch: { text: 'mine' } }), 'alice', 'whole'],
    ['Bob moves his note', mk('note.move', { moves: [{ id: 'bob-secret-note', x: 1, y: 1 }] }), 'bob', 'null'],
    [
      'the facilitator moves Alice’s and Bob’s notes',
      mk('note.move', { moves: [{ id: 'alice-note', x: 1, y: 1 }, { id: 'bob-secret-note', x: 2, y: 2 }] }),
      'fac',
      (e) => e.op,
    ],
    ['Bob deletes his note', mk('note.delete', { ids: ['bob-secret-note'] }), 'bob', 'null'],
    ['the facilitator deletes Alice’s and Bob’s notes', mk('note.delete', { ids: ['alice-note', 'bob-secret-note'] }), 'fac', (e) => e.op],
    ['the facilitator starts a timer', mk('timer.start', { seconds: 60 }), 'fac', 'whole'],
  ];

  it.each(rows)('[O2] %s: Alice gets what she may see, with seq and at intact', (_name, op, by, expected) => {
    const before = deepFreeze(priv());
    const entry = entryOf(op, by);
    const got = viewEntry(before, entry, ALICE);
    expect({ seq: got.seq, at: got.at }).toStrictEqual({ seq: entry.seq, at: entry.at });
    if (expected === 'whole') expect(got).toBe(entry);
    // Who acted is hidden with what they did.
    else if (expected === 'null') expect(got).toStrictEqual({ seq: entry.seq, by: '', at: entry.at, op: null });
    else expect(got).toMatchObject({ by, op: expect.anything() });
    expect(JSON.stringify(got)).not.toContain(SECRET);
    expect(JSON.stringify(got)).not.toContain('bob-secret-note');
  });

  it('a mixed move keeps only Alice’s own note', () => {
    const op = mk('note.move', { moves: [{ id: 'alice-note', x: 1, y: 1 }, { id: 'bob-secret-note', x: 2, y: 2 }] });
    const got = viewEntry(priv(), entryOf(op, 'fac'), ALICE);
    expect(got.op).toStrictEqual({ ...op, moves: [{ id: 'alice-note', x: 1, y: 1 }] });
  });

  it('a mixed delete keeps only Alice’s own note', () => {
    const op = mk('note.delete', { ids: ['alice-note', 'bob-secret-note', 'fac-note'] });
    const got = viewEntry(priv(), entryOf(op, 'fac'), ALICE);
    expect(got.op).toStrictEqual({ ...op, ids: ['alice-note'] });
  });

  it('a filtered entry does not change the entry it came from', () => {
    const op = deepFreeze(mk('note.delete', { ids: ['alice-note', 'bob-secret-note'] }));
    const entry = deepFreeze(entryOf(op, 'fac'));
    viewEntry(priv(), entry, ALICE);
    expect(entry.op).toBe(op);
    expect((entry.op as typeof op).ids).toEqual(['alice-note', 'bob-secret-note']);
  });

  it.each(rows)('[V5] %s: the facilitator gets the entry as it is', (_name, op, by) => {
    const entry = entryOf(op, by);
    expect(viewEntry(priv(), entry, FAC)).toBe(entry);
  });

  it('Bob gets his own ops whole', () => {
    const entry = entryOf(mk('note.update', { id: 'bob-secret-note', patch: { text: 'x' } }), 'bob');
    expect(viewEntry(priv(), entry, BOB)).toBe(entry);
  });

  it('votes on notes Alice may not see are not in her view', () => {
    const b = board({
      settings: { privateWriting: true },
      voting: { open: true, budget: 3, maxPerNote: 3, hidden: false, ended: false },
      votes: { 'bob-secret-note': { bob: 1 }, 'alice-note': { alice: 1 } },
    });
    const v = viewFor(b, ALICE);
    expect(v.votes).toStrictEqual({ 'alice-note': { alice: 1 } });
    expect(wire(v)).not.toContain('bob-secret-note');
  });

  it('a vote on a note Alice may not see reaches her as null', () => {
    const b = board({ settings: { privateWriting: true }, voting: { open: true, budget: 3, maxPerNote: 3, hidden: false, ended: false } });
    expect(viewEntry(b, entryOf(mk('vote.add', { noteId: 'bob-secret-note' }), 'bob'), ALICE).op).toBeNull();
  });
});

describe('[V2] hidden voting', () => {
  // Bob has no notes here, so his id can only reach Alice through votes.
  const hiddenBoard = (open = true) =>
    makeBoard({
      notes: [note('n-alice', 'alice'), note('n-fac', 'fac', { x: 3000 })],
      voting: { open, budget: 5, maxPerNote: 3, hidden: true, ended: !open },
      votes: { 'n-alice': { alice: 1, bob: 2 }, 'n-fac': { bob: 1, fac: 1 } },
    });

  it('a participant sees only its own votes, and tallies count only those', () => {
    const v = viewFor(hiddenBoard(), ALICE);
    expect(v.votes).toStrictEqual({ 'n-alice': { alice: 1 } });
    expect(Object.fromEntries(v.notes.map((n) => [n.id, n.votes]))).toStrictEqual({ 'n-alice': 1, 'n-fac': 0 });
  });

  it('another voter’s id is nowhere in what a participant is sent', () => {
    expect(wire(viewFor(hiddenBoard(), ALICE))).not.toContain('bob');
  });

  it('the visible votes of a participant are the votes it would count itself', () => {
    expect(visibleVotes(hiddenBoard(), BOB)).toStrictEqual({ 'n-alice': { bob: 2 }, 'n-fac': { bob: 1 } });
  });

  it('[V5] the facilitator sees every vote and full tallies', () => {
    const v = viewFor(hiddenBoard(), FAC);
    expect(v.votes).toStrictEqual(hiddenBoard().votes);
    expect(Object.fromEntries(v.notes.map((n) => [n.id, n.votes]))).toStrictEqual({ 'n-alice': 3, 'n-fac': 2 });
  });

  it('after voting.end every vote is visible to everyone', () => {
    const ended = hiddenBoard(false);
    const v = viewFor(ended, ALICE);
    expect(v.votes).toStrictEqual(ended.votes);
    expect(Object.fromEntries(v.notes.map((n) => [n.id, n.votes]))).toStrictEqual({ 'n-alice': 3, 'n-fac': 2 });
  });

  it('open voting that is not hidden shows every vote, as the same object', () => {
    const b = makeBoard({ voting: { open: true, hidden: false }, votes: { a1: { bob: 1 } } });
    expect(visibleVotes(b, ALICE)).toBe(b.votes);
  });

  it.each([
    ['Bob adds a vote', 'null', mk('vote.add', { noteId: 'n-alice' }), 'bob'],
    ['Bob removes a vote', 'null', mk('vote.remove', { noteId: 'n-alice' }), 'bob'],
    ['the facilitator votes', 'null', mk('vote.add', { noteId: 'n-alice' }), 'fac'],
    ['Alice adds a vote', 'whole', mk('vote.add', { noteId: 'n-fac' }), 'alice'],
    ['Alice removes a vote', 'whole', mk('vote.remove', { noteId: 'n-alice' }), 'alice'],
    ['Bob edits a note', 'whole', mk('note.update', { id: 'n-fac', patch: { text: 'x' } }), 'bob'],
  ] as const)('%s: Alice gets %s', (_name, expected, op, by) => {
    const entry = entryOf(op, by);
    const got = viewEntry(hiddenBoard(), entry, ALICE);
    if (expected === 'whole') expect(got).toBe(entry);
    else expect(got).toStrictEqual({ ...entry, by: '', op: null });
  });

  it('[V5] the facilitator gets others’ votes', () => {
    const entry = entryOf(mk('vote.add', { noteId: 'n-alice' }), 'bob');
    expect(viewEntry(hiddenBoard(), entry, FAC)).toBe(entry);
  });

  it('vote ops of others reach Alice when voting is not hidden', () => {
    const b = makeBoard({ voting: { open: true, hidden: false } });
    const entry = entryOf(mk('vote.add', { noteId: 'a1' }), 'bob');
    expect(viewEntry(b, entry, ALICE)).toBe(entry);
  });
});

describe('[V3] anonymous mode', () => {
  const anon = () => board({ settings: { anonymous: true } });

  it('others’ notes come without author name and id; own notes keep them', () => {
    const v = viewFor(anon(), ALICE);
    const byId = Object.fromEntries(v.notes.map((n) => [n.id, n]));
    expect(byId['alice-note']).toMatchObject({ authorId: 'alice', authorName: 'Alice' });
    expect(byId['bob-secret-note']).toMatchObject({ authorId: '', authorName: '', text: SECRET });
    expect(byId['fac-note']).toMatchObject({ authorId: '', authorName: '' });
  });

  it('no other author’s name or id is in the notes a participant is sent', () => {
    const sent = JSON.stringify(viewFor(anon(), ALICE).notes);
    for (const leak of ['bob', 'Bob', 'fac', '進行役']) expect(sent).not.toContain(`"${leak}"`);
  });

  it('others’ notes do not carry their affiliation either', () => {
    const byId = Object.fromEntries(viewFor(anon(), ALICE).notes.map((n) => [n.id, n]));
    expect(byId['bob-secret-note']!.affiliation).toBe('other');
    expect(byId['alice-note']!.affiliation).toBe('citizen');
  });

  it('others’ votes are counted but not attributed; one’s own keep one’s id', () => {
    const b = board({
      settings: { anonymous: true },
      voting: { open: true, budget: 5, maxPerNote: 3, hidden: false, ended: false },
      votes: { 'alice-note': { bob: 2, fac: 1, alice: 1 }, 'fac-note': { bob: 1 } },
    });
    const v = viewFor(b, ALICE);
    expect(v.votes).toStrictEqual({ 'alice-note': { '': 3, alice: 1 }, 'fac-note': { '': 1 } });
    expect(Object.fromEntries(v.notes.map((n) => [n.id, n.votes]))).toStrictEqual({ 'alice-note': 4, 'bob-secret-note': 0, 'fac-note': 1 });
    expect(wire(v)).not.toMatch(/"bob"|"fac"/);
    expect(viewFor(b, FAC).votes).toStrictEqual(b.votes);
  });

  it('Bob’s vote reaches Alice with an empty by', () => {
    const b = board({ settings: { anonymous: true }, voting: { open: true, budget: 5, maxPerNote: 3, hidden: false, ended: false } });
    const entry = entryOf(mk('vote.add', { noteId: 'alice-note' }), 'bob');
    expect(viewEntry(b, entry, ALICE)).toStrictEqual({ ...entry, by: '' });
  });

  it('[V5] the facilitator sees every author', () => {
    const v = viewFor(anon(), FAC);
    expect(v.notes.map((n) => n.authorName)).toEqual(['Alice', 'Bob', '進行役']);
  });

  it.each([
    ['note.add', mk('note.add', { note: { id: 'x1', text: 'x', x: 0, y: 0 } })],
    ['note.update', mk('note.update', { id: 'alice-note', patch: { text: 'x' } })],
    ['note.move', mk('note.move', { moves: [{ id: 'alice-note', x: 1, y: 1 }] })],
    ['note.delete', mk('note.delete', { ids: ['alice-note'] })],
  ])('Bob’s %s reaches Alice with an empty by and the op intact', (_name, op) => {
    const entry = entryOf(op, 'bob');
    expect(viewEntry(anon(), entry, ALICE)).toStrictEqual({ ...entry, by: '' });
  });

  it('Alice’s own op reaches her with her id', () => {
    const entry = entryOf(mk('note.add', { note: { id: 'x1', text: 'x', x: 0, y: 0 } }), 'alice');
    expect(viewEntry(anon(), entry, ALICE)).toBe(entry);
  });

  it('[V5] the facilitator gets every author', () => {
    const entry = entryOf(mk('note.add', { note: { id: 'x1', text: 'x', x: 0, y: 0 } }), 'bob');
    expect(viewEntry(anon(), entry, FAC)).toBe(entry);
  });

  it('anonymous and private writing together: others’ notes are hidden, not merely anonymous', () => {
    const b = board({ settings: { anonymous: true, privateWriting: true } });
    const v = viewFor(b, ALICE);
    expect(v.notes.map((n) => n.id)).toEqual(['alice-note']);
    expect(wire(v)).not.toContain(SECRET);
    expect(viewEntry(b, entryOf(mk('note.add', { note: { id: 'x1', text: SECRET, x: 0, y: 0 } }), 'bob'), ALICE).op).toBeNull();
  });
});

describe('[V5] the facilitator sees everything', () => {
  const everything = () =>
    makeBoard({
      notes: notes(),
      sections: [section('goal', { en: { title: 'Goal', prompt: 'Why?' } })],
      settings: { privateWriting: true, anonymous: true, locked: true },
      voting: { open: true, budget: 5, maxPerNote: 3, hidden: true, ended: false },
      votes: { 'alice-note': { bob: 2, alice: 1 }, 'fac-note': { fac: 1 } },
      timer: { endsAt: T0 + 1, seconds: 5 },
      focus: { sectionId: 'goal', at: T0 },
    });

  it('boardFromView(viewFor(board, facilitator)) is the board', () => {
    const b = everything();
    expect(boardFromView(viewFor(b, FAC))).toStrictEqual(b);
  });

  it.each([
    ['an empty board', () => makeBoard({ notes: [] })],
    ['the default board', () => makeBoard()],
    ['a board with everything hidden from participants', everything],
  ])('round-trips %s, keeping z-order', (_name, make) => {
    const b = make();
    const back = boardFromView(viewFor(b, FAC));
    expect(back).toStrictEqual(b);
    expect(Object.keys(back.notes)).toEqual(Object.keys(b.notes));
  });

  it('a participant’s view round-trips too when nothing is hidden from it', () => {
    const b = makeBoard({ voting: { open: true, hidden: false }, votes: { a1: { bob: 1 } } });
    expect(boardFromView(viewFor(b, ALICE))).toStrictEqual(b);
  });

  it('viewFor does not change the board', () => {
    const b = deepFreeze(everything());
    const copy = structuredClone(b);
    viewFor(b, ALICE);
    viewFor(b, FAC);
    expect(b).toStrictEqual(copy);
  });
});

describe('[V4] revealsHidden', () => {
  const cases: [string, boolean, () => Board, Op][] = [
    ['private writing turned off', true, () => makeBoard({ settings: { privateWriting: true } }), mk('writing.private', { on: false })],
    ['private writing turned on', true, () => makeBoard(), mk('writing.private', { on: true })],
    ['anonymous turned on', true, () => makeBoard(), mk('board.update', { anonymous: true })],
    ['anonymous turned off', true, () => makeBoard({ settings: { anonymous: true } }), mk('board.update', { anonymous: false })],
    ['hidden voting ended', true, () => makeBoard({ voting: { open: true, hidden: true } }), mk('voting.end', {})],
    ['open voting ended', false, () => makeBoard({ voting: { open: true, hidden: false } }), mk('voting.end', {})],
    ['hidden voting started', false, () => makeBoard(), mk('voting.start', { budget: 3, hidden: true })],
    ['the board locked', false, () => makeBoard(), mk('board.update', { locked: true })],
    ['the title changed', false, () => makeBoard(), mk('board.update', { title: 'T' })],
    ['a note added during private writing', false, () => makeBoard({ settings: { privateWriting: true } }), mk('note.add', { note: { id: 'x1', text: 'x', x: 0, y: 0 } })],
    ['a vote during hidden voting', false, () => makeBoard({ voting: { open: true, hidden: true } }), mk('vote.add', { noteId: 'a1' })],
    ['a timer started', false, () => makeBoard(), mk('timer.start', { seconds: 5 })],
  ];
  it.each(cases)('%s → %s', (_name, expected, make, op) => {
    const before = make();
    const r = applyOp(before, op, { actor: FAC, at: T0 });
    if (!r.ok) throw new Error(r.error.message);
    expect(revealsHidden(before, r.board)).toBe(expected);
  });

  it('a board compared with itself reveals nothing', () => {
    const b = makeBoard({ settings: { privateWriting: true, anonymous: true }, voting: { open: true, hidden: true } });
    expect(revealsHidden(b, b)).toBe(false);
  });
});

// [C1] A participant that applies the entries it is sent to the view it was sent ends with the
// view the server would send it now; otherwise a reload would show something different.
describe('[V1][V2] a participant’s replica follows its view', () => {
  const scenes: [string, () => Board][] = [
    ['nothing hidden, voting open', () => board({ voting: { open: true, budget: 5, maxPerNote: 3, hidden: false, ended: false }, votes: { 'alice-note': { bob: 1 } } })],
    ['private writing', () => board({ settings: { privateWriting: true }, sections: [section('goal', { x: 800, y: -100, width: 500, height: 500 })] })],
    ['hidden voting', () => board({ voting: { open: true, budget: 5, maxPerNote: 3, hidden: true, ended: false }, votes: { 'alice-note': { bob: 1, alice: 1 } } })],
    [
      'anonymous, voting open',
      // Others' dots pooled under '' already exceed one person's budget.
      () => board({ settings: { anonymous: true }, voting: { open: true, budget: 3, maxPerNote: 3, hidden: false, ended: false }, votes: { 'alice-note': { bob: 2 }, 'fac-note': { fac: 3 } } }),
    ],
  ];
  const steps: [string, Op, Actor][] = [
    ['Bob adds a note', mk('note.add', { note: { id: 'b2', text: SECRET, x: 100, y: 100 } }), BOB],
    ['Alice adds a note', mk('note.add', { note: { id: 'a2', text: 'mine', x: 100, y: 100 } }), ALICE],
    ['the facilitator adds a note', mk('note.add', { note: { id: 'f2', text: 'x', x: 100, y: 100 } }), FAC],
    ['Bob edits his note', mk('note.update', { id: 'bob-secret-note', patch: { text: 'x' } }), BOB],
    ['the facilitator edits Alice’s note', mk('note.update', { id: 'alice-note', patch: { text: 'tidied', x: 900 } }), FAC],
    ['the facilitator moves two notes', mk('note.move', { moves: [{ id: 'alice-note', x: 50, y: 50 }, { id: 'bob-secret-note', x: 60, y: 60 }] }), FAC],
    ['the facilitator deletes two notes', mk('note.delete', { ids: ['alice-note', 'bob-secret-note'] }), FAC],
    ['Bob deletes his note', mk('note.delete', { ids: ['bob-secret-note'] }), BOB],
    ['Bob votes', mk('vote.add', { noteId: 'alice-note' }), BOB],
    ['Alice votes', mk('vote.add', { noteId: 'fac-note' }), ALICE],
    ['Bob takes a vote back', mk('vote.remove', { noteId: 'alice-note' }), BOB],
    ['a section is added over the notes', mk('section.add', { section: { id: 'wide', title: 'w', x: -10, y: -10, width: 10_000, height: 10_000 } }), FAC],
    ['Bob is renamed', mk('participant.update', { id: 'bob', name: 'ボブ' }), FAC],
    ['a timer starts', mk('timer.start', { seconds: 60 }), FAC],
  ];
  const viewers: Viewer[] = [ALICE, BOB];
  const refusedRows: string[] = [];
  const table = scenes.flatMap(([scene, make]) =>
    steps.flatMap(([step, op, actor]) => viewers.map((viewer) => [scene, step, viewer.id, make, op, actor, viewer] as const)),
  );

  it.each(table)('%s, %s: %s’s replica equals its new view', (_scene, _step, _viewerId, make, op, actor, viewer) => {
    const before = make();
    const r = applyOp(before, op, { actor, at: T0 + 9_000 });
    if (!r.ok) return void refusedRows.push(`${_scene}: ${_step}`); // refused ops are never sent
    const after = withSeq(r.board, before.seq + 1);
    expect(revealsHidden(before, after)).toBe(false);

    const entry = viewEntry(before, { seq: after.seq, by: actor.id, at: T0 + 9_000, op }, viewer);
    let replica = boardFromView(viewFor(before, viewer));
    if (entry.op) {
      const role = replica.participants[entry.by]?.role ?? 'participant';
      const applied = applyOp(replica, entry.op, { actor: { id: entry.by, role }, at: entry.at, trusted: true });
      if (!applied.ok) throw new Error(`replica refused a confirmed op: ${applied.error.code}`);
      replica = applied.board;
    }
    replica = withSeq(replica, entry.seq);
    expect(replica).toStrictEqual(boardFromView(viewFor(after, viewer)));
  });

  it('only the ops that make no sense in a scene were skipped', () => {
    expect([...new Set(refusedRows)].sort()).toEqual([
      'private writing: Alice votes',
      'private writing: Bob takes a vote back',
      'private writing: Bob votes',
    ].sort());
  });
});
