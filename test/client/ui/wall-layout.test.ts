import { describe, expect, it } from 'vitest';
import { cardPlacement } from '../../../client/ui/present/cardPlacement.js';
import { linkParts } from '../../../client/ui/present/useWallJoin.js';
import { sessionStarted } from '../../../client/ui/present/started.js';
import { makeBoard, note } from '../../shared/fixtures.js';

describe('the wall before and after the start', () => {
  it('sessionStarted: not before anything happened; a template’s example notes do not count', () => {
    expect(sessionStarted(makeBoard({ notes: [] }))).toBe(false);
    expect(sessionStarted(makeBoard({ notes: [note('t_1', 'template')] }))).toBe(false);
  });

  it('sessionStarted: private writing, a vote open or ended, or somebody’s note', () => {
    expect(sessionStarted(makeBoard({ notes: [], settings: { privateWriting: true } }))).toBe(true);
    expect(sessionStarted(makeBoard({ notes: [], voting: { open: true } }))).toBe(true);
    expect(sessionStarted(makeBoard({ notes: [], voting: { ended: true } }))).toBe(true);
    expect(sessionStarted(makeBoard({ notes: [note('t_1', 'template'), note('a1', 'alice')] }))).toBe(true);
  });

  it('cardPlacement: a wide board gets the band below, a square or tall one the column beside', () => {
    const wall = { width: 1920, height: 1080, left: 380 };
    expect(cardPlacement(4, wall)).toBe('bottom');
    expect(cardPlacement(1, wall)).toBe('side');
    expect(cardPlacement(0.5, wall)).toBe('side');
    expect(cardPlacement(null, wall)).toBe('side');
  });

  it('linkParts: the link is printed without its scheme, broken only between its parts', () => {
    expect(linkParts('http://192.168.1.20:3000/j/123456')).toEqual(['192.168.1.20:3000', '/j', '/123456']);
    expect(linkParts('http://192.168.1.20:3000/j/123456').join('')).toBe('192.168.1.20:3000/j/123456');
  });
});
