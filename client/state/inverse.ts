import type { Board } from '../../shared/model';
import type { OpBody } from './source';

type NotePatch = Extract<OpBody, { type: 'note.update' }>['patch'];

/**
 * The ops that take the board back from after `op` to `before`, judged by what `before` held.
 * Only note ops are undoable; anything else returns nothing to undo.
 */
export function invert(before: Board, op: OpBody): OpBody[] {
  switch (op.type) {
    case 'note.add':
      return before.notes[op.note.id] ? [] : [{ type: 'note.delete', ids: [op.note.id] }];
    case 'note.delete':
      return op.ids.flatMap((id) => {
        const n = before.notes[id];
        if (!n) return [];
        const note = { id: n.id, text: n.text, x: n.x, y: n.y, color: n.color, width: n.width, height: n.height };
        return [{ type: 'note.add', note } as OpBody];
      });
    case 'note.update': {
      const n = before.notes[op.id];
      if (!n) return [];
      const patch: NotePatch = {};
      const p = op.patch;
      if (p.text !== undefined) patch.text = n.text;
      if (p.color !== undefined) patch.color = n.color;
      if (p.x !== undefined) patch.x = n.x;
      if (p.y !== undefined) patch.y = n.y;
      if (p.width !== undefined) patch.width = n.width;
      if (p.height !== undefined) patch.height = n.height;
      return Object.keys(patch).length ? [{ type: 'note.update', id: op.id, patch }] : [];
    }
    case 'note.move': {
      const moves = op.moves.flatMap((m) => {
        const n = before.notes[m.id];
        return n ? [{ id: n.id, x: n.x, y: n.y }] : [];
      });
      return moves.length ? [{ type: 'note.move', moves }] : [];
    }
    default:
      return [];
  }
}
