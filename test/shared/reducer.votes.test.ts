import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/model.js';
import type { Op } from '../../shared/ops.js';
import { tally, votesUsedBy } from '../../shared/reduce-votes.js';
import { ALICE, BOB, FAC, accept, makeBoard, mk, refuse, replay, votingBoard } from './fixtures.js';

const add = (noteId: string) => mk('vote.add', { noteId });
const remove = (noteId: string) => mk('vote.remove', { noteId });

describe('voting.start', () => {
  it('[V2] opens a round with the budget, secrecy and per-note cap', () => {
    const next = accept(makeBoard(), mk('voting.start', { budget: 5, hidden: true, maxPerNote: 2 }), FAC);
    expect(next.voting).toStrictEqual({ open: true, budget: 5, maxPerNote: 2, hidden: true, ended: false });
  });

  it.each([
    ['no cap given: the cap is the budget', { budget: 4, hidden: false }, 4],
    ['a cap above the budget is lowered to it', { budget: 2, hidden: false, maxPerNote: 10 }, 2],
    ['a cap of one', { budget: 3, hidden: false, maxPerNote: 1 }, 1],
  ])('%s', (_name, fields, cap) => {
    expect(accept(makeBoard(), mk('voting.start', fields), FAC).voting.maxPerNote).toBe(cap);
  });

  it('a new round starts from no votes, even over an ended one', () => {
    const ended = makeBoard({ voting: { open: false, ended: true }, votes: { a1: { alice: 2 } } });
    const next = accept(ended, mk('voting.start', { budget: 3, hidden: false }), FAC);
    expect(next.votes).toStrictEqual({});
    expect(next.voting.ended).toBe(false);
  });
});

describe('vote.add / vote.remove', () => {
  it('[V2] a vote is counted for the voter on the note', () => {
    const next = accept(votingBoard(), add('b1'), ALICE);
    expect(next.votes).toStrictEqual({ b1: { alice: 1 } });
    expect(tally(next, 'b1')).toBe(1);
    expect(votesUsedBy(next, 'alice')).toBe(1);
  });

  it('several voters on one note add up', () => {
    const b = replay(votingBoard(), [[add('b1'), ALICE], [add('b1'), BOB], [add('b1'), ALICE], [add('b1'), FAC]]);
    expect(b.votes.b1).toStrictEqual({ alice: 2, bob: 1, fac: 1 });
    expect(tally(b, 'b1')).toBe(4);
  });

  it('[R3] votes up to the budget are accepted, one more is refused with limit', () => {
    const spent = replay(votingBoard(), [[add('a1'), ALICE], [add('a2'), ALICE], [add('b1'), ALICE]]);
    expect(votesUsedBy(spent, 'alice')).toBe(3);
    expect(refuse(spent, add('a1'), ALICE)).toBe('limit');
    // Another voter has their own budget.
    accept(spent, add('a1'), BOB);
  });

  it('[R3] votes on one note up to maxPerNote are accepted, one more is refused with limit', () => {
    const capped = replay(votingBoard(), [[add('b1'), ALICE], [add('b1'), ALICE]]);
    expect(refuse(capped, add('b1'), ALICE)).toBe('limit');
    accept(capped, add('a1'), ALICE);
  });

  it('[R3] the facilitator has a budget like everyone', () => {
    const spent = votingBoard({ votes: { a1: { fac: 2 }, a2: { fac: 1 } } });
    expect(refuse(spent, add('b1'), FAC)).toBe('limit');
  });

  it('removing a vote gives it back to the budget', () => {
    const spent = replay(votingBoard(), [[add('a1'), ALICE], [add('a2'), ALICE], [add('b1'), ALICE]]);
    const back = accept(spent, remove('a1'), ALICE);
    expect(votesUsedBy(back, 'alice')).toBe(2);
    accept(back, add('b1'), ALICE);
  });

  it('removing one of two dots leaves one; removing the last leaves no trace of the note', () => {
    const two = votingBoard({ votes: { b1: { alice: 2 } } });
    const one = accept(two, remove('b1'), ALICE);
    expect(one.votes).toStrictEqual({ b1: { alice: 1 } });
    const none = accept(one, remove('b1'), ALICE);
    expect(none.votes).toStrictEqual({});
  });

  it('removing one’s last vote leaves others’ votes on the note', () => {
    const b = votingBoard({ votes: { b1: { alice: 1, bob: 1 } } });
    expect(accept(b, remove('b1'), ALICE).votes).toStrictEqual({ b1: { bob: 1 } });
  });

  it('[R4] removing a vote one does not have is refused with not_found, even if others voted', () => {
    expect(refuse(votingBoard({ votes: { b1: { bob: 1 } } }), remove('b1'), ALICE)).toBe('not_found');
  });

  it('[R4] a vote on an unknown note is refused with not_found', () => {
    expect(refuse(votingBoard(), add('nope'), ALICE)).toBe('not_found');
  });

  it('other notes’ vote records keep their identity', () => {
    const b = votingBoard({ votes: { a1: { bob: 1 } } });
    expect(accept(b, add('b1'), ALICE).votes.a1).toBe(b.votes.a1);
  });
});

describe('voting.end', () => {
  it('closes the round and keeps the votes for the results', () => {
    const b = votingBoard({ votes: { b1: { alice: 2 } } });
    const next = accept(b, mk('voting.end', {}), FAC);
    expect(next.voting).toMatchObject({ open: false, ended: true });
    expect(next.votes).toBe(b.votes);
  });
});

describe('voting not open', () => {
  const boards: [string, () => Board][] = [
    ['before any round', () => makeBoard({ votes: {} })],
    ['after the round ended', () => makeBoard({ voting: { open: false, ended: true }, votes: { b1: { alice: 1 } } })],
  ];
  const ops: [string, Op, typeof ALICE][] = [
    ['vote.add', add('b1'), ALICE],
    ['vote.remove', remove('b1'), ALICE],
    ['vote.add by the facilitator', add('b1'), FAC],
    ['voting.end', mk('voting.end', {}), FAC],
  ];
  const table = boards.flatMap(([when, board]) => ops.map(([name, op, actor]) => [name, when, board, op, actor] as const));
  it.each(table)('%s %s is refused with conflict', (_name, _when, board, op, actor) => {
    expect(refuse(board(), op, actor)).toBe('conflict');
  });
});

describe('[O5] a locked board refuses participants’ votes', () => {
  const locked = () => votingBoard({ settings: { locked: true }, votes: { b1: { alice: 1, fac: 1 } } });
  it.each([
    ['vote.add', add('a1')],
    ['vote.remove', remove('b1')],
  ])('%s by a participant is refused with locked', (_name, op) => {
    expect(refuse(locked(), op, ALICE)).toBe('locked');
  });
  it.each([
    ['vote.add', add('a1')],
    ['vote.remove', remove('b1')],
  ])('%s by the facilitator is accepted', (_name, op) => {
    accept(locked(), op, FAC);
  });
  it.each([
    ['voting.start', mk('voting.start', { budget: 2, hidden: false })],
    ['voting.end', mk('voting.end', {})],
  ])('%s by the facilitator on a locked board is accepted', (_name, op) => {
    accept(locked(), op, FAC);
  });
});
