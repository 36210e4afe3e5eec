import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/model.js';
import type { Op } from '../../shared/ops.js';
import { applyOp, type Actor } from '../../shared/reducer.js';
import { ALICE, BOB, FAC, GONE, STRANGER, T0, deepFreeze, makeBoard, mk, note, section, votingBoard } from './fixtures.js';

// [R1] applyOp never mutates its input, and an op that changes nothing returns the same object.

/** A board with a bit of everything, so that every op finds something to work on. */
const rich = (over: Parameters<typeof votingBoard>[0] = {}): Board =>
  votingBoard({
    sections: [section('goal', { x: 0, y: 0, width: 1000, height: 1000, en: { title: 'Goal', prompt: '' } }), section('next', { x: 2000, y: 0 })],
    notes: [
      note('a1', 'alice', { x: 100, y: 100, sectionId: 'goal' }),
      note('a2', 'alice', { x: 2100, y: 100, sectionId: 'next' }),
      note('b1', 'bob', { x: 5000, y: 5000 }),
    ],
    votes: { a1: { bob: 1 }, b1: { alice: 2 } },
    timer: { endsAt: T0 + 60_000, seconds: 60 },
    focus: { sectionId: 'goal', at: T0 },
    ...over,
  });

type Row = [name: string, board: () => Board, op: Op, actor: Actor];

const ACCEPTED: Row[] = [
  ['note.add', rich, mk('note.add', { note: { id: 'n-new', text: 'x', x: 100, y: 100 } }), ALICE],
  ['note.update text', rich, mk('note.update', { id: 'a1', patch: { text: 'y' } }), ALICE],
  ['note.update into another section', rich, mk('note.update', { id: 'a1', patch: { x: 2100 } }), ALICE],
  ['note.move', rich, mk('note.move', { moves: [{ id: 'a1', x: 2100, y: 100 }, { id: 'b1', x: 1, y: 1 }] }), BOB],
  ['note.delete with votes', rich, mk('note.delete', { ids: ['a1', 'b1', 'missing'] }), ALICE],
  ['section.add', rich, mk('section.add', { section: { id: 'top', title: 't', x: 0, y: 0, width: 300, height: 300 } }), FAC],
  ['section.update moving it', rich, mk('section.update', { id: 'goal', patch: { x: 4900, y: 4900, title: 't' } }), FAC],
  ['section.delete focused', rich, mk('section.delete', { id: 'goal' }), FAC],
  ['board.update', rich, mk('board.update', { title: 't', locked: true, anonymous: true }), FAC],
  ['vote.add', rich, mk('vote.add', { noteId: 'a1' }), BOB],
  ['vote.remove last dot', rich, mk('vote.remove', { noteId: 'a1' }), BOB],
  ['vote.remove one of two', rich, mk('vote.remove', { noteId: 'b1' }), ALICE],
  ['voting.start', rich, mk('voting.start', { budget: 2, hidden: true }), FAC],
  ['voting.end', rich, mk('voting.end', {}), FAC],
  ['writing.private', rich, mk('writing.private', { on: true }), FAC],
  ['timer.start', rich, mk('timer.start', { seconds: 30 }), FAC],
  ['timer.stop', rich, mk('timer.stop', {}), FAC],
  ['focus section', rich, mk('focus', { sectionId: 'next' }), FAC],
  ['focus point', rich, mk('focus', { x: 1, y: 2, zoom: 3 }), FAC],
  ['participant.join new', rich, mk('participant.join', { participant: { id: 'carol', name: 'C', affiliation: 'school', role: 'participant' } }), { id: 'carol', role: 'participant' }],
  ['participant.join rename', rich, mk('participant.join', { participant: { id: 'alice', name: 'A2', affiliation: 'npo', role: 'participant' } }), ALICE],
  ['participant.update rename', rich, mk('participant.update', { id: 'bob', name: 'Robert' }), FAC],
  ['participant.update remove', rich, mk('participant.update', { id: 'bob', removed: true }), FAC],
];

const REFUSED: Row[] = [
  ['duplicate note', rich, mk('note.add', { note: { id: 'a1', text: 'x', x: 0, y: 0 } }), ALICE],
  ['unknown note update', rich, mk('note.update', { id: 'zz', patch: { text: 'x' } }), ALICE],
  ['half-unknown move', rich, mk('note.move', { moves: [{ id: 'a1', x: 7, y: 7 }, { id: 'zz', x: 0, y: 0 }] }), ALICE],
  ['delete of nothing', rich, mk('note.delete', { ids: ['zz'] }), ALICE],
  ['private: other’s note', () => rich({ settings: { privateWriting: true } }), mk('note.move', { moves: [{ id: 'a1', x: 7, y: 7 }, { id: 'b1', x: 7, y: 7 }] }), ALICE],
  ['locked', () => rich({ settings: { locked: true } }), mk('note.add', { note: { id: 'n', text: 'x', x: 0, y: 0 } }), ALICE],
  ['facilitator-only', rich, mk('section.delete', { id: 'goal' }), ALICE],
  ['removed actor', rich, mk('note.add', { note: { id: 'n', text: 'x', x: 0, y: 0 } }), GONE],
  ['unknown actor', rich, mk('vote.add', { noteId: 'a1' }), STRANGER],
  ['over budget', () => rich({ votes: { b1: { alice: 2 }, a2: { alice: 1 } } }), mk('vote.add', { noteId: 'a1' }), ALICE],
  ['over cap on one note', () => rich({ voting: { budget: 5, maxPerNote: 2 } }), mk('vote.add', { noteId: 'b1' }), ALICE],
  ['vote not held', rich, mk('vote.remove', { noteId: 'a2' }), ALICE],
  ['voting closed', () => rich({ voting: { open: false } }), mk('vote.add', { noteId: 'a1' }), ALICE],
  ['duplicate section', rich, mk('section.add', { section: { id: 'goal', title: 't', x: 0, y: 0, width: 100, height: 100 } }), FAC],
  ['unknown section', rich, mk('section.update', { id: 'zz', patch: { x: 1 } }), FAC],
  ['focus unknown section', rich, mk('focus', { sectionId: 'zz' }), FAC],
  ['removed rejoins', rich, mk('participant.join', { participant: { id: 'gone', name: 'G', affiliation: 'other', role: 'participant' } }), GONE],
  ['unknown participant.update', rich, mk('participant.update', { id: 'zz', name: 'Z' }), FAC],
];

const NOOPS: Row[] = [
  ['note.update with the same text', rich, mk('note.update', { id: 'a1', patch: { text: 'text of a1' } }), ALICE],
  ['note.update with only a sectionId', rich, mk('note.update', { id: 'a1', patch: { sectionId: 'next' } }), ALICE],
  ['note.move to the same position', rich, mk('note.move', { moves: [{ id: 'a1', x: 100, y: 100 }, { id: 'b1', x: 5000, y: 5000 }] }), ALICE],
  ['section.update with the same title', rich, mk('section.update', { id: 'goal', patch: { title: 'title of goal' } }), FAC],
  ['board.update with the same title', rich, mk('board.update', { title: '協働ワークショップ' }), FAC],
  ['board.update with nothing', rich, mk('board.update', {}), FAC],
  ['writing.private off when off', rich, mk('writing.private', { on: false }), FAC],
  ['writing.private on when on', () => rich({ settings: { privateWriting: true } }), mk('writing.private', { on: true }), FAC],
  ['timer.stop when stopped', () => rich({ timer: { endsAt: null, seconds: 60 } }), mk('timer.stop', {}), FAC],
  ['participant.join unchanged', rich, mk('participant.join', { participant: { id: 'bob', name: 'Bob', affiliation: 'npo', role: 'participant' } }), BOB],
  ['participant.update with the same name', rich, mk('participant.update', { id: 'bob', name: 'Bob' }), FAC],
  // A checkpoint lives outside the board; a restore reaches clients as a reset.
  ['snapshot.save', rich, mk('snapshot.save', { label: '振り返りの前' }), FAC],
  ['snapshot.restore', rich, mk('snapshot.restore', { snapshotId: 'snap-1' }), FAC],
];

describe('[R1] the input board is never mutated', () => {
  const all = [...ACCEPTED.map((r) => ['accepted', ...r] as const), ...REFUSED.map((r) => ['refused', ...r] as const), ...NOOPS.map((r) => ['no-op', ...r] as const)];

  it.each(all)('%s: %s leaves a deep-frozen input as it was', (kind, _name, board, op, actor) => {
    const input = deepFreeze(board());
    const copy = structuredClone(input);
    const r = applyOp(input, op, { actor, at: T0 + 1 });
    expect(r.ok).toBe(kind !== 'refused');
    expect(input).toStrictEqual(copy);
  });

  it.each(all)('%s: %s leaves an unfrozen input as it was', (_kind, _name, board, op, actor) => {
    const input = board();
    const copy = structuredClone(input);
    applyOp(input, op, { actor, at: T0 + 1 });
    expect(input).toStrictEqual(copy);
  });

  it.each(ACCEPTED)('accepted %s returns a new board object', (_name, board, op, actor) => {
    const input = deepFreeze(board());
    const r = applyOp(input, op, { actor, at: T0 + 1 });
    expect(r.ok && r.board).not.toBe(input);
  });
});

describe('[R1] an op that changes nothing returns the same board object', () => {
  it.each(NOOPS)('%s', (_name, board, op, actor) => {
    const input = deepFreeze(board());
    const r = applyOp(input, op, { actor, at: T0 + 1 });
    expect(r.ok && r.board).toBe(input);
  });
});

describe('[R1] parts an op did not touch keep their identity', () => {
  const notesOf = (b: Board) => Object.values(b.notes);
  it.each(ACCEPTED)('%s: every note, section and participant whose content did not change is the same object', (_name, board, op, actor) => {
    const input = deepFreeze(board());
    const r = applyOp(input, op, { actor, at: T0 + 1 });
    if (!r.ok) throw new Error(r.error.message);
    const out = r.board;
    for (const n of notesOf(out)) {
      const was = input.notes[n.id];
      if (was && JSON.stringify(was) === JSON.stringify(n)) expect(n, `note ${n.id}`).toBe(was);
    }
    for (const s of Object.values(out.sections)) {
      const was = input.sections[s.id];
      if (was && JSON.stringify(was) === JSON.stringify(s)) expect(s, `section ${s.id}`).toBe(was);
    }
    for (const p of Object.values(out.participants)) {
      const was = input.participants[p.id];
      if (was && JSON.stringify(was) === JSON.stringify(p)) expect(p, `participant ${p.id}`).toBe(was);
    }
    for (const key of ['settings', 'voting', 'timer', 'votes', 'notes', 'sections', 'participants'] as const)
      if (JSON.stringify(input[key]) === JSON.stringify(out[key])) expect(out[key], key).toBe(input[key]);
  });

  it('an edit of one note among many leaves every other note the same object', () => {
    const notes = Array.from({ length: 200 }, (_, i) => note(`n${i}`, i % 2 ? 'alice' : 'bob', { x: i * 10 }));
    const input = deepFreeze(makeBoard({ notes }));
    const r = applyOp(input, mk('note.update', { id: 'n100', patch: { text: 'edited' } }), { actor: ALICE, at: T0 + 1 });
    if (!r.ok) throw new Error(r.error.message);
    const changed = Object.keys(r.board.notes).filter((id) => r.board.notes[id] !== input.notes[id]);
    expect(changed).toEqual(['n100']);
  });

  it('key order (z-order) survives an edit', () => {
    const input = rich();
    const r = applyOp(input, mk('note.update', { id: 'a1', patch: { text: 'edited' } }), { actor: ALICE, at: T0 + 1 });
    expect(r.ok && Object.keys(r.board.notes)).toEqual(Object.keys(input.notes));
  });
});

describe('[E2] the reducer answers instead of throwing', () => {
  it.each([...ACCEPTED, ...REFUSED])('%s does not throw', (_name, board, op, actor) => {
    expect(() => applyOp(board(), op, { actor, at: T0 })).not.toThrow();
  });
});
