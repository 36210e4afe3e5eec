import { describe, expect, it } from 'vitest';
import { PHASES } from '../../shared/phase.js';
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

  it('[PH2] going back to ① or ② after a round ended takes its results and dots off the board', () => {
    const ended = accept(accept(votingBoard({ votes: { a1: { alice: 2 } } }), mk('voting.end', {}), FAC), mk('phase.set', { phase: 'results' }), FAC);
    expect(ended.voting.ended).toBe(true);
    for (const phase of ['private', 'reveal'] as const) {
      const back = accept(ended, mk('phase.set', { phase }), FAC);
      expect(back.voting.ended).toBe(false);
      expect(back.votes).toEqual({});
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

  it('[R1] setting the phase the board is already in returns the same board object', () => {
    const b = accept(makeBoard(), mk('phase.set', { phase: 'reveal' }), FAC);
    expect(accept(b, mk('phase.set', { phase: 'reveal' }), FAC)).toBe(b);
  });
});
