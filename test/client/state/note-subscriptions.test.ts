import { describe, expect, it } from 'vitest';
import { applyOp } from '../../../shared/reducer.js';
import type { Board } from '../../../shared/model.js';
import type { Op } from '../../../shared/ops.js';
import { Store } from '../../../client/state/store.js';
import { BoardFeed } from '../../../client/state/boardFeed.js';
import { noteIdsOf, noteSubscriptions } from '../../../client/state/noteStore.js';
import { stabilizeBoard } from '../../../client/net/stabilize.js';
import { ALICE, BOB, FAC, T0, mk, votingBoard } from '../../shared/fixtures.js';

// A note on the canvas listens to its own note and its own dots. It must hear every change of
// them (or it shows a stale note) and, on a board of thousands, nothing else.

function setup() {
  const store = new Store<Board | null>(votingBoard());
  const subs = noteSubscriptions(store);
  const heard: string[] = [];
  const off = [
    subs.note('a1', () => heard.push('note a1')),
    subs.note('a2', () => heard.push('note a2')),
    subs.note('b1', () => heard.push('note b1')),
    subs.votesOf('a1', () => heard.push('votes a1')),
    subs.votesOf('b1', () => heard.push('votes b1')),
  ];
  const apply = (op: Op, actor = ALICE) => {
    const r = applyOp(store.get()!, op, { actor, at: T0 + 5 });
    if (!r.ok) throw new Error(r.error.message);
    store.set(stabilizeBoard(store.get(), r.board));
  };
  return { store, subs, heard, off, apply };
}

describe('per-note subscriptions', () => {
  it('a move tells only the moved note', () => {
    const { heard, apply } = setup();
    apply(mk('note.move', { moves: [{ id: 'a2', x: 10, y: 10 }] }));
    expect(heard).toEqual(['note a2']);
  });

  it('an edit, a delete and an add each tell the notes they touch', () => {
    const { heard, apply, subs } = setup();
    subs.note('n_new', () => heard.push('note n_new'));
    apply(mk('note.update', { id: 'a1', patch: { text: '新しい文' } }));
    apply(mk('note.delete', { ids: ['b1'] }), BOB);
    apply(mk('note.add', { note: { id: 'n_new', text: 'x', x: 0, y: 0 } }));
    expect(heard).toEqual(['note a1', 'note b1', 'note n_new']);
  });

  it('a vote tells that note’s dots, not the note nor the others', () => {
    const { heard, apply } = setup();
    apply(mk('vote.add', { noteId: 'b1' }));
    apply(mk('vote.add', { noteId: 'b1' }), BOB);
    expect(heard).toEqual(['votes b1', 'votes b1']);
  });

  it('a change elsewhere on the board (title, voting) tells no note', () => {
    const { heard, apply } = setup();
    apply(mk('board.update', { title: '別の題' }), FAC);
    apply(mk('voting.end', {}), FAC);
    expect(heard).toEqual([]);
  });

  it('a rebuilt board with equal notes tells nobody; a whole new board tells everyone whose note differs', () => {
    const { heard, store } = setup();
    store.set(stabilizeBoard(store.get(), structuredClone(store.get()!)));
    expect(heard).toEqual([]);
    store.set(null);
    expect(heard.sort()).toEqual(['note a1', 'note a2', 'note b1']);
  });

  it('an unsubscribed listener is not told, and the last one leaves the board store alone', () => {
    const { heard, apply, off, store } = setup();
    off[1]!();
    apply(mk('note.move', { moves: [{ id: 'a2', x: 5, y: 5 }] }));
    expect(heard).toEqual([]);
    for (const o of off) o();
    let calls = 0;
    const count = store.subscribe(() => calls++);
    apply(mk('note.move', { moves: [{ id: 'a1', x: 5, y: 5 }] }));
    expect(calls).toBe(1);
    count();
    // Subscribing again starts from the board as it is now.
    const subs = noteSubscriptions(store);
    subs.note('a1', () => heard.push('again a1'));
    apply(mk('note.move', { moves: [{ id: 'a2', x: 6, y: 6 }] }));
    apply(mk('note.move', { moves: [{ id: 'a1', x: 6, y: 6 }] }));
    expect(heard).toEqual(['again a1']);
  });
});

/** A feed showing the voting board, with a listener on every note that says which one it heard. */
function feedWithListeners() {
  const prev = votingBoard();
  const feed = new BoardFeed();
  feed.publish(prev, null);
  const subs = noteSubscriptions(feed);
  const heard: string[] = [];
  const ids = Object.keys(prev.notes);
  ids.forEach((id) => subs.note(id, () => heard.push(id)));
  return { prev, feed, heard, ids };
}

describe('the change feed', () => {
  it('listeners of the notes a change names are told, and the ids array is kept while no note comes or goes', () => {
    const { prev, feed, heard, ids } = feedWithListeners();
    const before = noteIdsOf(prev, feed.change());
    // Two notes are other objects, but the change names one: only its listener is asked.
    const moved = { ...prev, notes: { ...prev.notes, [ids[0]!]: { ...prev.notes[ids[0]!]!, x: 999 }, [ids[2]!]: { ...prev.notes[ids[2]!]! } } };
    feed.publish(moved, new Set([ids[0]!]));
    expect(heard).toEqual([ids[0]]);
    expect(noteIdsOf(moved, feed.change())).toBe(before);
    const { [ids[1]!]: _gone, ...rest } = moved.notes;
    const readded = { ...moved, notes: { ...rest, [ids[1]!]: { ...moved.notes[ids[1]!]!, createdAt: T0 + 99 } } };
    feed.publish(readded, new Set([ids[1]!]));
    expect(noteIdsOf(readded, feed.change())).toEqual([...ids.filter((id) => id !== ids[1]), ids[1]]);
  });

  it('a change that cannot name its notes (a whole board from the server) makes every note compared', () => {
    const { prev, feed, heard, ids } = feedWithListeners();
    feed.publish({ ...prev, notes: { ...prev.notes, [ids[0]!]: { ...prev.notes[ids[0]!]! }, [ids[2]!]: { ...prev.notes[ids[2]!]! } } }, null);
    expect(feed.change().notes).toBe('all');
    expect(heard.sort()).toEqual([ids[0], ids[2]].sort());
  });
});
