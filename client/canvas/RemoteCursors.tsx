import { Group, Label, Shape, Tag, Text, strokes } from './konva';
import { useStore, useBoardContext } from '../state/hooks';
import type { Camera } from './camera';
import { FONT_FAMILY, personColor } from './theme';

const ARROW = strokes([[0, 0, 0, 16, 4.5, 12, 8, 19, 10.5, 18, 7, 11.5, 13, 11.5]], true);

/** Others' pointers with their names, drawn at a constant screen size whatever the zoom. */
export function RemoteCursors({ camera }: { camera: Camera }) {
  const { source } = useBoardContext();
  const cursors = useStore(source.cursors);
  const presence = useStore(source.presence);
  const { scale } = useStore(camera.view);
  const inv = 1 / scale;
  return (
    <>
      {[...cursors].map(([id, c]) => {
        const who = presence.find((p) => p.id === id);
        if (!who || !who.online) return null;
        const color = personColor(id);
        return (
          <Group key={id} x={c.x} y={c.y} scaleX={inv} scaleY={inv} listening={false}>
            <Shape sceneFunc={ARROW} fill={color} stroke="#fff" strokeWidth={1.5} />
            <Label x={14} y={18}>
              <Tag fill={color} cornerRadius={4} />
              <Text text={who.name} fontSize={12} fontFamily={FONT_FAMILY} fill="#fff" padding={4} />
            </Label>
          </Group>
        );
      })}
    </>
  );
}
