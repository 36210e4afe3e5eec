import { describe, expect, it } from 'vitest';
import { chunkIds, type Chunk } from '../../../client/canvas/noteChunks.js';

// The canvas renders notes in chunks; a note must keep its chunk (its React key path, so its
// Konva node is not remade) across the ways a board changes, and the chunks must always list
// exactly the board's notes in order.

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `n${from + i}`);
const flat = (cs: readonly Chunk[]) => cs.flatMap((c) => c.ids);
const chunkOf = (cs: readonly Chunk[], id: string) => cs.find((c) => c.ids.includes(id))?.key;

describe('note chunks', () => {
  it('splits in order, in chunks of at most the size', () => {
    const cs = chunkIds([], ids(10), 4);
    expect(cs.map((c) => c.ids.length)).toEqual([4, 4, 2]);
    expect(flat(cs)).toEqual(ids(10));
    expect(new Set(cs.map((c) => c.key)).size).toBe(3);
  });

  it('returns the same chunk objects when nothing changed', () => {
    const a = chunkIds([], ids(10), 4);
    const b = chunkIds(a, ids(10), 4);
    b.forEach((c, i) => expect(c).toBe(a[i]));
  });

  it('a deleted note leaves every other note in its chunk', () => {
    const a = chunkIds([], ids(10), 4);
    const next = ids(10).filter((id) => id !== 'n1');
    const b = chunkIds(a, next, 4);
    expect(flat(b)).toEqual(next);
    for (const id of next) expect(chunkOf(b, id)).toBe(chunkOf(a, id));
    expect(b[1]).toBe(a[1]);
  });

  it('added notes fill the last chunk, then new ones; a note deleted and added again goes to the end', () => {
    const a = chunkIds([], ids(6), 4);
    const b = chunkIds(a, ids(11), 4);
    expect(flat(b)).toEqual(ids(11));
    expect(b.map((c) => c.ids.length)).toEqual([4, 4, 3]);
    for (const id of ids(6)) expect(chunkOf(b, id)).toBe(chunkOf(a, id));
    const back = [...ids(11).filter((id) => id !== 'n0'), 'n0'];
    const c = chunkIds(chunkIds(b, ids(11).slice(1), 4), back, 4);
    expect(flat(c)).toEqual(back);
    expect(new Set(c.map((x) => x.key)).size).toBe(c.length);
  });

  it('another order chunks afresh', () => {
    const a = chunkIds([], ids(8), 4);
    const order = [...ids(8)].reverse();
    const b = chunkIds(a, order, 4);
    expect(flat(b)).toEqual(order);
    expect(chunkIds(b, [], 4)).toEqual([]);
  });
});
