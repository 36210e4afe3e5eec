import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/model.js';
import type { Op } from '../../shared/ops.js';
import { applyOp, applyOps, type Actor, type OpItem } from '../../shared/reducer.js';
import { ALICE, BOB, FAC, T0, deepFreeze, makeBoard, mk, note, section, votingBoard } from './fixtures.js';

// applyOps is applyOp in a loop that copies the notes and votes records once per batch. It must
// give what applying the ops one by one gives, never write its input, and skip a refused op.

type Step = [op: Op, actor: Actor];
type Row = [name: string, board: () => Board, steps: Step[]];

const board = () =>
  votingBoard({
    sections: [section('goal', { x: 0, y: 0, width: 1000, height: 1000 })],
    notes: [
      note('a1', 'alice', { x: 100, y: 100, sectionId: 'goal' }),
      note('a2', 'alice', { x: 3000, y: 0 }),
      note('b1', 'bob', { x: 0, y: 3000 }),
    ],
    votes: { a1: { bob: 1 } },
  });

const move = (id: string, x: number, y: number) => mk('note.move', { moves: [{ id, x, y }] });

const ROWS: Row[] = [
  ['one move', board, [[move('a1', 5, 5), ALICE]]],
  ['moves of one note, as a drag sends them', board, [[move('a1', 10, 10), ALICE], [move('a1', 20, 20), ALICE], [move('a1', 30, 2000), ALICE]]],
  ['moves of different notes by different people', board, [[move('a1', 10, 10), ALICE], [move('b1', 50, 50), BOB], [move('a2', 1, 1), ALICE], [move('a1', 1500, 0), BOB]]],
  ['add, then move and edit the new note', board, [
    [mk('note.add', { note: { id: 'n1', text: 'new', x: 10, y: 10 } }), ALICE],
    [move('n1', 2000, 2000), ALICE],
    [mk('note.update', { id: 'n1', patch: { text: 'edited', color: '#90caf9' } }), BOB],
  ]],
  ['add, then delete in the same batch', board, [
    [mk('note.add', { note: { id: 'n1', text: 'x', x: 0, y: 0 } }), ALICE],
    [mk('note.delete', { ids: ['n1', 'a2'] }), ALICE],
  ]],
  ['votes added and removed, then the voted note deleted', board, [
    [mk('vote.add', { noteId: 'a1' }), ALICE],
    [mk('vote.add', { noteId: 'b1' }), ALICE],
    [mk('vote.remove', { noteId: 'a1' }), BOB],
    [mk('vote.add', { noteId: 'b1' }), BOB],
    [mk('note.delete', { ids: ['b1'] }), FAC],
  ]],
  ['sections moving notes between moves', board, [
    [move('a2', 100, 100), ALICE],
    [mk('section.update', { id: 'goal', patch: { x: 2000 } }), FAC],
    [move('a2', 2100, 100), ALICE],
    [mk('section.add', { section: { id: 's2', title: 't', x: 0, y: 2900, width: 500, height: 500 } }), FAC],
    [move('b1', 10, 2950), BOB],
  ]],
  ['a rename reaching notes, then moves', board, [
    [move('a1', 7, 7), ALICE],
    [mk('participant.update', { id: 'alice', name: 'アリス' }), FAC],
    [move('a1', 8, 8), ALICE],
  ]],
  ['only no-ops', board, [[move('a1', 100, 100), ALICE], [mk('board.update', {}), FAC]]],
  ['voting ends between votes', board, [[mk('vote.add', { noteId: 'a2' }), BOB], [mk('voting.end', {}), FAC], [move('a2', 9, 9), BOB]]],
];

/** The reference: applyOp one after the other, skipping what it refuses. */
function oneByOne(start: Board, items: OpItem[]): { board: Board; refused: number[] } {
  let b = start;
  const refused: number[] = [];
  items.forEach(({ op, ctx }, i) => {
    const r = applyOp(b, op, ctx);
    if (r.ok) b = r.board;
    else refused.push(i);
  });
  return { board: b, refused };
}

const itemsOf = (steps: Step[]): OpItem[] => steps.map(([op, actor], i) => ({ op, ctx: { actor, at: T0 + 1_000 + i } }));

describe('applyOps', () => {
  it.each(ROWS)('%s: equals applying the ops one by one', (_name, make, steps) => {
    const items = itemsOf(steps);
    const expected = oneByOne(make(), items);
    const got = applyOps(make(), items);
    expect(got.board).toStrictEqual(expected.board);
    expect(got.refused.map((r) => r.index)).toEqual(expected.refused);
  });

  it.each(ROWS)('%s: leaves a deep-frozen input as it was', (_name, make, steps) => {
    const input = deepFreeze(make());
    const copy = structuredClone(input);
    // A write to a frozen record throws in a module (strict mode), so this fails loudly too.
    applyOps(input, itemsOf(steps));
    expect(input).toStrictEqual(copy);
  });

  it.each(ROWS)('%s: a second batch on the first one’s result leaves that result as it was', (_name, make, steps) => {
    const first = deepFreeze(applyOps(make(), itemsOf(steps)).board);
    const copy = structuredClone(first);
    applyOps(first, itemsOf([[move('a1', 444, 444), ALICE], [mk('vote.add', { noteId: 'a1' }), ALICE]]));
    expect(first).toStrictEqual(copy);
  });

  it('keeps the identity of every note no op touched', () => {
    const input = deepFreeze(board());
    const out = applyOps(input, itemsOf([[move('a1', 10, 10), ALICE], [move('a1', 20, 20), ALICE]])).board;
    expect(out.notes.a2).toBe(input.notes.a2);
    expect(out.notes.b1).toBe(input.notes.b1);
    expect(out.notes.a1).toMatchObject({ x: 20, y: 20 });
  });

  it('returns the input board itself when nothing changes', () => {
    const input = deepFreeze(board());
    expect(applyOps(input, itemsOf([[move('a1', 100, 100), ALICE]])).board).toBe(input);
    expect(applyOps(input, []).board).toBe(input);
  });

  it('returns a new notes record when a note changed, never the input’s', () => {
    const input = deepFreeze(board());
    const out = applyOps(input, itemsOf([[move('a1', 1, 1), ALICE], [move('b1', 2, 2), BOB]])).board;
    expect(out).not.toBe(input);
    expect(out.notes).not.toBe(input.notes);
    expect(input.notes.a1).toMatchObject({ x: 100, y: 100 });
  });

  it('skips a refused op in the middle: the result is the batch without it', () => {
    const steps: Step[] = [
      [move('a1', 10, 10), ALICE],
      // half of this move names a note that does not exist: refused as a whole, nothing of it applied
      [mk('note.move', { moves: [{ id: 'a2', x: 500, y: 500 }, { id: 'zz', x: 0, y: 0 }] }), ALICE],
      [move('b1', 20, 20), BOB],
    ];
    const input = deepFreeze(board());
    const items = itemsOf(steps);
    const got = applyOps(input, items);
    expect(got.refused).toEqual([{ index: 1, error: expect.objectContaining({ code: 'not_found' }) }]);
    const without = applyOps(input, [items[0]!, items[2]!]);
    expect(got.board).toStrictEqual(without.board);
    expect(got.board.notes.a2).toBe(input.notes.a2);
  });

  it('judges permissions as applyOp does: a participant’s facilitator op is refused, the rest applied', () => {
    const input = deepFreeze(makeBoard());
    const got = applyOps(input, itemsOf([[move('a1', 1, 1), ALICE], [mk('voting.start', { budget: 3, hidden: false }), ALICE], [move('a1', 2, 2), ALICE]]));
    expect(got.refused.map((r) => r.error.code)).toEqual(['forbidden']);
    expect(got.board.voting.open).toBe(false);
    expect(got.board.notes.a1).toMatchObject({ x: 2, y: 2 });
  });
});
