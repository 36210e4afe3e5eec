import { createContext, memo, useContext } from 'react';
import { Group, Rect, Text } from './konva';
import type { Konva } from './konva';
import { useNote } from '../state/hooks';
import type { DragSession } from './dragSession';
import { FONT_FAMILY, NOTE_FOOTER, NOTE_STYLE, NOTE_TEXT } from './theme';

export type NoteHandlers = {
  press(id: string, additive: boolean): void;
  click(id: string, additive: boolean): void;
  edit(id: string): void;
  dragStart(id: string, node: Konva.Node): void;
  dragMove(id: string, node: Konva.Node): void;
  dragEnd(id: string, node: Konva.Node): void;
};

export const NoteCanvasContext = createContext<{ handlers: NoteHandlers; session: DragSession } | null>(null);

/** `detail` false draws the paper only: below a readable size, text is the most costly part of a frame. */
type Props = { id: string; selected: boolean; editing: boolean; interactive: boolean; detail: boolean };

/** One sticky note. Subscribes to its own note only, so a remote change elsewhere does not re-render it. */
export const NoteNode = memo(function NoteNode({ id, selected, editing, interactive, detail }: Props) {
  const note = useNote(id);
  const ctx = useContext(NoteCanvasContext);
  if (!note || !ctx) return null;
  const { handlers, session } = ctx;
  const pos = session.positionOf(id) ?? note;
  const textHeight = note.height - NOTE_FOOTER.height + NOTE_TEXT.padding / 2;
  return (
    <Group
      id={id}
      name="note"
      x={pos.x}
      y={pos.y}
      draggable={interactive}
      onMouseDown={(e) => e.evt.button === 0 && handlers.press(id, e.evt.shiftKey || e.evt.metaKey || e.evt.ctrlKey)}
      onClick={(e) => e.evt.button === 0 && handlers.click(id, e.evt.shiftKey || e.evt.metaKey || e.evt.ctrlKey)}
      onTap={() => handlers.press(id, false)}
      onDblClick={() => handlers.edit(id)}
      onDblTap={() => handlers.edit(id)}
      onDragStart={(e) => handlers.dragStart(id, e.target)}
      onDragMove={(e) => handlers.dragMove(id, e.target)}
      onDragEnd={(e) => handlers.dragEnd(id, e.target)}
    >
      <Rect
        width={note.width}
        height={note.height}
        fill={note.color}
        cornerRadius={NOTE_STYLE.cornerRadius}
        stroke={selected ? NOTE_STYLE.selected : NOTE_STYLE.border}
        strokeWidth={selected ? NOTE_STYLE.selectedWidth : 1}
        shadowEnabled={detail}
        shadowColor="#000"
        shadowOpacity={0.12}
        shadowBlur={4}
        shadowOffsetY={2}
        shadowForStrokeEnabled={false}
        perfectDrawEnabled={false}
      />
      <Text
        visible={!editing && detail}
        text={note.text}
        width={note.width}
        height={textHeight}
        padding={NOTE_TEXT.padding}
        fontSize={NOTE_TEXT.fontSize}
        lineHeight={NOTE_TEXT.lineHeight}
        fontFamily={FONT_FAMILY}
        fill={NOTE_TEXT.color}
        wrap="char"
        ellipsis
        listening={false}
        perfectDrawEnabled={false}
      />
      {note.authorName && detail ? (
        <Text
          text={note.authorName}
          x={NOTE_TEXT.padding}
          y={note.height - NOTE_FOOTER.height}
          width={note.width - NOTE_TEXT.padding * 2}
          height={NOTE_FOOTER.height - 4}
          verticalAlign="middle"
          fontSize={NOTE_FOOTER.fontSize}
          fontFamily={FONT_FAMILY}
          fill={NOTE_FOOTER.color}
          wrap="none"
          ellipsis
          listening={false}
          perfectDrawEnabled={false}
        />
      ) : null}
    </Group>
  );
});
