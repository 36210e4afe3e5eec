import type { KonvaEventObject } from 'konva/lib/Node';
import type { Konva } from './konva';
import type { NoteHandlers } from './noteContext';

type Pointer = KonvaEventObject<MouseEvent>;
type Touch = KonvaEventObject<TouchEvent>;
type Drag = KonvaEventObject<DragEvent>;

/** The note a pointer event happened on: the `note` group at or above the target, below the layer. */
function noteOf(target: Konva.Node): Konva.Node | null {
  for (let n: Konva.Node | null = target; n && n.nodeType !== 'Layer'; n = n.getParent()) if (n.hasName('note')) return n;
  return null;
}

const additive = (e: MouseEvent) => e.shiftKey || e.metaKey || e.ctrlKey;

/**
 * The notes' pointer and drag handlers, for the layers that hold notes. Konva bubbles every
 * event from the shape up through the note's group to its layer, so one set of listeners on
 * the layer serves every note, and a note's re-render has no listeners to swap.
 */
export function noteEventProps(handlers: NoteHandlers) {
  return {
    onMouseDown(e: Pointer) {
      const note = noteOf(e.target);
      if (note && e.evt.button === 0) handlers.press(note.id(), additive(e.evt));
    },
    onClick(e: Pointer) {
      const note = noteOf(e.target);
      if (note && e.evt.button === 0) handlers.click(note.id(), additive(e.evt));
    },
    onTap(e: Touch) {
      const note = noteOf(e.target);
      if (note) handlers.press(note.id(), false);
    },
    onDblClick(e: Pointer) {
      const note = noteOf(e.target);
      if (note) handlers.edit(note.id());
    },
    onDblTap(e: Touch) {
      const note = noteOf(e.target);
      if (note) handlers.edit(note.id());
    },
    onDragStart(e: Drag) {
      if (e.target.hasName('note')) handlers.dragStart(e.target.id(), e.target);
    },
    onDragMove(e: Drag) {
      if (e.target.hasName('note')) handlers.dragMove(e.target.id(), e.target);
    },
    onDragEnd(e: Drag) {
      if (e.target.hasName('note')) handlers.dragEnd(e.target.id(), e.target);
    },
  };
}
