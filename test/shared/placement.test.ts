import { describe, expect, it } from 'vitest';
import { gatherNotes, tidySection } from '../../shared/arrange.js';
import type { Rect } from '../../shared/geometry.js';
import { sectionAt } from '../../shared/geometry.js';
import { NOTE_DEFAULT_SIZE } from '../../shared/limits.js';
import type { Board, Note, Section } from '../../shared/model.js';
import type { OpOf } from '../../shared/ops.js';
import { Obstacles } from '../../shared/obstacles.js';
import { freeSpot, headerOf, overlaps, PLACEMENT, sectionForNewNote, sectionSlots, settleNoteAdd, type Layout } from '../../shared/placement.js';
import { sameTable } from '../../shared/templates/same-table.js';
import { makeBoard, note } from './fixtures.js';

const W = NOTE_DEFAULT_SIZE.width;
const H = NOTE_DEFAULT_SIZE.height;
const { gap } = PLACEMENT;

const sec = (id: string, x: number, y: number, width: number, height: number, over: Partial<Section> = {}): Section => ({
  id, title: id, prompt: '', x, y, width, height, color: '#ffffff', ...over,
});
const at = (id: string, x: number, y: number, over: Partial<Note> = {}) => note(id, 'alice', { x, y, ...over });
const layout = (sections: Section[], notes: Note[] = []): Layout => ({
  sections: Object.fromEntries(sections.map((s) => [s.id, s])),
  notes: Object.fromEntries(notes.map((n) => [n.id, n])),
});
const sameTableSections = () => sameTable.sections.map((s, i) => ({ ...s, id: `s_${i + 1}` }));
const rect = (p: { x: number; y: number }): Rect => ({ ...p, width: W, height: H });

/** Adds `count` notes one after another, each where freeSpot puts it, as a board would. */
function fill(l: Layout, wish: Parameters<typeof freeSpot>[1], count: number, prefix = 'f'): Layout {
  let cur = l;
  for (let i = 0; i < count; i++) {
    const p = freeSpot(cur, wish);
    cur = { ...cur, notes: { ...cur.notes, [`${prefix}${i}`]: at(`${prefix}${i}`, p.x, p.y) } };
  }
  return cur;
}

function expectApart(notes: Iterable<Rect & { id?: string }>) {
  const list = [...notes];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) expect(overlaps(list[i]!, list[j]!), `${list[i]!.id} and ${list[j]!.id}`).toBe(false);
}

// A 460-wide column as tall as its header and five rows: two columns of five rows of 200 × 140 notes.
const bare = sec('col', 520, 500, 460, 920);
const column = { ...bare, height: headerOf(bare) + 5 * (H + gap) };
const x0 = 520 + (460 - (2 * W + gap)) / 2;
// Its notes start under its title (one line: the id).
const y0 = 500 + headerOf(column);

describe('free slot in a section', () => {
  it.each([
    { name: 'empty section: its first cell', notes: [], expected: { x: x0, y: y0 } },
    { name: 'first cell taken: the one beside it', notes: [at('a', x0, y0)], expected: { x: x0 + W + gap, y: y0 } },
    { name: 'first row full: the next row, left first', notes: [at('a', x0, y0), at('b', x0 + W + gap, y0)], expected: { x: x0, y: y0 + H + gap } },
    { name: 'a hand-placed note over two cells: both skipped', notes: [at('a', x0 + 110, y0 + 10)], expected: { x: x0, y: y0 + H + gap } },
    { name: 'a hole left by a deleted note is filled first', notes: [at('b', x0 + W + gap, y0), at('c', x0, y0 + H + gap)], expected: { x: x0, y: y0 } },
    { name: 'a note of another section nearby does not matter', notes: [at('z', 0, 0)], expected: { x: x0, y: y0 } },
  ])('$name', ({ notes, expected }) => {
    expect(freeSpot(layout([column], notes), { section: column })).toEqual(expected);
  });

  it('a section too short for the usual header still takes a row under its title', () => {
    const strip = sec('strip', 0, 0, 700, 220);
    expect(sectionSlots(strip)).toEqual([{ x: 30, y: 60 }, { x: 250, y: 60 }, { x: 470, y: 60 }]);
  });

  it('the grid of a role column has ten cells, all inside it and apart', () => {
    const slots = sectionSlots(column);
    expect(slots).toHaveLength(10);
    expectApart(slots.map(rect));
    for (const s of slots) expect(sectionAt({ col: column }, rect(s))).toBe('col');
  });

  it('a full section: the next note goes just below it, and never on a note', () => {
    const alone = fill(layout([column]), { section: column }, 10);
    const p = freeSpot(alone, { section: column });
    expect(p).toEqual({ x: x0, y: y0 + 5 * (H + gap) });
    expect(p.y + H).toBeGreaterThan(column.y + column.height);
    expectApart([...Object.values(alone.notes), { id: 'new', ...rect(p) }]);
  });

  it('a full role column on same-table: overflow lands in no other section and on no note', () => {
    const sections = sameTableSections();
    const npo = sections.find((s) => s.affiliation === 'npo')!;
    const full = fill(layout(sections), { section: npo }, 25);
    const notes = Object.values(full.notes);
    expectApart(notes);
    const elsewhere = sections.filter((s) => s.id !== npo.id);
    for (const n of notes) expect(elsewhere.some((s) => overlaps(s, n)), n.id).toBe(false);
    expect(notes.filter((n) => sectionAt(full.sections, n) === npo.id)).toHaveLength(sectionSlots(npo).length);
  });

  it('sixty notes wished into one section of a crowded board never overlap, and the same board gives the same spots', () => {
    const sections = sameTableSections();
    const scattered = [at('h1', 10, 10), at('h2', 700, 640), at('h3', 555, 900, { width: 300, height: 300 })];
    const a = fill(layout(sections, scattered), { section: sections[1]! }, 60);
    const b = fill(layout(sections, scattered), { section: sections[1]! }, 60);
    expectApart(Object.values(a.notes));
    expect(a).toEqual(b);
  });
});

describe('free spot near a point', () => {
  it.each([
    { name: 'a free point is kept', notes: [], expected: { x: 100, y: 100 } },
    { name: 'a taken point: the nearest free cell of a grid through it', notes: [at('a', 100, 100)], expected: { x: 100, y: 100 - H - gap } },
    { name: 'a note that only touches the spot leaves it free', notes: [at('a', 100 + W, 100)], expected: { x: 100, y: 100 } },
  ])('$name', ({ notes, expected }) => {
    expect(freeSpot(layout([], notes), { at: { x: 100, y: 100 } })).toEqual(expected);
  });

  it('thirty notes at one point spread around it without overlapping', () => {
    const l = fill(layout([]), { at: { x: 0, y: 0 } }, 30);
    expectApart(Object.values(l.notes));
    const far = Math.max(...Object.values(l.notes).map((n) => Math.hypot(n.x, n.y)));
    expect(far).toBeLessThan(4 * (W + gap));
  });
});

describe('[N1] settling a note.add', () => {
  const add = (over: Partial<OpOf<'note.add'>> = {}, note: Partial<OpOf<'note.add'>['note']> = {}): OpOf<'note.add'> => ({
    opId: 'op_12345678', type: 'note.add', note: { id: 'n1', text: '', x: 5, y: 5, sectionId: 'col', ...note }, ...over,
  });
  it('an op without place is returned as it is', () => {
    const op = add();
    expect(settleNoteAdd(layout([column]), op)).toBe(op);
  });
  it('place: free takes the first free cell of the named section, and the settled op has no place', () => {
    expect(settleNoteAdd(layout([column], [at('a', x0, y0)]), add({ place: 'free' }))).toStrictEqual({
      opId: 'op_12345678', type: 'note.add', note: { id: 'n1', text: '', x: x0 + W + gap, y: y0, sectionId: 'col' },
    });
  });
  it('an unknown section: near its own x/y', () => {
    const settled = settleNoteAdd(layout([], [at('a', 5, 5)]), add({ place: 'free' }, { sectionId: 'gone' }));
    expect(settled.note).toMatchObject({ x: 5, y: 5 - H - gap });
    expect(settled).not.toHaveProperty('place');
  });
});

describe('which section a new note goes to', () => {
  const sections = Object.fromEntries(sameTableSections().map((s) => [s.id, s]));
  const goal = 's_1', npo = 's_3', community = 's_4', outcomes = 's_7';
  const overview = { x: -50, y: -50, width: 2640, height: 2180 };
  it.each([
    { name: 'NPO, whole table in view: the NPO column', view: overview, aff: 'npo', expected: npo },
    { name: 'NPO, looking at the neighbourhood column: the NPO column', view: { x: 1040, y: 600, width: 460, height: 500 }, aff: 'npo', expected: npo },
    { name: 'NPO, the shared goal fills the view: the shared goal', view: { x: 200, y: 0, width: 1200, height: 480 }, aff: 'npo', expected: goal },
    { name: 'NPO, the shared goal fitted to a wide screen (the columns half in view): the shared goal', view: { x: 0, y: -569, width: 2540, height: 1578 }, aff: 'npo', expected: goal },
    { name: 'NPO, the outcomes fill the view: the outcomes', view: { x: 0, y: 1500, width: 1200, height: 560 }, aff: 'npo', expected: outcomes },
    { name: 'school has no column: the section under the middle', view: overview, aff: 'school', expected: community },
    { name: 'other, between sections: the one most in view', view: { x: 1100, y: 1380, width: 200, height: 400 }, aff: 'other', expected: outcomes },
    { name: 'nothing in view: no section', view: { x: 5000, y: 5000, width: 800, height: 600 }, aff: 'npo', expected: null },
  ])('$name', ({ view, aff, expected }) => {
    expect(sectionForNewNote(sections, view, aff)?.id ?? null).toBe(expected);
  });
  it('a board without partner columns: the section in view, whoever writes', () => {
    const plain = { a: sec('a', 0, 0, 500, 500), b: sec('b', 600, 0, 500, 500) };
    expect(sectionForNewNote(plain, { x: 550, y: 0, width: 500, height: 400 }, 'npo')?.id).toBe('b');
  });
});

describe('tidy and gather', () => {
  function board(notes: Note[], votes: Board['votes'] = {}): Board {
    const b = makeBoard({ sections: [column], votes });
    const withNotes = Object.fromEntries(notes.map((n) => [n.id, { ...n, sectionId: sectionAt({ col: column }, n) }]));
    return { ...b, notes: withNotes };
  }
  const apply = (b: Board, moves: { id: string; x: number; y: number }[]) => {
    const notes = { ...b.notes };
    for (const m of moves) notes[m.id] = { ...notes[m.id]!, x: m.x, y: m.y };
    return notes;
  };
  const scattered = [
    at('old', 600, 900, { createdAt: 1 }),
    at('mid', 540, 1200, { createdAt: 2 }),
    at('new', 700, 700, { createdAt: 3 }),
    at('outside', 0, 0, { createdAt: 0 }),
  ];

  it('by time: oldest in the first cell, reading order after it; notes of other sections stay', () => {
    const b = board(scattered);
    const notes = apply(b, tidySection(b, 'col', 'time'));
    const slots = sectionSlots(column);
    expect(['old', 'mid', 'new'].map((id) => ({ x: notes[id]!.x, y: notes[id]!.y }))).toEqual(slots.slice(0, 3));
    expect(notes['outside']).toEqual(b.notes['outside']);
  });

  it('by votes: most votes first, equal votes oldest first', () => {
    const b = board(scattered, { new: { alice: 3 }, mid: { alice: 1, bob: 1 }, old: { bob: 2 } });
    const notes = apply(b, tidySection(b, 'col', 'votes'));
    const slots = sectionSlots(column);
    expect(['new', 'old', 'mid'].map((id) => ({ x: notes[id]!.x, y: notes[id]!.y }))).toEqual(slots.slice(0, 3));
  });

  it('a tidy section that is already tidy moves nothing', () => {
    const b = board(scattered);
    const once = { ...b, notes: apply(b, tidySection(b, 'col', 'time')) };
    expect(tidySection(once, 'col', 'time')).toEqual([]);
  });

  it('gathered notes form a block at the first one, apart from each other and from every other note', () => {
    const notes = [at('g1', 100, 2000), at('g2', 900, 100), at('g3', 1500, 1500), at('g4', 40, 40), at('block', 320, 2000)];
    const b = board(notes);
    const moved = apply(b, gatherNotes(b, ['g1', 'g2', 'g3', 'g4']));
    expectApart(Object.values(moved));
    const g = ['g1', 'g2', 'g3', 'g4'].map((id) => moved[id]!);
    const span = { w: Math.max(...g.map((n) => n.x + n.width)) - Math.min(...g.map((n) => n.x)), h: Math.max(...g.map((n) => n.y + n.height)) - Math.min(...g.map((n) => n.y)) };
    expect(span).toEqual({ w: 2 * W + gap, h: 2 * H + gap });
    expect(Math.hypot(moved['g1']!.x - 100, moved['g1']!.y - 2000)).toBeLessThan(3 * (W + gap));
    expect(moved['block']).toEqual(b.notes['block']);
  });

  it('a block stays inside the section of the first note, below its header, when it has room there', () => {
    const sections = sameTableSections();
    const outcomes = sections.find((s) => s.title === '期待する成果')!;
    // The first note low in 期待する成果, a note in its way, the others far off (in another section, outside every one).
    const low = outcomes.y + outcomes.height - H - 20;
    const raw = [at('g1', outcomes.x + 100, low), at('g2', 1500, 700), at('g3', 2100, outcomes.y + outcomes.height + 200), at('in-the-way', outcomes.x + 330, low)];
    const b = { ...makeBoard({ sections }), notes: Object.fromEntries(raw.map((n) => [n.id, { ...n, sectionId: sectionAt(Object.fromEntries(sections.map((s) => [s.id, s])), n) }])) };
    const moved = apply(b, gatherNotes(b, ['g1', 'g2', 'g3']));
    expectApart(Object.values(moved));
    for (const id of ['g1', 'g2', 'g3']) {
      const n = moved[id]!;
      expect(n.x >= outcomes.x && n.x + n.width <= outcomes.x + outcomes.width, id).toBe(true);
      expect(n.y >= outcomes.y + headerOf(outcomes) && n.y + n.height <= outcomes.y + outcomes.height, id).toBe(true);
    }
  });
});

describe('obstacles by bucket', () => {
  const big = { x: -1300, y: -700, width: 2000, height: 1500 };
  const small = { x: 5000, y: 5000, width: 200, height: 140 };
  it.each([
    { name: 'inside a large note far from its corner', r: { x: 0, y: 0, width: 10, height: 10 }, hit: true },
    { name: 'touching the large note on its right edge', r: { x: 700, y: 0, width: 10, height: 10 }, hit: false },
    { name: 'across a bucket edge into the small note', r: { x: 4900, y: 4900, width: 120, height: 120 }, hit: true },
    { name: 'between them', r: { x: 2000, y: 2000, width: 200, height: 140 }, hit: false },
    { name: 'at the far corner of the coordinates', r: { x: -1_000_000, y: -1_000_000, width: 200, height: 140 }, hit: false },
  ])('$name', ({ r, hit }) => {
    const o = new Obstacles([big, small]);
    expect(o.hits(r)).toBe(hit);
    expect(o.hits(r)).toBe([big, small].some((b) => overlaps(b, r)));
  });
});

describe('[N1] a huge section costs a bounded search', () => {
  const small = { width: 40, height: 40 };
  const huge = sec('huge', 0, 0, 200_000, 200_000);

  it('the first free cell of a 200,000-unit section is found without laying out its millions of cells', () => {
    const p = freeSpot(layout([huge]), { section: huge }, small);
    expect(p.y).toBe(headerOf(huge));
    expect(overlaps({ ...p, ...small }, huge)).toBe(true);
  });

  it('when every spot it may try is taken, the note goes below everything, on no note', () => {
    // A tall note covers nearly all of a narrow, very tall section: far more cells than a search may try.
    const narrow = sec('narrow', 0, 0, 2_000 + 2 * PLACEMENT.inset, 200_000);
    const wall = at('wall', PLACEMENT.inset, 0, { width: 2_000, height: 199_000 });
    const blocked = layout([narrow], [wall]);
    const p = freeSpot(blocked, { section: narrow }, small);
    expect(overlaps({ ...p, ...small }, wall)).toBe(false);
    expect(p.y).toBeGreaterThanOrEqual(narrow.y + narrow.height);
  });
});
