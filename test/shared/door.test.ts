import { describe, expect, it } from 'vitest';
import { codeAdmits } from '../../shared/door.js';
import { Board } from '../../shared/model.js';
import { applyOp } from '../../shared/reducer.js';
import { ALICE, FAC, accept, makeBoard, mk } from './fixtures.js';

describe('the door setting (DR1)', () => {
  it('[DR1] a board saved before the door existed parses and admits by code', () => {
    const old = makeBoard();
    expect('door' in old.settings).toBe(false);
    expect(Board.safeParse(old).success).toBe(true);
    expect(codeAdmits(old)).toBe(true);
  });

  it('[DR1][R1] the facilitator sets it; the same value again is the same board', () => {
    const next = accept(makeBoard(), mk('board.update', { door: 'onStart' }), FAC);
    expect(next.settings.door).toBe('onStart');
    expect(Board.safeParse(next).success).toBe(true);
    const res = applyOp(next, mk('board.update', { door: 'onStart' }), { actor: FAC, at: 1 });
    expect(res.ok && res.board).toBe(next);
    // Other board.update fields leave it as it is.
    expect(accept(next, mk('board.update', { locked: true }), FAC).settings.door).toBe('onStart');
  });

  it('[DR1][O5] a participant may not change it', () => {
    const res = applyOp(makeBoard(), mk('board.update', { door: 'closed' }), { actor: ALICE, at: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('[DR1] onStart admits until the workshop starts, closed never, open always', () => {
    const b = (door: 'open' | 'onStart' | 'closed', extra: Partial<Board> = {}) => {
      const base = makeBoard();
      return { ...base, ...extra, settings: { ...base.settings, ...(extra.settings ?? {}), door } };
    };
    expect(codeAdmits(b('onStart'))).toBe(true);
    expect(codeAdmits(b('onStart', { phase: 'private' }))).toBe(false);
    expect(codeAdmits(b('onStart', { phase: 'reflect' }))).toBe(false);
    const base = makeBoard();
    expect(codeAdmits(b('onStart', { settings: { ...base.settings, privateWriting: true } }))).toBe(false);
    expect(codeAdmits(b('onStart', { voting: { ...base.voting, open: true } }))).toBe(false);
    expect(codeAdmits(b('closed'))).toBe(false);
    expect(codeAdmits(b('open', { phase: 'vote' }))).toBe(true);
  });

  it('[DR1] a door mode outside the three is invalid', () => {
    const base = makeBoard();
    expect(Board.safeParse({ ...base, settings: { ...base.settings, door: 'ajar' } }).success).toBe(false);
  });
});
