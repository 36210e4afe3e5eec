import { describe, expect, it } from 'vitest';
import { contentBounds } from '../../../client/canvas/contentBounds.js';
import { noteTextMax, textFloor, TEXT_FLOOR_LEVELS } from '../../../client/canvas/noteText.js';
import { voteButtonScale, VOTE_BUTTON_MIN_PX } from '../../../client/canvas/voteButtonScale.js';
import { VOTE_STYLE } from '../../../client/canvas/theme.js';
import { makeBoard, note, section } from '../../shared/fixtures.js';

// The pure parts of fitting a board to a screen: what the opening view shows, the smallest note
// text each zoom allows, and how much the vote buttons grow when zoomed out.

describe('what the opening view shows', () => {
  const sections = [
    section('goal', { x: 0, y: 0, width: 2000, height: 300 }),
    section('roles', { x: 0, y: 340, width: 460, height: 880 }),
    section('empty', { x: 3000, y: 3000, width: 900, height: 900 }),
  ];

  it('with no notes, every section', () => {
    expect(contentBounds(makeBoard({ sections, notes: [] }))).toStrictEqual({ x: 0, y: 0, width: 3900, height: 3900 });
  });

  it('with notes, the notes and the sections holding them as far down as their notes, not the empty ones', () => {
    const board = makeBoard({
      sections,
      notes: [note('a', 'p1', { x: 20, y: 120, sectionId: 'goal' }), note('b', 'p1', { x: 20, y: 560, sectionId: 'roles' })],
    });
    expect(contentBounds(board)).toStrictEqual({ x: 0, y: 0, width: 2000, height: 560 + 140 });
  });

  it('a note outside every section counts too', () => {
    const board = makeBoard({ sections, notes: [note('a', 'p1', { x: 5000, y: -200, sectionId: null })] });
    expect(contentBounds(board)).toStrictEqual({ x: 5000, y: -200, width: 200, height: 140 });
  });
});

describe('the smallest note text at a zoom', () => {
  it.each([
    // scale, CSS px wanted, floor in board units
    [1, 12, 14],
    [0.5, 12, 24],
    [0.364, 12, 34],
    [0.561, 20, 36],
    [0.535, 20, 38],
    [2, 20, 14],
  ] as const)('at %f for %i px: %i', (scale, px, floor) => {
    expect(textFloor(scale, px)).toBe(floor);
  });

  it('is never smaller on screen than asked, at any zoom where the levels reach', () => {
    for (let scale = 0.3; scale <= 4; scale *= 1.01)
      for (const px of [12, 20]) if (px / scale <= TEXT_FLOOR_LEVELS[TEXT_FLOOR_LEVELS.length - 1]!) expect(textFloor(scale, px) * scale).toBeGreaterThanOrEqual(px - 1e-9);
  });

  it('changes only at a few zooms, so zooming does not lay every note out again each frame', () => {
    const seen = new Set<number>();
    for (let scale = 0.3; scale <= 2; scale *= 1.005) seen.add(textFloor(scale, 12));
    expect(seen.size).toBeLessThanOrEqual(TEXT_FLOOR_LEVELS.length);
  });
});

describe('vote buttons at any zoom', () => {
  it('are at least the promised size on screen, and not enlarged where they already are', () => {
    for (let scale = 0.05; scale <= 4; scale *= 1.03) {
      const k = voteButtonScale(scale);
      expect(VOTE_STYLE.buttonRadius * 2 * k * scale).toBeGreaterThanOrEqual(VOTE_BUTTON_MIN_PX - 1e-9);
      if (VOTE_STYLE.buttonRadius * 2 * scale >= VOTE_BUTTON_MIN_PX) expect(k).toBe(1);
    }
  });
});

describe('the largest note text', () => {
  it('grows with the floor, from calm when zoomed in to large on a far screen', () => {
    const tops = [14, 20, 28, 34, 36, 44].map(noteTextMax);
    expect(tops).toStrictEqual([...tops].sort((a, b) => a - b));
    for (const [i, floor] of [14, 20, 28, 34, 36, 44].entries()) expect(tops[i]).toBeGreaterThanOrEqual(floor);
    expect(noteTextMax(14)).toBeLessThanOrEqual(26);
    expect(noteTextMax(36)).toBeGreaterThanOrEqual(44);
  });
});
