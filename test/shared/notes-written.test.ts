import { describe, expect, it } from 'vitest';
import { applyOps, type OpItem } from '../../shared/reducer.js';
import { ALICE, T0, votingBoard } from './fixtures.js';

// A batch tells which notes it wrote, so the client compares only those after a rebuild.

describe('applyOps notesWritten', () => {
  it('lists the notes moved, added and deleted', () => {
    const board = votingBoard();
    const [first, second] = Object.keys(board.notes);
    const ctx = { actor: ALICE, at: T0 + 1, trusted: true };
    const items: OpItem[] = [
      { op: { opId: 'op_move_1', type: 'note.move', moves: [{ id: first!, x: 900, y: 900 }] }, ctx },
      { op: { opId: 'op_add_01', type: 'note.add', note: { id: 'n_added', text: 'x', x: 1, y: 1 } }, ctx },
      { op: { opId: 'op_del_01', type: 'note.delete', ids: [second!] }, ctx },
    ];
    const r = applyOps(board, items);
    expect(r.refused).toEqual([]);
    expect([...r.notesWritten!].sort()).toEqual([first!, second!, 'n_added'].sort());
  });

  it('a batch that leaves the notes alone wrote none', () => {
    const board = votingBoard();
    const r = applyOps(board, []);
    expect(r.notesWritten).toEqual(new Set());
  });
});
