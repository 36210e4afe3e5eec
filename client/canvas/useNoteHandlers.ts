import { useMemo } from 'react';
import type { Konva } from './konva';
import type { BoardContextValue } from '../state/hooks';
import { DragSession } from './dragSession';
import { DragLift } from './dragLift';
import type { NoteHandlers } from './NoteNode';
import { throttle } from './throttle';
import { castVote } from '../state/votes';

/** Others see a dragged note move at this rate; the final position is always sent at drag end. */
const LIVE_MOVE_MS = 80;

/** Selecting, editing and dragging notes; returns stable handlers so NoteNode can stay memoised. */
export function useNoteHandlers(
  { source, actions, ui }: BoardContextValue,
  dragLayer?: { readonly current: Konva.Layer | null },
): { handlers: NoteHandlers; session: DragSession } {
  return useMemo(() => {
    const session = new DragSession();
    const lift = new DragLift(() => dragLayer?.current ?? null);
    const sendLive = throttle((moves: { id: string; x: number; y: number }[]) => actions.moveLive(moves), LIVE_MOVE_MS);

    const handlers: NoteHandlers = {
      press(id, additive) {
        if (additive) ui.toggle(id);
        else if (!ui.selection.get().has(id)) ui.select([id]);
      },
      // Pressing a note that is part of a selection keeps the selection (to drag it all);
      // a click that did not become a drag narrows it to that note.
      click(id, additive) {
        if (!additive) ui.select([id]);
      },
      edit(id) {
        ui.select([id]);
        ui.editing.set(id);
      },
      dragStart(id, node) {
        const board = source.board.get();
        if (!board) return;
        const selected = ui.selection.get();
        if (!selected.has(id)) ui.select([id]);
        const ids = selected.has(id) ? [...selected] : [id];
        session.begin(id, ids, board);
        if (session.active) lift.lift(node, session.ids());
      },
      dragMove(id, node) {
        if (!session.active) return;
        const positions = session.moveAnchor(node.position());
        const layer = node.getLayer();
        for (const [other, p] of positions) {
          if (other === id) continue;
          layer?.findOne(`#${other}`)?.position(p);
        }
        sendLive([...positions].map(([nid, p]) => ({ id: nid, ...p })));
      },
      vote(id, remove) {
        castVote(source, ui, id, remove);
      },
      dragEnd(_id: string, node: Konva.Node) {
        lift.drop();
        if (!session.active) return;
        sendLive.cancel();
        const ids = session.ids();
        const { moves, before } = session.end();
        if (moves.length && before) actions.commitMove(moves, before);
        // A refused move leaves React's props unchanged, so put the nodes back where the state says.
        const notes = source.board.get()?.notes ?? {};
        const layer = node.getLayer();
        for (const nid of ids) {
          const n = notes[nid];
          if (n) layer?.findOne(`#${nid}`)?.position({ x: n.x, y: n.y });
        }
      },
    };
    return { handlers, session };
  }, [source, actions, ui, dragLayer]);
}
