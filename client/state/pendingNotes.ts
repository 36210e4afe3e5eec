import type { ClientOp } from '../../shared/ops';

/**
 * How many notes have changes that have not reached the table: a note added and then edited
 * offline is one note waiting, not two. Ops that touch no note (votes, settings) are not counted.
 */
export function notesWaiting(ops: readonly ClientOp[]): number {
  const ids = new Set<string>();
  for (const op of ops) {
    switch (op.type) {
      case 'note.add':
        ids.add(op.note.id);
        break;
      case 'note.update':
        ids.add(op.id);
        break;
      case 'note.move':
        for (const m of op.moves) ids.add(m.id);
        break;
      case 'note.delete':
        for (const id of op.ids) ids.add(id);
        break;
      default:
        break;
    }
  }
  return ids.size;
}
