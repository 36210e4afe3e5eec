import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import type { Participant } from '../../shared/model.js';
import { ClientOp, FACILITATOR_OPS, type Op, type OpType } from '../../shared/ops.js';
import { applyOp, withSeq, type Actor } from '../../shared/reducer.js';
import { ALICE, BOB, FAC, GONE, PEOPLE, STRANGER, T0, accept, makeBoard, mk, note, refuse, section, votingBoard } from './fixtures.js';

const AT = T0 + 60_000;

describe('board.update', () => {
  const cases: [string, Op, (b: ReturnType<typeof makeBoard>) => unknown, unknown][] = [
    ['title', mk('board.update', { title: '第2回 協働ワークショップ' }), (b) => b.title, '第2回 協働ワークショップ'],
    ['locked on', mk('board.update', { locked: true }), (b) => b.settings.locked, true],
    ['anonymous on', mk('board.update', { anonymous: true }), (b) => b.settings.anonymous, true],
  ];
  it.each(cases)('[O5] the facilitator sets %s', (_name, op, read, expected) => {
    const next = accept(makeBoard(), op, FAC);
    expect(read(next)).toBe(expected);
  });

  it('[O5] title, lock and anonymity change together and other settings stay', () => {
    const b = makeBoard({ settings: { privateWriting: true } });
    const next = accept(b, mk('board.update', { title: 'T', locked: true, anonymous: true }), FAC);
    expect(next.title).toBe('T');
    expect(next.settings).toStrictEqual({ locked: true, anonymous: true, privateWriting: true });
  });

  it('[O5] unlocking lets participants edit again', () => {
    const locked = makeBoard({ settings: { locked: true } });
    const open = accept(locked, mk('board.update', { locked: false }), FAC);
    accept(open, mk('note.update', { id: 'a1', patch: { text: 'again' } }), ALICE);
  });

  const noops: [string, Op][] = [
    ['nothing', mk('board.update', {})],
    ['the same title', mk('board.update', { title: '協働ワークショップ' })],
    ['the same lock', mk('board.update', { locked: false })],
    ['the same anonymity', mk('board.update', { anonymous: false })],
    ['all the same', mk('board.update', { title: '協働ワークショップ', locked: false, anonymous: false })],
  ];
  it.each(noops)('[R1] board.update with %s returns the same board object', (_name, op) => {
    const b = makeBoard();
    expect(accept(b, op, FAC)).toBe(b);
  });
});

describe('writing.private', () => {
  it('[V1] the facilitator turns private writing on and off', () => {
    const on = accept(makeBoard(), mk('writing.private', { on: true }), FAC);
    expect(on.settings.privateWriting).toBe(true);
    const off = accept(on, mk('writing.private', { on: false }), FAC);
    expect(off.settings.privateWriting).toBe(false);
  });

  it.each([true, false])('[R1] writing.private {on: %s} to the current value returns the same board object', (value) => {
    const b = makeBoard({ settings: { privateWriting: value } });
    expect(accept(b, mk('writing.private', { on: value }), FAC)).toBe(b);
  });
});

describe('timer', () => {
  it.each([1, 60, 300, LIMITS.timerMaxSeconds])('timer.start %i s ends at at + seconds × 1000', (seconds) => {
    const next = accept(makeBoard(), mk('timer.start', { seconds }), FAC, AT);
    expect(next.timer).toStrictEqual({ endsAt: AT + seconds * 1000, seconds });
  });

  it('timer.start while running restarts it from the new time', () => {
    const running = makeBoard({ timer: { endsAt: T0 + 10_000, seconds: 10 } });
    expect(accept(running, mk('timer.start', { seconds: 30 }), FAC, AT).timer).toStrictEqual({ endsAt: AT + 30_000, seconds: 30 });
  });

  it('timer.stop clears endsAt and keeps the length that was set', () => {
    const running = makeBoard({ timer: { endsAt: T0 + 10_000, seconds: 10 } });
    expect(accept(running, mk('timer.stop', {}), FAC).timer).toStrictEqual({ endsAt: null, seconds: 10 });
  });

  it('[R1] timer.stop when stopped returns the same board object', () => {
    const b = makeBoard();
    expect(accept(b, mk('timer.stop', {}), FAC)).toBe(b);
  });
});

describe('focus', () => {
  it('focus on a section is stamped with the server time', () => {
    const b = makeBoard({ sections: [section('goal')] });
    expect(accept(b, mk('focus', { sectionId: 'goal' }), FAC, AT).focus).toStrictEqual({ sectionId: 'goal', at: AT });
  });

  it('focus on a point and zoom is stamped with the server time', () => {
    expect(accept(makeBoard(), mk('focus', { x: -100, y: 250.5, zoom: 1.5 }), FAC, AT).focus).toStrictEqual({ x: -100, y: 250.5, zoom: 1.5, at: AT });
  });

  it('focus replaces an earlier focus of the other kind', () => {
    const b = makeBoard({ sections: [section('goal')], focus: { x: 0, y: 0, zoom: 1, at: T0 } });
    expect(accept(b, mk('focus', { sectionId: 'goal' }), FAC, AT).focus).toStrictEqual({ sectionId: 'goal', at: AT });
  });

  it('[R4] focus on an unknown section is refused with not_found', () => {
    expect(refuse(makeBoard(), mk('focus', { sectionId: 'nope' }), FAC)).toBe('not_found');
  });
});

describe('participant.join (server op)', () => {
  const join = (p: { id: string; name: string; affiliation: Participant['affiliation']; role: Participant['role'] }) =>
    mk('participant.join', { participant: p });

  it('[J1] a new participant is added with the join time', () => {
    const next = accept(makeBoard(), join({ id: 'carol', name: 'Carol', affiliation: 'school', role: 'participant' }), { id: 'carol', role: 'participant' }, AT);
    expect(next.participants.carol).toStrictEqual({ id: 'carol', name: 'Carol', affiliation: 'school', role: 'participant', joinedAt: AT, removed: false });
  });

  it('[J2] a rejoin with the same name and affiliation returns the same board object', () => {
    const b = makeBoard();
    expect(accept(b, join({ id: 'alice', name: 'Alice', affiliation: 'citizen', role: 'participant' }), ALICE, AT)).toBe(b);
  });

  it('[J2] a rejoin with a new name and affiliation updates them and the author of its notes, keeping joinedAt', () => {
    const b = makeBoard();
    const next = accept(b, join({ id: 'alice', name: 'Alice K.', affiliation: 'npo', role: 'participant' }), ALICE, AT);
    expect(next.participants.alice).toMatchObject({ name: 'Alice K.', affiliation: 'npo', joinedAt: T0 });
    expect(next.notes.a1).toMatchObject({ authorName: 'Alice K.', affiliation: 'npo' });
    expect(next.notes.a2).toMatchObject({ authorName: 'Alice K.', affiliation: 'npo' });
    expect(next.notes.b1).toBe(b.notes.b1);
  });

  it('[J3] a removed participant cannot join again', () => {
    expect(refuse(makeBoard(), join({ id: 'gone', name: 'Gone', affiliation: 'company', role: 'participant' }), GONE)).toBe('forbidden');
  });

  it('[R3] the 300th participant joins and the 301st is refused with limit', () => {
    const crowd = Array.from({ length: LIMITS.participantsPerBoard - 1 }, (_, i) => ({ ...PEOPLE.alice!, id: `p${i}`, name: `P${i}` }));
    const almost = makeBoard({ participants: crowd, notes: [] });
    const full = accept(almost, join({ id: 'last', name: 'Last', affiliation: 'other', role: 'participant' }), { id: 'last', role: 'participant' });
    expect(Object.keys(full.participants)).toHaveLength(LIMITS.participantsPerBoard);
    expect(refuse(full, join({ id: 'late', name: 'Late', affiliation: 'other', role: 'participant' }), { id: 'late', role: 'participant' })).toBe('limit');
    // Someone already on the full board may still come back.
    accept(full, join({ id: 'p0', name: 'P0 again', affiliation: 'other', role: 'participant' }), { id: 'p0', role: 'participant' });
  });

  it('[SC1][R3] a removed participant frees a seat; facilitators sit apart from the 300', () => {
    const crowd = Array.from({ length: LIMITS.participantsPerBoard }, (_, i) => ({ ...PEOPLE.alice!, id: `p${i}`, removed: false }));
    const full = makeBoard({ participants: [PEOPLE.fac!, PEOPLE.gone!, ...crowd], notes: [] });
    const late = join({ id: 'late', name: 'Late', affiliation: 'other', role: 'participant' });
    expect(refuse(full, late, { id: 'late', role: 'participant' })).toBe('limit');
    // A facilitator and a second one still join beside a full room.
    const withFac = accept(full, join({ id: 'host', name: 'Host', affiliation: 'other', role: 'facilitator' }), { id: 'host', role: 'facilitator' });
    expect(withFac.participants.host!.role).toBe('facilitator');
    // Removing one participant frees exactly one seat.
    const emptier = accept(withFac, mk('participant.update', { id: 'p7', removed: true }), FAC);
    const seated = accept(emptier, late, { id: 'late', role: 'participant' });
    expect(refuse(seated, join({ id: 'later', name: 'Later', affiliation: 'other', role: 'participant' }), { id: 'later', role: 'participant' })).toBe('limit');
  });

  it('[SC1] identities a board keeps, removed ones included, stay bounded', () => {
    const gone = Array.from({ length: LIMITS.participantRecordsPerBoard }, (_, i) => ({ ...PEOPLE.alice!, id: `p${i}`, removed: true }));
    expect(refuse(makeBoard({ participants: gone, notes: [] }), join({ id: 'late', name: 'Late', affiliation: 'other', role: 'participant' }), { id: 'late', role: 'participant' })).toBe('limit');
  });
});

describe('participant.update', () => {
  it('[P1] a rename propagates to the authorName of their notes only', () => {
    const b = makeBoard();
    const next = accept(b, mk('participant.update', { id: 'alice', name: 'ありす' }), FAC);
    expect(next.participants.alice!.name).toBe('ありす');
    expect(next.notes.a1!.authorName).toBe('ありす');
    expect(next.notes.a2!.authorName).toBe('ありす');
    expect(next.notes.b1).toBe(b.notes.b1);
  });

  it('[J3] a removed participant is marked removed, keeps its notes, and its next op is forbidden', () => {
    const b = makeBoard();
    const next = accept(b, mk('participant.update', { id: 'alice', removed: true }), FAC);
    expect(next.participants.alice!.removed).toBe(true);
    expect(next.notes.a1).toBe(b.notes.a1);
    expect(refuse(next, mk('note.update', { id: 'a1', patch: { text: 'x' } }), ALICE)).toBe('forbidden');
  });

  it.each([
    ['the same name', { id: 'alice', name: 'Alice' }],
    ['nothing', { id: 'alice' }],
    ['removing someone already removed', { id: 'gone', removed: true as const }],
  ])('[R1] participant.update with %s returns the same board object', (_name, fields) => {
    const b = makeBoard();
    expect(accept(b, mk('participant.update', fields), FAC)).toBe(b);
  });

  it('[R4] an unknown participant is refused with not_found', () => {
    expect(refuse(makeBoard(), mk('participant.update', { id: 'nobody', name: 'X' }), FAC)).toBe('not_found');
  });
});

/** One valid op of every type a client may send, against `makeBoard` plus a section "goal" and open voting. */
const ONE_OF_EACH: Record<Exclude<OpType, 'participant.join'>, Op> = {
  'note.add': mk('note.add', { note: { id: 'n-new', text: 'x', x: 0, y: 0 } }),
  'note.update': mk('note.update', { id: 'a1', patch: { text: 'x' } }),
  'note.move': mk('note.move', { moves: [{ id: 'a1', x: 9, y: 9 }] }),
  'note.delete': mk('note.delete', { ids: ['a1'] }),
  'section.add': mk('section.add', { section: { id: 'roles', title: 'x', x: 0, y: 0, width: 100, height: 100 } }),
  'section.update': mk('section.update', { id: 'goal', patch: { title: 'x' } }),
  'section.delete': mk('section.delete', { id: 'goal' }),
  'board.update': mk('board.update', { title: 'x' }),
  'vote.add': mk('vote.add', { noteId: 'b1' }),
  'vote.remove': mk('vote.remove', { noteId: 'a2' }),
  'voting.start': mk('voting.start', { budget: 5, hidden: true }),
  'voting.end': mk('voting.end', {}),
  'writing.private': mk('writing.private', { on: true }),
  'timer.start': mk('timer.start', { seconds: 60 }),
  'timer.stop': mk('timer.stop', {}),
  'phase.set': mk('phase.set', { phase: 'reflect' }),
  focus: mk('focus', { sectionId: 'goal' }),
  'participant.update': mk('participant.update', { id: 'bob', name: 'Robert' }),
  'snapshot.save': mk('snapshot.save', { label: '投票の前' }),
  'snapshot.restore': mk('snapshot.restore', { snapshotId: 'snap-1' }),
};
const everyBoard = () =>
  votingBoard({
    sections: [section('goal', { x: 50_000, y: 50_000, width: 100, height: 100 })],
    votes: { a2: { alice: 1, fac: 1 } },
    timer: { endsAt: T0 + 1, seconds: 1 },
  });

const PROTOCOL = new URL('../../docs/PROTOCOL.md', import.meta.url);
/** Every op type the schema accepts from a client. */
type SchemaNode = { options?: readonly SchemaNode[]; shape?: { type?: { value?: string } } };
const typesOf = (s: SchemaNode): string[] => (s.options ? s.options.flatMap(typesOf) : s.shape?.type?.value ? [s.shape.type.value] : []);
const CLIENT_OP_TYPES = [...new Set(typesOf(ClientOp as unknown as SchemaNode))];

describe('[O5] who may send what', () => {
  const facilitatorOnly = Object.entries(ONE_OF_EACH).filter(([type]) => FACILITATOR_OPS.has(type as OpType));
  const anyone = Object.entries(ONE_OF_EACH).filter(([type]) => !FACILITATOR_OPS.has(type as OpType));

  it('the facilitator-only ops are exactly those O5 in docs/PROTOCOL.md names', () => {
    const o5 = /\*\*\[O5\]\*\* Facilitator-only ops \(([^)]*)\)/.exec(readFileSync(PROTOCOL, 'utf8'))?.[1];
    expect(o5).toBeDefined();
    const allTypes = Object.keys(ONE_OF_EACH);
    // `voting.*` in the text names every op type of that family.
    const named = [...o5!.matchAll(/`([^`]+)`/g)].flatMap(([, n]) => (n!.endsWith('.*') ? allTypes.filter((t) => t.startsWith(n!.slice(0, -1))) : [n!]));
    expect([...FACILITATOR_OPS].sort()).toEqual([...new Set(named)].sort());
  });

  it('every op type a client may send has an example here, so none escapes the checks below', () => {
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual(CLIENT_OP_TYPES.filter((t) => t !== 'participant.join').sort());
  });

  it.each(facilitatorOnly)('%s from a participant is refused with forbidden', (_type, op) => {
    expect(refuse(everyBoard(), op, ALICE)).toBe('forbidden');
  });

  it.each(facilitatorOnly)('%s from a participant claiming to be the facilitator by id only is forbidden', (_type, op) => {
    expect(refuse(everyBoard(), op, { id: 'fac', role: 'participant' })).toBe('forbidden');
  });

  it.each(Object.entries(ONE_OF_EACH))('%s from the facilitator is accepted', (_type, op) => {
    accept(everyBoard(), op, FAC);
  });

  it.each(anyone)('%s from a participant is accepted', (_type, op) => {
    accept(everyBoard(), op, ALICE);
  });

  const strangers: [string, Actor][] = [
    ['a removed participant', GONE],
    ['an unknown participant', STRANGER],
    ['an unknown facilitator', { id: 'ghost', role: 'facilitator' }],
  ];
  const table = strangers.flatMap(([who, actor]) => Object.entries(ONE_OF_EACH).map(([type, op]) => [type, who, op, actor] as const));
  it.each(table)('%s from %s is refused with forbidden', (_type, _who, op, actor) => {
    expect(refuse(everyBoard(), op, actor)).toBe('forbidden');
  });

  it('a removed facilitator is refused too', () => {
    const b = everyBoard();
    const removed = { ...b, participants: { ...b.participants, fac: { ...b.participants.fac!, removed: true } } };
    expect(refuse(removed, ONE_OF_EACH['timer.start'], FAC)).toBe('forbidden');
  });
});

describe('[C1] a confirmed (trusted) op is applied without re-judging permissions', () => {
  it('an op by an author the client has not heard of is applied', () => {
    const r = applyOp(makeBoard(), mk('note.add', { note: { id: 'n-new', text: 'x', x: 0, y: 0 } }), { actor: STRANGER, at: AT, trusted: true });
    expect(r.ok && r.board.notes['n-new']).toMatchObject({ authorId: 'stranger', authorName: '', affiliation: 'other' });
  });

  it('a facilitator op on a locked board is applied', () => {
    const r = applyOp(makeBoard({ settings: { locked: true } }), mk('timer.start', { seconds: 5 }), { actor: BOB, at: AT, trusted: true });
    expect(r.ok).toBe(true);
  });

  it('the state checks still apply: a duplicate id is a conflict', () => {
    const r = applyOp(makeBoard(), mk('note.add', { note: { id: 'a1', text: 'x', x: 0, y: 0 } }), { actor: STRANGER, at: AT, trusted: true });
    expect(!r.ok && r.error.code).toBe('conflict');
  });
});

describe('withSeq', () => {
  it('[O2] stamps the seq, and returns the same object when it is already there', () => {
    const b = makeBoard();
    expect(withSeq(b, b.seq)).toBe(b);
    const next = withSeq(b, b.seq + 1);
    expect(next).toStrictEqual({ ...b, seq: b.seq + 1 });
    expect(next.notes).toBe(b.notes);
  });
});

describe('participant notes carry their author', () => {
  it('a note added by the facilitator carries the facilitator’s name and affiliation', () => {
    const next = accept(makeBoard(), mk('note.add', { note: { id: 'f1', text: 'x', x: 0, y: 0 } }), FAC);
    expect(next.notes.f1).toMatchObject({ authorId: 'fac', authorName: '進行役', affiliation: 'government' });
  });

  it('a rename does not touch notes whose authorName already matches', () => {
    const b = makeBoard({ notes: [note('a1', 'alice', { authorName: 'New' }), note('a2', 'alice')] });
    const next = accept(b, mk('participant.update', { id: 'alice', name: 'New' }), FAC);
    expect(next.notes.a1).toBe(b.notes.a1);
    expect(next.notes.a2!.authorName).toBe('New');
  });
});
