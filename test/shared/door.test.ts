import { describe, expect, it } from 'vitest';
import { codeAdmits } from '../../shared/door.js';
import { Board } from '../../shared/model.js';
import { JoinRequest } from '../../shared/protocol.js';
import { applyOp } from '../../shared/reducer.js';
import { doorTokenFromHash, withDoorToken } from '../../client/net/door.js';
import { joinRequest } from '../../client/net/entries.js';
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

describe('the door token in a join request (DR3)', () => {
  const boardId = 'bAbCdEfGhIjKlMnOpQrStUv';
  const token = 'T0kEn_-abcdefghijklmnop';

  it('[DR3] only a join that makes a new identity carries it; the wall never does', () => {
    const info = { boardId, name: '遅れて来た人', door: token };
    expect(joinRequest(info, null, undefined)).toMatchObject({ door: token });
    expect(JoinRequest.safeParse(joinRequest(info, null, undefined)).success).toBe(true);
    const back = joinRequest(info, { id: 'p1234567890abcdef', secret: 's'.repeat(32), role: 'participant' }, 3);
    expect(back).not.toHaveProperty('door');
    expect(joinRequest({ ...info, projector: true }, null, undefined)).not.toHaveProperty('door');
  });

  it('[DR3] the fragment gives it; anything not shaped like one is ignored', () => {
    expect(doorTokenFromHash(`#door=${token}`)).toBe(token);
    expect(doorTokenFromHash(`#key=abc&door=${token}`)).toBe(token);
    expect(doorTokenFromHash('#door=short')).toBeNull();
    expect(doorTokenFromHash('#door=<script>')).toBeNull();
    expect(withDoorToken('http://h/j/123456', token)).toBe(`http://h/j/123456#door=${token}`);
    expect(withDoorToken('http://h/j/123456', null)).toBe('http://h/j/123456');
  });
});
