import { describe, expect, it } from 'vitest';
import { LIMITS, NOTE_DEFAULT_SIZE } from '../../shared/limits.js';
import { DEFAULT_NOTE_COLOR, type Board } from '../../shared/model.js';
import type { Op, OpOf } from '../../shared/ops.js';
import type { Actor } from '../../shared/reducer.js';
import { ALICE, BOB, FAC, GONE, STRANGER, T0, accept, makeBoard, mk, note, refuse, section, votingBoard } from './fixtures.js';

const AT = T0 + 5_000;

describe('note.add', () => {
  it('[R2] a note is added with the author, defaults and the server time', () => {
    const b = accept(makeBoard(), mk('note.add', { note: { id: 'n-new', text: 'みんなの居場所', x: 10, y: 20 } }), ALICE, AT);
    expect(b.notes['n-new']).toStrictEqual({
      id: 'n-new',
      text: 'みんなの居場所',
      x: 10,
      y: 20,
      ...NOTE_DEFAULT_SIZE,
      color: DEFAULT_NOTE_COLOR,
      sectionId: null,
      authorId: 'alice',
      authorName: 'Alice',
      affiliation: 'citizen',
      createdAt: AT,
      updatedAt: AT,
    });
  });

  it('[R2] colour and size from the op are kept', () => {
    const b = accept(
      makeBoard(),
      mk('note.add', { note: { id: 'n-new', text: '', x: 0, y: 0, color: '#90caf9', width: 300, height: 60 } }),
      BOB,
    );
    expect(b.notes['n-new']).toMatchObject({ color: '#90caf9', width: 300, height: 60, authorName: 'Bob', affiliation: 'npo' });
  });

  it('[R2] a new note goes on top (last in z-order)', () => {
    const b = accept(makeBoard(), mk('note.add', { note: { id: 'n-top', text: 'x', x: 0, y: 0 } }), ALICE);
    expect(Object.keys(b.notes)).toEqual(['a1', 'a2', 'b1', 'n-top']);
  });

  it('[R2] a duplicate note id is refused with conflict', () => {
    const b = makeBoard();
    expect(refuse(b, mk('note.add', { note: { id: 'b1', text: 'mine now', x: 0, y: 0 } }), ALICE)).toBe('conflict');
  });

  it('[R2] a duplicate note id is refused for the facilitator too', () => {
    expect(refuse(makeBoard(), mk('note.add', { note: { id: 'a1', text: 'x', x: 0, y: 0 } }), FAC)).toBe('conflict');
  });

  it('[R3] the 5,000th note is accepted and the 5,001st is refused with limit', () => {
    const notes = Array.from({ length: LIMITS.notesPerBoard - 1 }, (_, i) => note(`n${i}`, 'alice', { x: i % 1000, y: 0 }));
    const almostFull = makeBoard({ notes });
    const full = accept(almostFull, mk('note.add', { note: { id: 'n-last', text: 'x', x: 0, y: 0 } }), ALICE);
    expect(Object.keys(full.notes)).toHaveLength(LIMITS.notesPerBoard);
    expect(refuse(full, mk('note.add', { note: { id: 'n-over', text: 'x', x: 0, y: 0 } }), ALICE)).toBe('limit');
    expect(refuse(full, mk('note.add', { note: { id: 'n-over', text: 'x', x: 0, y: 0 } }), FAC)).toBe('limit');
  });

  it('[R3] a full board still lets notes be edited and deleted', () => {
    const notes = Array.from({ length: LIMITS.notesPerBoard }, (_, i) => note(`n${i}`, 'alice'));
    const full = makeBoard({ notes });
    expect(accept(full, mk('note.update', { id: 'n0', patch: { text: 'changed' } }), ALICE).notes.n0!.text).toBe('changed');
    expect(Object.keys(accept(full, mk('note.delete', { ids: ['n1'] }), ALICE).notes)).toHaveLength(LIMITS.notesPerBoard - 1);
  });
});

describe('note.update', () => {
  const cases: [string, OpOf<'note.update'>['patch']][] = [
    ['text', { text: '公園の清掃を毎月' }],
    ['colour', { color: '#a5d6a7' }],
    ['position', { x: -250, y: 999 }],
    ['size', { width: 400, height: 40 }],
    ['text and colour together', { text: 'both', color: '#ce93d8' }],
  ];
  it.each(cases)('[R6] a patch of %s changes exactly those fields and stamps updatedAt', (_name, patch) => {
    const b = makeBoard();
    const next = accept(b, mk('note.update', { id: 'a1', patch }), ALICE, AT);
    expect(next.notes.a1).toStrictEqual({ ...b.notes.a1, ...patch, updatedAt: AT });
  });

  it('[R6] another participant may edit a note when writing is not private', () => {
    const next = accept(makeBoard(), mk('note.update', { id: 'a1', patch: { text: 'Bob was here' } }), BOB);
    expect(next.notes.a1).toMatchObject({ text: 'Bob was here', authorId: 'alice', authorName: 'Alice' });
  });

  it('[R4] an unknown note id is refused with not_found', () => {
    expect(refuse(makeBoard(), mk('note.update', { id: 'nope', patch: { text: 'x' } }), ALICE)).toBe('not_found');
  });

  it('[R1] the same text returns the same board object', () => {
    const b = makeBoard();
    expect(accept(b, mk('note.update', { id: 'a1', patch: { text: b.notes.a1!.text } }), ALICE)).toBe(b);
  });

  it('[R1] a patch equal to the note in every field returns the same board object', () => {
    const b = makeBoard();
    const { text, color, x, y, width, height } = b.notes.a1!;
    expect(accept(b, mk('note.update', { id: 'a1', patch: { text, color, x, y, width, height } }), ALICE)).toBe(b);
  });
});

describe('note.move', () => {
  it('[R6] several notes move in one op, each stamped with updatedAt', () => {
    const b = makeBoard();
    const next = accept(b, mk('note.move', { moves: [{ id: 'a1', x: 5, y: 6 }, { id: 'b1', x: -7, y: 8 }] }), ALICE, AT);
    expect(next.notes.a1).toStrictEqual({ ...b.notes.a1, x: 5, y: 6, updatedAt: AT });
    expect(next.notes.b1).toStrictEqual({ ...b.notes.b1, x: -7, y: 8, updatedAt: AT });
    expect(next.notes.a2).toBe(b.notes.a2);
  });

  it('[R1] a move to where the note already is returns the same board object', () => {
    const b = makeBoard();
    expect(accept(b, mk('note.move', { moves: [{ id: 'a1', x: 0, y: 0 }] }), ALICE)).toBe(b);
  });

  it('[R1] in a mixed move only the notes that moved are new objects', () => {
    const b = makeBoard();
    const next = accept(b, mk('note.move', { moves: [{ id: 'a1', x: 0, y: 0 }, { id: 'a2', x: 1, y: 1 }] }), ALICE);
    expect(next.notes.a1).toBe(b.notes.a1);
    expect(next.notes.a2).not.toBe(b.notes.a2);
  });

  it('[R4] one unknown id refuses the whole move with not_found and moves nothing', () => {
    const b = makeBoard();
    expect(refuse(b, mk('note.move', { moves: [{ id: 'a1', x: 9, y: 9 }, { id: 'gone-note', x: 1, y: 1 }] }), ALICE)).toBe('not_found');
  });

  it('[R6] the same note twice in one move ends at the last position', () => {
    const next = accept(makeBoard(), mk('note.move', { moves: [{ id: 'a1', x: 1, y: 1 }, { id: 'a1', x: 2, y: 2 }] }), ALICE);
    expect(next.notes.a1).toMatchObject({ x: 2, y: 2 });
  });
});

describe('note.delete', () => {
  it('[R4] notes are removed and the others keep their identity', () => {
    const b = makeBoard();
    const next = accept(b, mk('note.delete', { ids: ['a1', 'b1'] }), ALICE);
    expect(Object.keys(next.notes)).toEqual(['a2']);
    expect(next.notes.a2).toBe(b.notes.a2);
  });

  it('[R4] ids that no longer exist are skipped when at least one exists', () => {
    const next = accept(makeBoard(), mk('note.delete', { ids: ['deleted-by-bob', 'a1', 'also-gone'] }), ALICE);
    expect(Object.keys(next.notes)).toEqual(['a2', 'b1']);
  });

  it('[R4] a delete that finds none of its notes is refused with not_found', () => {
    expect(refuse(makeBoard(), mk('note.delete', { ids: ['x1', 'x2'] }), ALICE)).toBe('not_found');
  });

  it('[R4] two people deleting the same note: the second is not_found, the board stays as the first left it', () => {
    const once = accept(makeBoard(), mk('note.delete', { ids: ['a1'] }), ALICE);
    expect(refuse(once, mk('note.delete', { ids: ['a1'] }), BOB)).toBe('not_found');
  });

  it('[R4] votes on a deleted note go with it and the budget is given back', () => {
    const b = votingBoard({ votes: { a1: { bob: 2 }, b1: { bob: 1 } } });
    const next = accept(b, mk('note.delete', { ids: ['a1'] }), ALICE);
    expect(next.votes).toStrictEqual({ b1: { bob: 1 } });
    const again = accept(next, mk('vote.add', { noteId: 'a2' }), BOB);
    expect(again.votes.a2).toStrictEqual({ bob: 1 });
  });

  it('[R4] deleting a note without votes leaves the votes object untouched', () => {
    const b = votingBoard({ votes: { b1: { bob: 1 } } });
    expect(accept(b, mk('note.delete', { ids: ['a1'] }), ALICE).votes).toBe(b.votes);
  });
});

describe('[V1] private writing: a participant touches only its own notes', () => {
  const priv = () => makeBoard({ settings: { privateWriting: true } });
  const othersNote: [string, Op][] = [
    ['note.update', mk('note.update', { id: 'b1', patch: { text: 'changed by Alice' } })],
    ['note.move', mk('note.move', { moves: [{ id: 'b1', x: 50, y: 50 }] })],
    ['note.move mixing own and other', mk('note.move', { moves: [{ id: 'a1', x: 50, y: 50 }, { id: 'b1', x: 50, y: 50 }] })],
    ['note.delete', mk('note.delete', { ids: ['b1'] })],
    ['note.delete mixing own and other', mk('note.delete', { ids: ['a1', 'b1'] })],
  ];
  it.each(othersNote)('%s of another participant’s note is forbidden', (_name, op) => {
    expect(refuse(priv(), op, ALICE)).toBe('forbidden');
  });

  it.each(othersNote)('%s of a participant’s note is allowed for the facilitator', (_name, op) => {
    accept(priv(), op, FAC);
  });

  it.each(othersNote)('%s of another participant’s note is allowed once writing is no longer private', (_name, op) => {
    accept(makeBoard(), op, ALICE);
  });

  const ownNote: [string, Op][] = [
    ['note.add', mk('note.add', { note: { id: 'a3', text: 'x', x: 0, y: 0 } })],
    ['note.update', mk('note.update', { id: 'a1', patch: { text: 'mine' } })],
    ['note.move', mk('note.move', { moves: [{ id: 'a1', x: 1, y: 1 }, { id: 'a2', x: 2, y: 2 }] })],
    ['note.delete', mk('note.delete', { ids: ['a1', 'a2'] })],
  ];
  it.each(ownNote)('%s of its own notes is allowed', (_name, op) => {
    accept(priv(), op, ALICE);
  });

  it('a delete naming a vanished note and another’s note is still forbidden', () => {
    expect(refuse(priv(), mk('note.delete', { ids: ['vanished', 'b1'] }), ALICE)).toBe('forbidden');
  });
});

describe('[O5] a locked board refuses participants’ note ops and lets the facilitator work', () => {
  const locked = () => makeBoard({ settings: { locked: true } });
  const ops: [string, Op][] = [
    ['note.add', mk('note.add', { note: { id: 'n-new', text: 'x', x: 0, y: 0 } })],
    ['note.update', mk('note.update', { id: 'a1', patch: { text: 'x' } })],
    ['note.move', mk('note.move', { moves: [{ id: 'a1', x: 1, y: 1 }] })],
    ['note.delete', mk('note.delete', { ids: ['a1'] })],
  ];
  it.each(ops)('%s by a participant is refused with locked', (_name, op) => {
    expect(refuse(locked(), op, ALICE)).toBe('locked');
  });
  it.each(ops)('%s by the facilitator is accepted', (_name, op) => {
    accept(locked(), op, FAC);
  });
  const pointless: [string, Op][] = [
    ['note.update of an unknown note', mk('note.update', { id: 'nope', patch: { text: 'x' } })],
    ['note.move to where the note is', mk('note.move', { moves: [{ id: 'a1', x: 0, y: 0 }] })],
    ['note.delete of unknown notes', mk('note.delete', { ids: ['nope'] })],
    ['note.add with a duplicate id', mk('note.add', { note: { id: 'a1', text: 'x', x: 0, y: 0 } })],
  ];
  it.each(pointless)('%s by a participant is refused with locked before anything else', (_name, op) => {
    expect(refuse(locked(), op, BOB)).toBe('locked');
  });
});

describe('[J3] a removed or unknown participant may not touch notes', () => {
  const actors: [string, Actor][] = [
    ['removed participant', GONE],
    ['unknown participant', STRANGER],
    ['unknown actor claiming the facilitator role', { id: 'impostor', role: 'facilitator' }],
  ];
  const ops: [string, Op][] = [
    ['note.add', mk('note.add', { note: { id: 'n-new', text: 'x', x: 0, y: 0 } })],
    ['note.update', mk('note.update', { id: 'a1', patch: { text: 'x' } })],
    ['note.move', mk('note.move', { moves: [{ id: 'a1', x: 1, y: 1 }] })],
    ['note.delete', mk('note.delete', { ids: ['a1'] })],
  ];
  const table = actors.flatMap(([who, actor]) => ops.map(([type, op]) => [who, type, actor, op] as const));
  it.each(table)('%s sending %s is forbidden', (_who, _type, actor, op) => {
    expect(refuse(makeBoard(), op, actor)).toBe('forbidden');
    expect(refuse(makeBoard({ settings: { locked: true } }), op, actor)).toBe('forbidden');
  });
});

describe('[R5] a note’s sectionId is derived from geometry', () => {
  // Section "left" spans x 0..1000, "right" spans x 2000..3000; a default note is 200×140.
  const withSections = (notes = [note('n1', 'alice', { x: 5000, y: 5000 })]): Board =>
    makeBoard({
      sections: [section('left', { x: 0, y: 0, width: 1000, height: 1000 }), section('right', { x: 2000, y: 0, width: 1000, height: 1000 })],
      notes,
    });

  const placements: [string, number, number, string | null][] = [
    ['inside left', 100, 100, 'left'],
    ['inside right', 2100, 100, 'right'],
    ['between the two', 1300, 100, null],
    ['far away', -5000, -5000, null],
    ['overhanging left, centre still inside', 850, 900, 'left'],
    ['overhanging left, centre outside', 950, 100, null],
    ['centre exactly on the left edge of right', 1900, 100, 'right'],
  ];

  it.each(placements)('note.add %s → %s', (_name, x, y, expected) => {
    const b = accept(withSections([]), mk('note.add', { note: { id: 'n1', text: 'x', x, y } }), ALICE);
    expect(b.notes.n1!.sectionId).toBe(expected);
  });

  it.each(placements)('note.move %s → %s', (_name, x, y, expected) => {
    const b = accept(withSections(), mk('note.move', { moves: [{ id: 'n1', x, y }] }), ALICE);
    expect(b.notes.n1!.sectionId).toBe(expected);
  });

  it.each(placements)('note.update of x/y %s → %s', (_name, x, y, expected) => {
    const b = accept(withSections(), mk('note.update', { id: 'n1', patch: { x, y } }), ALICE);
    expect(b.notes.n1!.sectionId).toBe(expected);
  });

  it('a note moved out of a section loses its sectionId', () => {
    const inLeft = withSections([note('n1', 'alice', { x: 100, y: 100, sectionId: 'left' })]);
    const b = accept(inLeft, mk('note.move', { moves: [{ id: 'n1', x: 1300, y: 100 }] }), ALICE);
    expect(b.notes.n1!.sectionId).toBeNull();
  });

  it('a note moved from one section to another follows it', () => {
    const inLeft = withSections([note('n1', 'alice', { x: 100, y: 100, sectionId: 'left' })]);
    const b = accept(inLeft, mk('note.move', { moves: [{ id: 'n1', x: 2100, y: 100 }] }), ALICE);
    expect(b.notes.n1!.sectionId).toBe('right');
  });

  it('resizing a note moves its centre, and so its section', () => {
    // Centre at x = 900 + 100 = 1000 (inside); widening to 400 puts it at 1100 (outside).
    const edge = withSections([note('n1', 'alice', { x: 900, y: 100, sectionId: 'left' })]);
    const b = accept(edge, mk('note.update', { id: 'n1', patch: { width: 400 } }), ALICE);
    expect(b.notes.n1!.sectionId).toBeNull();
  });

  it('a sectionId in note.add is ignored', () => {
    const b = accept(withSections([]), mk('note.add', { note: { id: 'n1', text: 'x', x: 5000, y: 5000, sectionId: 'left' } }), ALICE);
    expect(b.notes.n1!.sectionId).toBeNull();
  });

  it('a sectionId in a patch is ignored, alone it is a no-op', () => {
    const b = withSections();
    expect(accept(b, mk('note.update', { id: 'n1', patch: { sectionId: 'left' } }), ALICE)).toBe(b);
  });

  it('a sectionId in a patch with text is ignored, the text is kept', () => {
    const b = accept(withSections(), mk('note.update', { id: 'n1', patch: { text: 'y', sectionId: 'right' } }), ALICE);
    expect(b.notes.n1).toMatchObject({ text: 'y', sectionId: null });
  });

  it('overlapping sections: the topmost (added last) wins', () => {
    const b = makeBoard({
      sections: [section('under', { x: 0, y: 0, width: 1000, height: 1000 }), section('over', { x: 0, y: 0, width: 500, height: 500 })],
      notes: [],
    });
    const next = accept(b, mk('note.add', { note: { id: 'n1', text: 'x', x: 10, y: 10 } }), ALICE);
    expect(next.notes.n1!.sectionId).toBe('over');
    const moved = accept(next, mk('note.move', { moves: [{ id: 'n1', x: 700, y: 700 }] }), ALICE);
    expect(moved.notes.n1!.sectionId).toBe('under');
  });
});
