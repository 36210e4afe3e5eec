import type { Board } from '../../shared/model.js';
import { applyOp, withSeq } from '../../shared/reducer.js';
import { boardFromView, type BoardView, type EntryView } from '../../shared/view.js';

/** What a client would hold: the join view plus every confirmed op applied in seq order. */
export function replay(view: BoardView, entries: EntryView[]): Board {
  let board = boardFromView(view);
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (e.seq <= board.seq) continue;
    if (e.seq !== board.seq + 1) throw new Error(`gap: ${board.seq} → ${e.seq}`);
    if (e.op) {
      const res = applyOp(board, e.op, { actor: { id: e.by, role: 'facilitator' }, at: e.at, trusted: true });
      if (!res.ok) throw new Error(`confirmed op refused locally: ${res.error.message}`);
      board = res.board;
    }
    board = withSeq(board, e.seq);
  }
  return board;
}

/** The parts of a board that every viewer should agree on (presence order aside). */
export const notesOf = (b: Board) =>
  Object.values(b.notes)
    .map((n) => ({ id: n.id, text: n.text, x: n.x, y: n.y, color: n.color, width: n.width, height: n.height }))
    .sort((a, b) => a.id.localeCompare(b.id));
