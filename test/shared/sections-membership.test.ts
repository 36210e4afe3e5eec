import { describe, expect, it } from 'vitest';
import { sectionAt } from '../../shared/geometry.js';
import type { Board } from '../../shared/model.js';
import type { Op } from '../../shared/ops.js';
import type { Actor } from '../../shared/reducer.js';
import { ALICE, BOB, FAC, accept, makeBoard, mk, note, section } from './fixtures.js';

// [R5] A note belongs to the section that contains its centre; the reducer keeps `sectionId` so
// as notes and sections move, so the list view and the exports group notes where people see them.
//
// Layout (notes are 200×140, so a note at x,y has its centre at x+100, y+70):
//   goal  x 0..1000,    y 0..600       n1 at (100, 100)   → goal
//   roles x 1100..2100, y 0..600       n2 at (1200, 100)  → roles
//   (nothing at 3000, 3000)            n3 at (3000, 3000) → none

const start = (): Board =>
  makeBoard({
    sections: [section('goal', { x: 0, y: 0, width: 1000, height: 600 }), section('roles', { x: 1100, y: 0, width: 1000, height: 600 })],
    notes: [
      note('n1', 'alice', { x: 100, y: 100, sectionId: 'goal' }),
      note('n2', 'bob', { x: 1200, y: 100, sectionId: 'roles' }),
      note('n3', 'alice', { x: 3000, y: 3000 }),
    ],
  });

type Step = readonly [Op, Actor];
type Row = readonly [string, Step[], Record<string, string | null>];

const move = (id: string, x: number, y: number, by: Actor = ALICE): Step => [mk('note.move', { moves: [{ id, x, y }] }), by];
const patchNote = (id: string, patch: Record<string, unknown>, by: Actor = ALICE): Step => [mk('note.update', { id, patch } as never), by];
const patchSection = (id: string, patch: Record<string, unknown>): Step => [mk('section.update', { id, patch } as never), FAC];

function run(steps: readonly Step[]): Board {
  return steps.reduce((b, [op, actor]) => accept(b, op, actor), start());
}

/** Where every note is filed, and proof that it agrees with the geometry. */
function membership(board: Board): Record<string, string | null> {
  for (const n of Object.values(board.notes)) expect(n.sectionId, n.id).toBe(sectionAt(board.sections, n));
  return Object.fromEntries(Object.values(board.notes).map((n) => [n.id, n.sectionId]));
}

describe('[R5] membership follows the notes', () => {
  const rows: Row[] = [
    ['the fixture itself', [], { n1: 'goal', n2: 'roles', n3: null }],
    ['a note moved into another section joins it', [move('n1', 1300, 300)], { n1: 'roles', n2: 'roles', n3: null }],
    ['a note moved to empty canvas leaves its section', [move('n1', 5000, 0)], { n1: null, n2: 'roles', n3: null }],
    ['a loose note moved into a section joins it', [move('n3', 400, 300, BOB)], { n1: 'goal', n2: 'roles', n3: 'goal' }],
    ['a centre exactly on the right edge is inside', [move('n3', 900, 100)], { n1: 'goal', n2: 'roles', n3: 'goal' }],
    ['a centre exactly on the bottom edge is inside', [move('n3', 100, 530)], { n1: 'goal', n2: 'roles', n3: 'goal' }],
    ['a note half over a section with its centre in the gap belongs to none', [move('n1', 950, 100)], { n1: null, n2: 'roles', n3: null }],
    ['a note whose centre is just below a section belongs to none', [move('n1', 100, 531)], { n1: null, n2: 'roles', n3: null }],
    ['one move op that swaps two notes swaps their sections', [[mk('note.move', { moves: [{ id: 'n1', x: 1200, y: 300 }, { id: 'n2', x: 100, y: 300 }] }), FAC]], { n1: 'roles', n2: 'goal', n3: null }],
    ['note.update with x and y moves it like note.move', [patchNote('n3', { x: 1500, y: 200 })], { n1: 'goal', n2: 'roles', n3: 'roles' }],
    ['widening a note shifts its centre out of the section', [patchNote('n1', { x: 850 }), patchNote('n1', { width: 400 })], { n1: null, n2: 'roles', n3: null }],
    ['a sectionId in a patch is ignored: the geometry decides', [patchNote('n1', { sectionId: 'roles', text: '別のセクションへ?' })], { n1: 'goal', n2: 'roles', n3: null }],
    ['a note that moves in and out again ends where it is', [move('n3', 100, 300), move('n3', 1200, 300), move('n3', 3000, 3000)], { n1: 'goal', n2: 'roles', n3: null }],
    ['a new note is filed where it is put, whatever sectionId it claims', [[mk('note.add', { note: { id: 'n4', text: '新しい', x: 1500, y: 300, sectionId: 'goal' } }), BOB]], { n1: 'goal', n2: 'roles', n3: null, n4: 'roles' }],
  ];
  it.each(rows)('%s', (_name, steps, expected) => {
    expect(membership(run(steps))).toStrictEqual(expected);
  });
});

describe('[R5] membership follows the sections', () => {
  const rows: Row[] = [
    ['a section moved onto a loose note takes it, and lets go of the ones it left', [patchSection('goal', { x: 2900, y: 2900 })], { n1: null, n2: 'roles', n3: 'goal' }],
    ['a section moved a little keeps the notes still under it', [patchSection('goal', { x: 40, y: 20 })], { n1: 'goal', n2: 'roles', n3: null }],
    ['a section shrunk away from a note lets go of it', [patchSection('goal', { width: 150, height: 150 })], { n1: null, n2: 'roles', n3: null }],
    ['a section grown over a loose note takes it', [patchSection('roles', { width: 2000, height: 3200 })], { n1: 'goal', n2: 'roles', n3: 'roles' }],
    ['a section moved over another takes its notes: the later section is on top', [patchSection('roles', { x: 0, y: 0 })], { n1: 'roles', n2: null, n3: null }],
    ['the earlier section moved over the later one takes nothing: it lies underneath', [patchSection('goal', { x: 1100, y: 0 })], { n1: null, n2: 'roles', n3: null }],
    ['a deleted section lets go of its notes', [[mk('section.delete', { id: 'goal' }), FAC]], { n1: null, n2: 'roles', n3: null }],
    ['deleting the section on top hands its notes to the one underneath', [patchSection('roles', { x: 0, y: 0 }), [mk('section.delete', { id: 'roles' }), FAC]], { n1: 'goal', n2: null, n3: null }],
    ['a section added over notes takes them, on top of the one already there', [[mk('section.add', { section: { id: 'focus', title: '焦点', x: 0, y: 0, width: 400, height: 400 } }), FAC]], { n1: 'focus', n2: 'roles', n3: null }],
    ['a section deleted and added again under the same id takes its notes back', [[mk('section.delete', { id: 'goal' }), FAC], [mk('section.add', { section: { id: 'goal', title: '共通の目的', x: 0, y: 0, width: 1000, height: 600 } }), FAC]], { n1: 'goal', n2: 'roles', n3: null }],
    ['a renamed or recoloured section keeps its notes', [patchSection('goal', { title: '目的（改）', color: '#e8f5e9' })], { n1: 'goal', n2: 'roles', n3: null }],
  ];
  it.each(rows)('%s', (_name, steps, expected) => {
    expect(membership(run(steps))).toStrictEqual(expected);
  });
});

describe('[R5] membership after notes and sections move in turn', () => {
  it('each step files every note where its centre is', () => {
    const steps: [Step, Record<string, string | null>][] = [
      [move('n3', 1300, 300), { n1: 'goal', n2: 'roles', n3: 'roles' }],
      [patchSection('roles', { x: 3000 }), { n1: 'goal', n2: null, n3: null }],
      [move('n2', 3500, 200, BOB), { n1: 'goal', n2: 'roles', n3: null }],
      [patchSection('goal', { width: 2500 }), { n1: 'goal', n2: 'roles', n3: 'goal' }],
      [[mk('section.delete', { id: 'roles' }), FAC], { n1: 'goal', n2: null, n3: 'goal' }],
      [[mk('note.delete', { ids: ['n1'] }), ALICE], { n2: null, n3: 'goal' }],
    ];
    let board = start();
    for (const [[op, actor], expected] of steps) {
      board = accept(board, op, actor);
      expect(membership(board), op.type).toStrictEqual(expected);
    }
  });

  it('a seeded walk of 300 moves and section edits never leaves a note filed elsewhere than its centre', () => {
    let seed = 20240501;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    let board = start();
    for (let i = 0; i < 300; i++) {
      const kind = rand(4);
      const id = ['n1', 'n2', 'n3'][rand(3)]!;
      const s = ['goal', 'roles'][rand(2)]!;
      const step: Step =
        kind === 0 || kind === 1
          ? move(id, rand(40) * 100 - 500, rand(20) * 100 - 500, FAC)
          : kind === 2
            ? patchSection(s, { x: rand(30) * 100, y: rand(10) * 100 })
            : patchSection(s, { width: 200 + rand(20) * 100, height: 200 + rand(10) * 100 });
      board = accept(board, step[0], step[1]);
      membership(board);
    }
  });
});
