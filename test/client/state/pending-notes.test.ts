import { describe, expect, it } from 'vitest';
import type { ClientOp } from '../../../shared/ops.js';
import { notesWaiting } from '../../../client/state/pendingNotes.js';

const add = (id: string): ClientOp => ({ opId: `a_${id}`, type: 'note.add', note: { id, text: '', x: 0, y: 0 } });
const edit = (id: string): ClientOp => ({ opId: `e_${id}`, type: 'note.update', id, patch: { text: '書いた' } });

describe('[M4] the notes waiting behind pending ops', () => {
  it.each<[string, ClientOp[], number]>([
    ['nothing pending', [], 0],
    ['one note added then edited', [add('n1'), edit('n1')], 1],
    ['two notes, one moved twice', [add('n1'), add('n2'), { opId: 'm1', type: 'note.move', moves: [{ id: 'n2', x: 1, y: 1 }] }, { opId: 'm2', type: 'note.move', moves: [{ id: 'n2', x: 2, y: 2 }] }], 2],
    ['a delete of three notes', [{ opId: 'd', type: 'note.delete', ids: ['a', 'b', 'c'] }], 3],
    ['votes touch no note', [{ opId: 'v', type: 'vote.add', noteId: 'n1' }], 0],
  ])('%s', (_, ops, n) => {
    expect(notesWaiting(ops)).toBe(n);
  });
});
