import { describe, expect, it } from 'vitest';
import { spreadPiles } from '../../../client/ui/records/imageLayout.js';

const n = (id: string, x: number, y: number) => ({ id, x, y, width: 200, height: 140 });
const overlap = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.max(0, 200 - Math.abs(a.x - b.x)) * Math.max(0, 140 - Math.abs(a.y - b.y));

describe('the picture of a board never piles one note on another', () => {
  it('leaves notes apart where they are', () => {
    expect(spreadPiles([n('a', 0, 0), n('b', 220, 0), n('c', 0, 160)]).size).toBe(0);
  });

  it('leaves a small overlap as people arranged it', () => {
    expect(spreadPiles([n('a', 0, 0), n('b', 170, 20)]).size).toBe(0);
  });

  it('moves a note that lies on another to the nearest free place, and keeps the one underneath', () => {
    const moved = spreadPiles([n('under', 0, 0), n('over', 0, 0)]);
    expect([...moved.keys()]).toStrictEqual(['over']);
    const p = moved.get('over')!;
    expect(overlap(p, { x: 0, y: 0 })).toBe(0);
    // Nearest: straight below or beside, not far away.
    expect(Math.hypot(p.x, p.y)).toBeLessThanOrEqual(260);
  });

  it('spreads a pile of five so that none overlaps another', () => {
    const notes = ['a', 'b', 'c', 'd', 'e'].map((id) => n(id, 1000, 1000));
    const moved = spreadPiles(notes);
    const at = notes.map((x) => moved.get(x.id) ?? x);
    for (let i = 0; i < at.length; i++) for (let j = i + 1; j < at.length; j++) expect(overlap(at[i]!, at[j]!)).toBe(0);
  });
});
