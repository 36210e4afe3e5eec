import { describe, expect, it } from 'vitest';
import { PHASES, phaseOf } from '../../shared/phase.js';
import { viewFor } from '../../shared/view.js';
import { ALICE, FAC, accept, makeBoard, mk, refuse, votingBoard } from './fixtures.js';

describe('phase.set', () => {
  it.each(PHASES)('[PH1] the facilitator sets the phase to %s and every viewer sees it', (phase) => {
    const next = accept(makeBoard(), mk('phase.set', { phase }), FAC);
    expect(next.phase).toBe(phase);
    expect(viewFor(next, ALICE).phase).toBe(phase);
  });

  it('[PH1] a board that never started a phase has none, in its view too', () => {
    expect(makeBoard().phase).toBeUndefined();
    expect('phase' in viewFor(makeBoard(), ALICE)).toBe(false);
  });

  it('[PH1][O5] a participant may not set the phase', () => {
    expect(refuse(makeBoard(), mk('phase.set', { phase: 'reveal' }), ALICE)).toBe('forbidden');
  });

  it('[PH2] going back to ① or ② after a round ended takes its results off the board, and ④ brings them back', () => {
    const ended = accept(accept(votingBoard({ votes: { a1: { alice: 2 } } }), mk('voting.end', {}), FAC), mk('phase.set', { phase: 'results' }), FAC);
    expect(ended.voting.ended).toBe(true);
    for (const phase of ['private', 'reveal'] as const) {
      const back = accept(ended, mk('phase.set', { phase }), FAC);
      expect(back.voting.ended).toBe(false);
      // The round's dots stay in the record (exports) until a new round starts.
      expect(back.votes).toEqual({ a1: { alice: 2 } });
      expect(accept(back, mk('phase.set', { phase: 'results' }), FAC).voting.ended).toBe(true);
    }
  });

  it('[PH2] moving on from results to reflect keeps the results', () => {
    const ended = accept(votingBoard({ votes: { a1: { alice: 2 } } }), mk('voting.end', {}), FAC);
    const reflect = accept(ended, mk('phase.set', { phase: 'reflect' }), FAC);
    expect(reflect.voting.ended).toBe(true);
    expect(reflect.votes).toEqual({ a1: { alice: 2 } });
  });

  it('[PH2] going back while a round is open leaves the round to voting.end', () => {
    const open = votingBoard({ votes: { a1: { alice: 1 } } });
    const back = accept(open, mk('phase.set', { phase: 'private' }), FAC);
    expect(back.voting.open).toBe(true);
    expect(back.votes).toEqual({ a1: { alice: 1 } });
  });

  it('[PH2] ④ on a board that never voted shows no results', () => {
    expect(accept(makeBoard(), mk('phase.set', { phase: 'results' }), FAC).voting.ended).toBe(false);
  });

  it.each([
    ['private writing switched on by hand', { phase: 'reveal' as const, settings: { privateWriting: true } }, 'private'],
    ['a round opened from the panel', { phase: 'reveal' as const, voting: { open: true } }, 'vote'],
    ['① whose private writing was switched off', { phase: 'private' as const }, 'reveal'],
    ['③ whose round was ended from the panel', { phase: 'vote' as const, voting: { ended: true } }, 'results'],
    ['⑤ as set', { phase: 'reflect' as const, voting: { ended: true } }, 'reflect'],
    ['no phase and nothing going on', {}, null],
  ])('[PH1] the phase every screen shows: %s', (_name, init, expected) => {
    const b = { ...makeBoard({ settings: 'settings' in init ? init.settings : {}, voting: 'voting' in init ? init.voting : {} }), ...('phase' in init ? { phase: init.phase } : {}) };
    expect(phaseOf(b)).toBe(expected);
  });

  it('[R1] setting the phase the board is already in returns the same board object', () => {
    const b = accept(makeBoard(), mk('phase.set', { phase: 'reveal' }), FAC);
    expect(accept(b, mk('phase.set', { phase: 'reveal' }), FAC)).toBe(b);
  });
});
