import { describe, expect, it } from 'vitest';
import { AFFILIATION_COLORS, balanceOf, type Balance, type BalanceRow } from '../../shared/balance.js';
import { AFFILIATIONS, NOTE_COLORS, DEFAULT_NOTE_COLOR, type Participant } from '../../shared/model.js';
import { TEMPLATE_AUTHOR } from '../../shared/templates/schema.js';
import { makeBoard, note, PEOPLE, T0 } from './fixtures.js';

// [T8–T11] The balance of voices (どちらも主役), counted from a board written out as data.

const person = (id: string, affiliation: Participant['affiliation'], over: Partial<Participant> = {}): Participant => ({
  id,
  name: id,
  affiliation,
  role: 'participant',
  joinedAt: T0,
  removed: false,
  ...over,
});

// fac (government, facilitator) · alice (citizen) · bob (npo) · gone (company, removed) from the fixtures,
// plus carol (citizen) and dan (government, a participant like anybody else).
const people = [...Object.values(PEOPLE), person('carol', 'citizen'), person('dan', 'government')];
const notes = [
  note('a1', 'alice'),
  note('a2', 'alice'),
  note('c1', 'carol', { authorName: 'carol', affiliation: 'citizen' }),
  note('b1', 'bob'),
  note('g1', 'gone'),
  note('d1', 'dan', { authorName: 'dan', affiliation: 'government' }),
  note('f1', 'fac'),
  note('t1', TEMPLATE_AUTHOR.id, { authorName: 'テンプレートの例', affiliation: 'other' }),
  // Carried from the last session: its author never joined this board.
  note('x1', 'someone-last-time', { authorName: '前回の人', affiliation: 'company' }),
];
const votes = {
  a1: { alice: 1, bob: 2, fac: 1 },
  b1: { carol: 2, dan: 1 },
  g1: { gone: 3 },
};
const board = (voting: Partial<ReturnType<typeof makeBoard>['voting']> = {}) =>
  makeBoard({ participants: people, notes, votes, voting: { open: false, ended: true, hidden: true, budget: 3, ...voting } });

const row = (b: Balance, a: string): BalanceRow => b.rows.find((r) => r.affiliation === a)!;
const counts = (b: Balance) => Object.fromEntries(b.rows.map((r) => [r.affiliation, [r.participants, r.online, r.notes, r.votes]]));

describe('[T9] what is counted, and under which affiliation', () => {
  it('participants, online, notes and votes per affiliation, in AFFILIATIONS order with zeros kept', () => {
    const b = balanceOf(board(), new Set(['alice', 'dan', 'fac', 'gone']));
    expect(b.rows.map((r) => r.affiliation)).toStrictEqual([...AFFILIATIONS]);
    expect(counts(b)).toStrictEqual({
      citizen: [2, 1, 3, 3],
      npo: [1, 0, 1, 2],
      community: [0, 0, 0, 0],
      // gone was removed: not at the table, but the note and the dots it left are counted.
      company: [0, 0, 1, 3],
      government: [1, 1, 1, 1],
      school: [0, 0, 0, 0],
      other: [0, 0, 0, 0],
    });
    expect(b.totals).toStrictEqual({ participants: 4, online: 2, notes: 6, votes: 9 });
  });

  it('facilitators are counted apart, never in the rows or the totals', () => {
    const b = balanceOf(board(), new Set(['fac']));
    expect(b.facilitators).toStrictEqual({ participants: 1, online: 1, notes: 1, votes: 1 });
    expect(row(b, 'government')).toMatchObject({ participants: 1, notes: 1, votes: 1 });
  });

  it('notes by nobody at this board (template examples, carried notes) are unattributed', () => {
    expect(balanceOf(board()).unattributed).toStrictEqual({ notes: 2 });
    expect(row(balanceOf(board()), 'other').notes).toBe(0);
  });

  it('a note counts under the affiliation it was written with; a dot under its voter’s affiliation now', () => {
    const moved = people.map((p) => (p.id === 'alice' ? { ...p, affiliation: 'company' as const } : p));
    const b = balanceOf(makeBoard({ participants: moved, notes, votes }));
    expect(row(b, 'citizen')).toMatchObject({ participants: 1, notes: 3, votes: 2 });
    expect(row(b, 'company')).toMatchObject({ participants: 1, notes: 1, votes: 4 });
  });

  it('without an online set nobody is online', () => {
    expect(balanceOf(board()).totals.online).toBe(0);
  });

  it('an empty board is all zeros, shares included', () => {
    const b = balanceOf(makeBoard({ participants: [], notes: [] }));
    expect(b.totals).toStrictEqual({ participants: 0, online: 0, notes: 0, votes: 0 });
    for (const r of b.rows) expect(r.share).toStrictEqual({ participants: 0, online: 0, notes: 0, votes: 0 });
  });
});

describe('[T11] shares', () => {
  it('each row’s share is its part of the participants’ totals, and the shares add up to 1', () => {
    const b = balanceOf(board(), new Set(['alice', 'dan']));
    expect(row(b, 'citizen').share).toStrictEqual({ participants: 2 / 4, online: 1 / 2, notes: 3 / 6, votes: 3 / 9 });
    expect(row(b, 'community').share).toStrictEqual({ participants: 0, online: 0, notes: 0, votes: 0 });
    for (const k of ['participants', 'online', 'notes', 'votes'] as const)
      expect(b.rows.reduce((s, r) => s + (r.share[k] ?? 0), 0)).toBeCloseTo(1, 10);
  });
});

describe('[T10] votes of an open hidden round', () => {
  it.each([
    ['open and hidden', { open: true, hidden: true, ended: false }, true],
    ['open and visible', { open: true, hidden: false, ended: false }, false],
    ['ended after being hidden', { open: false, hidden: true, ended: true }, false],
  ])('%s: votes hidden = %s', (_name, voting, hidden) => {
    const b = balanceOf(board(voting));
    expect(b.votesHidden).toBe(hidden);
    const votes = [...b.rows.map((r) => r.votes), ...b.rows.map((r) => r.share.votes), b.totals.votes, b.facilitators.votes];
    expect(votes.every((v) => v === null)).toBe(hidden);
    expect(votes.some((v) => v === null)).toBe(hidden);
    // Who is there and what they wrote stays countable: counts, never whose note is whose.
    expect(b.totals.notes).toBe(6);
  });

  it('the facilitator sees a hidden round’s dots (V5)', () => {
    const b = balanceOf(board({ open: true, hidden: true, ended: false }), new Set(), { facilitator: true });
    expect(b.votesHidden).toBe(false);
    expect(b.totals.votes).toBe(9);
  });
});

describe('[T9] affiliation colours', () => {
  it('every affiliation has its own note colour from the palette, never the default yellow', () => {
    const colours = AFFILIATIONS.map((a) => AFFILIATION_COLORS[a]);
    expect(new Set(colours).size).toBe(AFFILIATIONS.length);
    for (const c of colours) expect(NOTE_COLORS).toContain(c);
    expect(colours).not.toContain(DEFAULT_NOTE_COLOR);
  });
});
