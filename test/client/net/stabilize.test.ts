import { describe, expect, it } from 'vitest';
import { stabilizeBoard, stabilizeRecord } from '../../../client/net/stabilize.js';
import { copyRecord } from '../../../shared/draft.js';
import { votingBoard } from '../../shared/fixtures.js';

// A rebuild re-creates notes that equal what is shown; stabilizing puts the shown objects back.
// Written in place only when the caller says the record is its own.

describe('stabilizeRecord', () => {
  const a = { id: 'a', x: 1 };
  const b = { id: 'b', x: 2 };

  it('copies a record it does not own before putting equal values back', () => {
    const prev = { a, b };
    const next = { a: { ...a }, b: { id: 'b', x: 3 } };
    const out = stabilizeRecord(prev, next);
    expect(out).not.toBe(next);
    expect(out.a).toBe(a);
    expect(next.a).not.toBe(a);
    expect(out.b).toBe(next.b);
  });

  it('writes an owned record in place', () => {
    const prev = { a, b };
    const next = { a: { ...a }, b: { id: 'b', x: 3 } };
    const out = stabilizeRecord(prev, next, true);
    expect(out).toBe(next);
    expect(out.a).toBe(a);
    expect(prev).toEqual({ a, b });
  });

  it('gives back the previous record when every value and key is the same', () => {
    const prev = { a, b };
    expect(stabilizeRecord(prev, { a: { ...a }, b }, true)).toBe(prev);
    expect(stabilizeRecord(prev, { a: { ...a }, b })).toBe(prev);
  });
});

describe('stabilizeBoard', () => {
  it('writes only the records the caller owns', () => {
    const prev = votingBoard();
    const notes = { ...prev.notes };
    const id = Object.keys(notes)[0]!;
    notes[id] = { ...notes[id]! };
    const other = Object.keys(notes)[1]!;
    notes[other] = { ...notes[other]!, x: notes[other]!.x + 10 };
    const next = { ...prev, notes };
    const out = stabilizeBoard(prev, next, (r) => r === notes);
    expect(out.notes).toBe(notes);
    expect(out.notes[id]).toBe(prev.notes[id]);
    expect(out.notes[other]).not.toBe(prev.notes[other]);
  });
});

describe('copyRecord', () => {
  it('copies own keys in order, a "__proto__" id as an ordinary key', () => {
    const src = JSON.parse('{"b":1,"__proto__":2,"a":3}') as Record<string, number>;
    const out = copyRecord(src);
    expect(out).not.toBe(src);
    expect(Object.keys(out)).toEqual(['b', '__proto__', 'a']);
    expect(out['__proto__']).toBe(2);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out).toEqual({ ...src });
  });
});

describe('stabilizeRecord with the keys that may differ', () => {
  const a = { id: 'a', x: 1 };
  const b = { id: 'b', x: 2 };
  const c = { id: 'c', x: 3 };

  it('compares only those keys', () => {
    const prev = { a, b, c };
    const next = { a: { ...a }, b: { id: 'b', x: 5 }, c };
    const out = stabilizeRecord(prev, next, true, new Set(['a', 'b']));
    expect(out).toBe(next);
    expect(out.a).toBe(a);
    expect(out.b).toEqual({ id: 'b', x: 5 });
  });

  it('gives back the previous record when none of them differs', () => {
    const prev = { a, b, c };
    expect(stabilizeRecord(prev, { a: { ...a }, b, c }, false, new Set(['a']))).toBe(prev);
  });

  it('an added or a deleted key is a difference', () => {
    const prev = { a, b };
    const added = { a, b, c };
    expect(stabilizeRecord(prev, added, false, new Set(['c']))).toBe(added);
    const deleted = { a };
    expect(stabilizeRecord(prev, deleted, false, new Set(['b']))).toBe(deleted);
  });
});
