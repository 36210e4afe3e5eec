import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { Board } from '../../shared/model.js';
import { ClientOp, Op, OpEntry } from '../../shared/ops.js';
import { CreateBoardBody, CursorMsg, JoinRequest } from '../../shared/protocol.js';
import { makeBoard } from './fixtures.js';

// [O4] / [E2] Everything that crosses a boundary is parsed; these tables are what the server
// gets from a careless or hostile client.

const OP_ID = 'op-0000001';
const s = (n: number, ch = 'x') => ch.repeat(n);
const DELETE = Symbol('delete');

/** A deep copy of `base` with the value at `path` replaced (or removed with DELETE). */
function variant(base: object, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === DELETE) delete at[last];
  else at[last] = value;
  return copy;
}

/** A JSON text parsed as the socket would, with `extra` spliced into the object at `path` (so `__proto__` is a real own key). */
function withRawKey(base: object, path: string, extra: string): unknown {
  const json = JSON.stringify(base);
  const parsed = JSON.parse(json) as Record<string, unknown>;
  const inner = path ? path.split('.').reduce((o, k) => o[k] as Record<string, unknown>, parsed) : parsed;
  const innerJson = JSON.stringify(inner);
  const spliced = innerJson.replace(/^\{/, `{${extra},`);
  const whole = path ? json.replace(innerJson, spliced) : spliced;
  return JSON.parse(whole);
}

const V = {
  noteAdd: { opId: OP_ID, type: 'note.add', note: { id: 'n1', text: '地域の居場所づくり', x: 10, y: -20 } },
  noteAddFull: { opId: OP_ID, type: 'note.add', note: { id: 'n1', text: '', x: 0.5, y: 1e6, color: '#A5D6A7', width: 40, height: 2000, sectionId: null } },
  noteUpdate: { opId: OP_ID, type: 'note.update', id: 'n1', patch: { text: '更新' } },
  noteUpdateFull: { opId: OP_ID, type: 'note.update', id: 'n1', patch: { text: 't', color: '#000000', x: -1e6, y: 0, width: 100, height: 100, sectionId: 's1' } },
  noteMove: { opId: OP_ID, type: 'note.move', moves: [{ id: 'n1', x: 1, y: 2 }] },
  noteDelete: { opId: OP_ID, type: 'note.delete', ids: ['n1', 'n2'] },
  sectionAdd: { opId: OP_ID, type: 'section.add', section: { id: 's1', title: '目的', x: 0, y: 0, width: 800, height: 600 } },
  sectionAddFull: {
    opId: OP_ID,
    type: 'section.add',
    section: { id: 's1', title: '目的', prompt: '何のため?', x: 0, y: 0, width: 200_000, height: 40, color: '#ffffff', en: { title: 'Goal', prompt: 'What for?' } },
  },
  sectionUpdate: { opId: OP_ID, type: 'section.update', id: 's1', patch: { title: '新しい題', x: 5 } },
  sectionDelete: { opId: OP_ID, type: 'section.delete', id: 's1' },
  boardUpdate: { opId: OP_ID, type: 'board.update', title: '第2回', locked: true, anonymous: false },
  boardUpdateEmpty: { opId: OP_ID, type: 'board.update' },
  voteAdd: { opId: OP_ID, type: 'vote.add', noteId: 'n1' },
  voteRemove: { opId: OP_ID, type: 'vote.remove', noteId: 'n1' },
  votingStart: { opId: OP_ID, type: 'voting.start', budget: 3, hidden: true },
  votingStartCap: { opId: OP_ID, type: 'voting.start', budget: 20, hidden: false, maxPerNote: 1 },
  votingEnd: { opId: OP_ID, type: 'voting.end' },
  writingPrivate: { opId: OP_ID, type: 'writing.private', on: true },
  timerStart: { opId: OP_ID, type: 'timer.start', seconds: 300 },
  timerStop: { opId: OP_ID, type: 'timer.stop' },
  focusSection: { opId: OP_ID, type: 'focus', sectionId: 's1' },
  focusPoint: { opId: OP_ID, type: 'focus', x: -100, y: 200, zoom: 0.05 },
  participantRename: { opId: OP_ID, type: 'participant.update', id: 'p1', name: '山田 花子' },
  participantRemove: { opId: OP_ID, type: 'participant.update', id: 'p1', removed: true },
  snapshotSave: { opId: OP_ID, type: 'snapshot.save', label: '投票の前' },
  snapshotRestore: { opId: OP_ID, type: 'snapshot.restore', snapshotId: 'snap-1' },
} as const;

const ACCEPTED: [string, unknown][] = [
  ...Object.entries(V).map(([name, op]) => [`example ${name}`, op] as [string, unknown]),
  ['note text of exactly 2,000 characters', variant(V.noteAdd, 'note.text', s(LIMITS.noteText))],
  ['note text of 2,000 Japanese characters', variant(V.noteAdd, 'note.text', s(LIMITS.noteText, 'あ'))],
  ['note id of exactly 64 characters', variant(V.noteAdd, 'note.id', s(LIMITS.idLength, 'a'))],
  ['note id with digits, _ and -', variant(V.noteAdd, 'note.id', 'n_1-2')],
  ['coordinates at +1,000,000', variant(variant(V.noteAdd, 'note.x', 1e6) as object, 'note.y', 1e6)],
  ['coordinates at -1,000,000', variant(variant(V.noteAdd, 'note.x', -1e6) as object, 'note.y', -1e6)],
  ['opId of exactly 64 characters', variant(V.voteAdd, 'opId', s(64, 'A'))],
  ['opId of exactly 8 characters', variant(V.voteAdd, 'opId', '12345678')],
  ['500 moves', variant(V.noteMove, 'moves', Array.from({ length: LIMITS.movesPerOp }, (_, i) => ({ id: `n${i}`, x: i, y: i })))],
  ['500 ids', variant(V.noteDelete, 'ids', Array.from({ length: LIMITS.idsPerOp }, (_, i) => `n${i}`))],
  ['a patch of only a sectionId (ignored later, not empty)', variant(V.noteUpdate, 'patch', { sectionId: null })],
  ['timer of 24 hours', variant(V.timerStart, 'seconds', LIMITS.timerMaxSeconds)],
  ['timer of one second', variant(V.timerStart, 'seconds', 1)],
  ['zoom of 8', variant(V.focusPoint, 'zoom', 8)],
  ['section prompt of 1,000 characters', variant(V.sectionAdd, 'section.prompt', s(LIMITS.sectionPrompt))],
  ['board title of 200 characters', variant(V.boardUpdate, 'title', s(LIMITS.boardTitle))],
  ['participant rename of 40 characters', variant(V.participantRename, 'name', s(LIMITS.displayName))],
  ['vote budget of 20', variant(V.votingStart, 'budget', 20)],
];

const PROTO = '"__proto__":{"polluted":true}';
const REFUSED: [string, unknown][] = [
  // Not an op at all.
  ['null', null],
  ['undefined', undefined],
  ['a string', 'note.add'],
  ['a number', 42],
  ['an array', [V.noteAdd]],
  ['an empty object', {}],
  ['a boolean', true],
  // Envelope.
  ['no opId', variant(V.noteAdd, 'opId', DELETE)],
  ['opId of 7 characters', variant(V.noteAdd, 'opId', '1234567')],
  ['opId of 65 characters', variant(V.noteAdd, 'opId', s(65))],
  ['opId with a slash', variant(V.noteAdd, 'opId', 'op/../../etc')],
  ['opId as a number', variant(V.noteAdd, 'opId', 12345678)],
  ['no type', variant(V.noteAdd, 'type', DELETE)],
  ['an unknown type', variant(V.noteAdd, 'type', 'note.destroy')],
  ['a type in another case', variant(V.noteAdd, 'type', 'Note.Add')],
  ['a type with a trailing space', variant(V.noteAdd, 'type', 'note.add ')],
  ['type as a number', variant(V.noteAdd, 'type', 1)],
  ['snapshot.load (not an op)', { opId: OP_ID, type: 'snapshot.load', snapshotId: 's1' }],
  ['an extra top-level key', variant(V.noteAdd, 'by', 'someone-else')],
  ['an extra seq', variant(V.voteAdd, 'seq', 5)],
  // note.add
  ['note.add without note', variant(V.noteAdd, 'note', DELETE)],
  ['note.add with note null', variant(V.noteAdd, 'note', null)],
  ['note without id', variant(V.noteAdd, 'note.id', DELETE)],
  ['note without text', variant(V.noteAdd, 'note.text', DELETE)],
  ['note without x', variant(V.noteAdd, 'note.x', DELETE)],
  ['note without y', variant(V.noteAdd, 'note.y', DELETE)],
  ['note x as a string', variant(V.noteAdd, 'note.x', '10')],
  ['note x null', variant(V.noteAdd, 'note.x', null)],
  ['note x NaN', variant(V.noteAdd, 'note.x', NaN)],
  ['note y NaN', variant(V.noteAdd, 'note.y', NaN)],
  ['note x Infinity', variant(V.noteAdd, 'note.x', Infinity)],
  ['note x -Infinity', variant(V.noteAdd, 'note.x', -Infinity)],
  ['note y Infinity', variant(V.noteAdd, 'note.y', Infinity)],
  ['note x 1,000,001', variant(V.noteAdd, 'note.x', 1_000_001)],
  ['note y -1,000,001', variant(V.noteAdd, 'note.y', -1_000_001)],
  ['note x 1e308', variant(V.noteAdd, 'note.x', 1e308)],
  ['note x just past the bound', variant(V.noteAdd, 'note.x', 1_000_000.0001)],
  ['note text of 2,001 characters', variant(V.noteAdd, 'note.text', s(LIMITS.noteText + 1))],
  ['note text of a megabyte', variant(V.noteAdd, 'note.text', s(1 << 20))],
  ['note text as a number', variant(V.noteAdd, 'note.text', 5)],
  ['note text as an object', variant(V.noteAdd, 'note.text', { toString: 'x' })],
  ['note id of 65 characters', variant(V.noteAdd, 'note.id', s(LIMITS.idLength + 1, 'a'))],
  ['note id empty', variant(V.noteAdd, 'note.id', '')],
  ['note id all digits', variant(V.noteAdd, 'note.id', '12345')],
  ['note id with a space', variant(V.noteAdd, 'note.id', 'n 1')],
  ['note id with a dot', variant(V.noteAdd, 'note.id', 'n.1')],
  ['note id with a path', variant(V.noteAdd, 'note.id', '../etc')],
  ['note id with Japanese', variant(V.noteAdd, 'note.id', 'メモ')],
  ['note id as a number', variant(V.noteAdd, 'note.id', 7)],
  ['note colour by name', variant(V.noteAdd, 'note.color', 'red')],
  ['note colour short hex', variant(V.noteAdd, 'note.color', '#fff')],
  ['note colour with CSS', variant(V.noteAdd, 'note.color', '#ffffff;background:url(x)')],
  ['note width below the minimum', variant(V.noteAdd, 'note.width', LIMITS.minNoteSize - 1)],
  ['note height above the maximum', variant(V.noteAdd, 'note.height', LIMITS.maxNoteSize + 1)],
  ['note width NaN', variant(V.noteAdd, 'note.width', NaN)],
  ['note width negative', variant(V.noteAdd, 'note.width', -200)],
  ['note sectionId as a number', variant(V.noteAdd, 'note.sectionId', 3)],
  ['note with an authorId', variant(V.noteAdd, 'note.authorId', 'someone-else')],
  ['note with a createdAt', variant(V.noteAdd, 'note.createdAt', 0)],
  ['note with votes', variant(V.noteAdd, 'note.votes', 99)],
  // note.update
  ['note.update without id', variant(V.noteUpdate, 'id', DELETE)],
  ['note.update without patch', variant(V.noteUpdate, 'patch', DELETE)],
  ['note.update with an empty patch', variant(V.noteUpdate, 'patch', {})],
  ['note.update with patch null', variant(V.noteUpdate, 'patch', null)],
  ['note.update with patch as an array', variant(V.noteUpdate, 'patch', [{ text: 'x' }])],
  ['note.update patch with an authorId', variant(V.noteUpdate, 'patch.authorId', 'me')],
  ['note.update patch with authorName', variant(V.noteUpdate, 'patch.authorName', 'Mayor')],
  ['note.update patch with an id', variant(V.noteUpdate, 'patch.id', 'n2')],
  ['note.update patch text of 2,001 characters', variant(V.noteUpdate, 'patch.text', s(LIMITS.noteText + 1))],
  ['note.update patch x NaN', variant(V.noteUpdate, 'patch.x', NaN)],
  ['note.update patch y -Infinity', variant(V.noteUpdate, 'patch.y', -Infinity)],
  ['note.update patch x beyond the bound', variant(V.noteUpdate, 'patch.x', 2e6)],
  ['note.update patch text null', variant(V.noteUpdate, 'patch.text', null)],
  ['note.update id of 65 characters', variant(V.noteUpdate, 'id', s(65, 'a'))],
  // note.move
  ['note.move with no moves', variant(V.noteMove, 'moves', [])],
  ['note.move with 501 moves', variant(V.noteMove, 'moves', Array.from({ length: LIMITS.movesPerOp + 1 }, (_, i) => ({ id: `n${i}`, x: 0, y: 0 })))],
  ['note.move with moves as an object', variant(V.noteMove, 'moves', { id: 'n1', x: 0, y: 0 })],
  ['note.move with a move missing y', variant(V.noteMove, 'moves', [{ id: 'n1', x: 0 }])],
  ['note.move with a move with an extra key', variant(V.noteMove, 'moves', [{ id: 'n1', x: 0, y: 0, width: 10 }])],
  ['note.move with x Infinity', variant(V.noteMove, 'moves', [{ id: 'n1', x: Infinity, y: 0 }])],
  ['note.move with y NaN', variant(V.noteMove, 'moves', [{ id: 'n1', x: 0, y: NaN }])],
  ['note.move with one bad move among good ones', variant(V.noteMove, 'moves', [{ id: 'n1', x: 0, y: 0 }, { id: 'n2', x: 0, y: 1e7 }])],
  ['note.move with a null move', variant(V.noteMove, 'moves', [null])],
  // note.delete
  ['note.delete with no ids', variant(V.noteDelete, 'ids', [])],
  ['note.delete with 501 ids', variant(V.noteDelete, 'ids', Array.from({ length: LIMITS.idsPerOp + 1 }, (_, i) => `n${i}`))],
  ['note.delete with ids as a string', variant(V.noteDelete, 'ids', 'n1')],
  ['note.delete with a number id', variant(V.noteDelete, 'ids', ['n1', 2])],
  ['note.delete with nested arrays', variant(V.noteDelete, 'ids', [['n1']])],
  // section.*
  ['section.add without width', variant(V.sectionAdd, 'section.width', DELETE)],
  ['section.add wider than the maximum', variant(V.sectionAdd, 'section.width', LIMITS.maxSectionSize + 1)],
  ['section.add title of 201 characters', variant(V.sectionAdd, 'section.title', s(LIMITS.sectionTitle + 1))],
  ['section.add prompt of 1,001 characters', variant(V.sectionAdd, 'section.prompt', s(LIMITS.sectionPrompt + 1))],
  ['section.add x NaN', variant(V.sectionAdd, 'section.x', NaN)],
  ['section.add en without prompt', variant(V.sectionAdd, 'section.en', { title: 'Goal' })],
  ['section.add en with an extra key', variant(V.sectionAdd, 'section.en', { title: 'Goal', prompt: '', lang: 'en' })],
  ['section.add with an extra key', variant(V.sectionAdd, 'section.locked', true)],
  ['section.update with an empty patch', variant(V.sectionUpdate, 'patch', {})],
  ['section.update patch with an id', variant(V.sectionUpdate, 'patch.id', 's2')],
  ['section.update patch with en', variant(V.sectionUpdate, 'patch.en', { title: 'x', prompt: 'y' })],
  ['section.update patch height Infinity', variant(V.sectionUpdate, 'patch.height', Infinity)],
  ['section.delete without id', variant(V.sectionDelete, 'id', DELETE)],
  // board.update
  ['board.update title of 201 characters', variant(V.boardUpdate, 'title', s(LIMITS.boardTitle + 1))],
  ['board.update locked as a string', variant(V.boardUpdate, 'locked', 'yes')],
  ['board.update anonymous as 1', variant(V.boardUpdate, 'anonymous', 1)],
  ['board.update privateWriting (a separate op)', variant(V.boardUpdate, 'privateWriting', true)],
  ['board.update with a facilitatorKey', variant(V.boardUpdate, 'facilitatorKey', s(32))],
  // votes
  ['vote.add without noteId', variant(V.voteAdd, 'noteId', DELETE)],
  ['vote.add noteId as a number', variant(V.voteAdd, 'noteId', 1)],
  ['vote.add with a count', variant(V.voteAdd, 'count', 5)],
  ['vote.remove with noteId null', variant(V.voteRemove, 'noteId', null)],
  ['voting.start budget 0', variant(V.votingStart, 'budget', 0)],
  ['voting.start budget 21', variant(V.votingStart, 'budget', LIMITS.maxVoteBudget + 1)],
  ['voting.start budget 1.5', variant(V.votingStart, 'budget', 1.5)],
  ['voting.start budget NaN', variant(V.votingStart, 'budget', NaN)],
  ['voting.start without hidden', variant(V.votingStart, 'hidden', DELETE)],
  ['voting.start hidden as a string', variant(V.votingStart, 'hidden', 'true')],
  ['voting.start maxPerNote 0', variant(V.votingStart, 'maxPerNote', 0)],
  ['voting.start maxPerNote 21', variant(V.votingStart, 'maxPerNote', 21)],
  ['voting.end with a field', variant(V.votingEnd, 'open', false)],
  // writing, timer, focus
  ['writing.private without on', variant(V.writingPrivate, 'on', DELETE)],
  ['writing.private on as 1', variant(V.writingPrivate, 'on', 1)],
  ['timer.start 0 seconds', variant(V.timerStart, 'seconds', 0)],
  ['timer.start negative', variant(V.timerStart, 'seconds', -60)],
  ['timer.start more than a day', variant(V.timerStart, 'seconds', LIMITS.timerMaxSeconds + 1)],
  ['timer.start 1.5 seconds', variant(V.timerStart, 'seconds', 1.5)],
  ['timer.start Infinity', variant(V.timerStart, 'seconds', Infinity)],
  ['timer.start without seconds', variant(V.timerStart, 'seconds', DELETE)],
  ['timer.stop with endsAt', variant(V.timerStop, 'endsAt', 0)],
  ['focus with nothing', { opId: OP_ID, type: 'focus' }],
  ['focus with a section and a point', { ...V.focusPoint, sectionId: 's1' }],
  ['focus without zoom', variant(V.focusPoint, 'zoom', DELETE)],
  ['focus zoom 0', variant(V.focusPoint, 'zoom', 0)],
  ['focus zoom 9', variant(V.focusPoint, 'zoom', 9)],
  ['focus zoom NaN', variant(V.focusPoint, 'zoom', NaN)],
  ['focus x Infinity', variant(V.focusPoint, 'x', Infinity)],
  ['focus sectionId empty', variant(V.focusSection, 'sectionId', '')],
  ['focus with an at', variant(V.focusSection, 'at', 0)],
  // participant.update
  ['participant.update removed false', variant(V.participantRemove, 'removed', false)],
  ['participant.update name empty', variant(V.participantRename, 'name', '')],
  ['participant.update name only spaces', variant(V.participantRename, 'name', '   ')],
  ['participant.update name of 41 characters', variant(V.participantRename, 'name', s(LIMITS.displayName + 1))],
  ['participant.update role', variant(V.participantRename, 'role', 'facilitator')],
  ['participant.update without id', variant(V.participantRename, 'id', DELETE)],
  // snapshots
  ['snapshot.save without label', variant(V.snapshotSave, 'label', DELETE)],
  ['snapshot.save label of 201 characters', variant(V.snapshotSave, 'label', s(LIMITS.snapshotLabel + 1))],
  ['snapshot.save with the board inside', variant(V.snapshotSave, 'board', {})],
  ['snapshot.restore without snapshotId', variant(V.snapshotRestore, 'snapshotId', DELETE)],
  ['snapshot.restore snapshotId with a path', variant(V.snapshotRestore, 'snapshotId', '../../board')],
  ['snapshot.restore snapshotId of 65 characters', variant(V.snapshotRestore, 'snapshotId', s(65))],
  // Keys that reach for the prototype, as JSON.parse makes them: real own keys.
  ['__proto__ at the top', withRawKey(V.noteAdd, '', PROTO)],
  ['__proto__ in note', withRawKey(V.noteAdd, 'note', PROTO)],
  ['__proto__ in a patch', withRawKey(V.noteUpdate, 'patch', PROTO)],
  ['__proto__ as the whole patch', withRawKey(variant(V.noteUpdate, 'patch', { text: 'x' }) as object, 'patch', '"__proto__":{"authorId":"me"}')],
  ['__proto__ in a section', withRawKey(V.sectionAdd, 'section', PROTO)],
  ['__proto__ in a section patch', withRawKey(V.sectionUpdate, 'patch', PROTO)],
  ['__proto__ in board.update', withRawKey(V.boardUpdate, '', PROTO)],
  ['__proto__ in voting.end', withRawKey(V.votingEnd, '', PROTO)],
  ['constructor at the top', withRawKey(V.voteAdd, '', '"constructor":{"prototype":{"polluted":true}}')],
  ['constructor in a patch', withRawKey(V.noteUpdate, 'patch', '"constructor":{"prototype":{"polluted":true}}')],
  ['prototype at the top', withRawKey(V.timerStop, '', '"prototype":{"polluted":true}')],
  ['prototype in a note', withRawKey(V.noteAdd, 'note', '"prototype":{"polluted":true}')],
];

describe('[O4] ClientOp accepts every op type a client may send', () => {
  it.each(ACCEPTED)('%s', (_name, raw) => {
    const r = ClientOp.safeParse(raw);
    expect(r.success, JSON.stringify(r.error?.issues ?? []).slice(0, 300)).toBe(true);
  });

  it('covers every client op type', () => {
    const types = new Set(Object.values(V).map((v) => v.type));
    expect([...types].sort()).toEqual(
      [
        'board.update', 'focus', 'note.add', 'note.delete', 'note.move', 'note.update', 'participant.update', 'section.add', 'section.delete',
        'section.update', 'snapshot.restore', 'snapshot.save', 'timer.start', 'timer.stop', 'vote.add', 'vote.remove', 'voting.end', 'voting.start',
        'writing.private',
      ],
    );
  });

  it('a parsed op carries exactly what was sent, and a display name arrives trimmed', () => {
    expect(ClientOp.parse(V.noteAdd)).toStrictEqual(V.noteAdd);
    expect(ClientOp.parse({ ...V.participantRename, name: '  Hanako  ' })).toMatchObject({ name: 'Hanako' });
  });
});

describe('[O4] ClientOp refuses malformed payloads', () => {
  it.each(REFUSED)('%s', (_name, raw) => {
    expect(ClientOp.safeParse(raw).success).toBe(false);
    expect(Op.safeParse(raw).success).toBe(false);
  });

  it('the prototype keys are real own keys of the parsed input', () => {
    const raw = withRawKey(V.noteAdd, 'note', PROTO) as { note: object };
    expect(Object.keys(raw.note)).toContain('__proto__');
    expect(Object.getPrototypeOf(raw.note)).toBe(Object.prototype);
  });

  it('[E2] parsing them pollutes nothing', () => {
    for (const [, raw] of REFUSED) ClientOp.safeParse(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('[O4] an extra key is reported as such', () => {
    const r = ClientOp.safeParse(variant(V.noteAdd, 'note.authorId', 'x'));
    expect(r.error?.issues.some((i) => i.code === 'unrecognized_keys' || JSON.stringify(i).includes('authorId'))).toBe(true);
  });
});

describe('participant.join is a server op', () => {
  const join = { opId: OP_ID, type: 'participant.join', participant: { id: 'p1', name: '花子', affiliation: 'npo', role: 'participant' } };
  it('[O5] is refused as a client op but accepted as an op', () => {
    expect(ClientOp.safeParse(join).success).toBe(false);
    expect(Op.safeParse(join).success).toBe(true);
  });
  it.each([
    ['an unknown role', variant(join, 'participant.role', 'admin')],
    ['an unknown affiliation', variant(join, 'participant.affiliation', 'mayor')],
    ['no name', variant(join, 'participant.name', DELETE)],
    ['an extra key', variant(join, 'participant.secret', s(20))],
    ['__proto__', withRawKey(join, 'participant', PROTO)],
  ])('with %s is refused as an op too', (_name, raw) => {
    expect(Op.safeParse(raw).success).toBe(false);
  });
});

describe('OpEntry (a log line)', () => {
  const entry = { seq: 1, by: 'p1', at: 1_700_000_000_000, op: V.noteAdd };
  it('[S2] a log line parses', () => {
    expect(OpEntry.safeParse(entry).success).toBe(true);
  });
  it.each([
    ['seq 0', variant(entry, 'seq', 0)],
    ['seq 1.5', variant(entry, 'seq', 1.5)],
    ['no by', variant(entry, 'by', DELETE)],
    ['a malformed op', variant(entry, 'op.note.x', NaN)],
    ['an extra key', variant(entry, 'board', {})],
  ])('[S2] a log line with %s is refused', (_name, raw) => {
    expect(OpEntry.safeParse(raw).success).toBe(false);
  });
});

describe('[J1] JoinRequest', () => {
  const min = { boardId: 'b-abc123', name: '花子' };
  const full = { boardId: 'b-abc123', name: '花子', affiliation: 'community', participant: { id: 'p1', secret: s(32, 'k') }, facilitatorKey: s(43, 'F'), since: 12 };
  it.each([
    ['a board and a name', min],
    ['everything', full],
    ['since 0', { ...min, since: 0 }],
    ['a name of 40 characters', { ...min, name: s(40, 'あ') }],
    ['a secret of 16 and of 128 characters', { ...min, participant: { id: 'p1', secret: s(16) }, facilitatorKey: s(128) }],
    ...(['citizen', 'npo', 'community', 'company', 'government', 'school', 'other'] as const).map((a) => [`affiliation ${a}`, { ...min, affiliation: a }] as [string, unknown]),
  ])('accepts %s', (_name, raw) => {
    expect(JoinRequest.safeParse(raw).success).toBe(true);
  });

  it('trims the display name', () => {
    expect(JoinRequest.parse({ ...min, name: '  花子 ' }).name).toBe('花子');
  });

  it.each([
    ['nothing', {}],
    ['null', null],
    ['no boardId', { name: 'x' }],
    ['no name', { boardId: 'b1' }],
    ['an empty name', { ...min, name: '' }],
    ['a name of only spaces', { ...min, name: '   ' }],
    ['a name of 41 characters', { ...min, name: s(41) }],
    ['a name as a number', { ...min, name: 5 }],
    ['a boardId of 65 characters', { ...min, boardId: s(65) }],
    ['a boardId with a slash', { ...min, boardId: 'a/b' }],
    ['an unknown affiliation', { ...min, affiliation: 'mayor' }],
    ['a role', { ...min, role: 'facilitator' }],
    ['participant without a secret', { ...min, participant: { id: 'p1' } }],
    ['participant with a short secret', { ...min, participant: { id: 'p1', secret: s(15) } }],
    ['participant with a long secret', { ...min, participant: { id: 'p1', secret: s(129) } }],
    ['participant with a secret of odd characters', { ...min, participant: { id: 'p1', secret: `${s(20)}!@#` } }],
    ['participant with an extra key', { ...min, participant: { id: 'p1', secret: s(20), role: 'facilitator' } }],
    ['a facilitatorKey too short', { ...min, facilitatorKey: 'short' }],
    ['a facilitatorKey as a number', { ...min, facilitatorKey: 1234567890123456 }],
    ['since -1', { ...min, since: -1 }],
    ['since 1.5', { ...min, since: 1.5 }],
    ['since NaN', { ...min, since: NaN }],
    ['since Infinity', { ...min, since: Infinity }],
    ['since as a string', { ...min, since: '3' }],
    ['an extra key', { ...min, admin: true }],
    ['__proto__', withRawKey(min, '', PROTO)],
    ['__proto__ in participant', withRawKey({ ...min, participant: { id: 'p1', secret: s(20) } }, 'participant', PROTO)],
    ['constructor', withRawKey(min, '', '"constructor":{}')],
  ])('refuses %s', (_name, raw) => {
    expect(JoinRequest.safeParse(raw).success).toBe(false);
  });
});

describe('[P2] CursorMsg', () => {
  it.each([
    ['origin', { x: 0, y: 0 }],
    ['fractions', { x: 10.25, y: -3.5 }],
    ['the bounds', { x: 1e6, y: -1e6 }],
  ])('accepts %s', (_name, raw) => {
    expect(CursorMsg.safeParse(raw).success).toBe(true);
  });
  it.each([
    ['nothing', undefined],
    ['an array', [1, 2]],
    ['no y', { x: 0 }],
    ['strings', { x: '1', y: '2' }],
    ['NaN', { x: NaN, y: 0 }],
    ['Infinity', { x: 0, y: Infinity }],
    ['-Infinity', { x: -Infinity, y: 0 }],
    ['beyond the bound', { x: 1_000_001, y: 0 }],
    ['an id (the server sets it)', { x: 0, y: 0, id: 'someone-else' }],
    ['__proto__', withRawKey({ x: 0, y: 0 }, '', PROTO)],
  ])('refuses %s', (_name, raw) => {
    expect(CursorMsg.safeParse(raw).success).toBe(false);
  });
});

describe('[H1] CreateBoardBody', () => {
  it.each([
    ['nothing', {}],
    ['everything', { title: 'ワークショップ', template: 'blank', lang: 'en' }],
  ])('accepts %s', (_name, raw) => {
    expect(CreateBoardBody.safeParse(raw).success).toBe(true);
  });
  it.each([
    ['a title of 201 characters', { title: s(201) }],
    ['an unknown lang', { lang: 'fr' }],
    ['a template with a path', { template: '../etc/passwd' }],
    ['an extra key', { facilitatorKey: s(32) }],
    ['__proto__', withRawKey({ title: 't' }, '', PROTO)],
  ])('refuses %s', (_name, raw) => {
    expect(CreateBoardBody.safeParse(raw).success).toBe(false);
  });
});

describe('[S2] Board (the stored document)', () => {
  it('a board from the fixtures is a valid stored board', () => {
    expect(Board.safeParse(makeBoard()).success).toBe(true);
  });
  it('a stored board with NaN coordinates is refused', () => {
    const b = makeBoard();
    expect(Board.safeParse({ ...b, notes: { ...b.notes, a1: { ...b.notes.a1!, x: NaN } } }).success).toBe(false);
  });
});
