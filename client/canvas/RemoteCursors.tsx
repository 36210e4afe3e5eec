import { useEffect, useRef } from 'react';
import type { Label as LabelNode } from 'konva/lib/shapes/Label';
import { Group, Konva, Label, Shape, Tag, Text, strokes } from './konva';
import { useStore, useBoardContext } from '../state/hooks';
import { useCoarsePointer } from '../state/pointer';
import type { RemoteCursor } from '../state/source';
import type { Camera } from './camera';
import { FONT_FAMILY, personColor } from './theme';

const ARROW = strokes([[0, 0, 0, 16, 4.5, 12, 8, 19, 10.5, 18, 7, 11.5, 13, 11.5]], true);

/** A name is read while the pointer moves; a resting pointer's label would only cover notes. */
const LABEL_REST_MS = 2000;
const LABEL_FADE_S = 0.6;

/**
 * Others' pointers with their names, drawn at a constant screen size whatever the zoom. Not on
 * a phone: its small screen is for one's own notes, and a finger has no pointer to share back.
 */
export function RemoteCursors({ camera }: { camera: Camera }) {
  const coarse = useCoarsePointer();
  if (coarse) return null;
  return <Cursors camera={camera} />;
}

function Cursors({ camera }: { camera: Camera }) {
  const { source } = useBoardContext();
  const cursors = useStore(source.cursors);
  const presence = useStore(source.presence);
  const { scale } = useStore(camera.view);
  const inv = 1 / scale;
  return (
    <>
      {[...cursors].map(([id, c]) => {
        // An anonymous board's pointers name nobody (LK3): drawn, but without a label.
        if (c.anonymous) return <Cursor key={id} cursor={c} name={null} color={personColor(id)} inv={inv} />;
        const who = presence.find((p) => p.id === id);
        if (!who || !who.online) return null;
        return <Cursor key={id} cursor={c} name={who.name} color={personColor(id)} inv={inv} />;
      })}
    </>
  );
}

function Cursor({ cursor, name, color, inv }: { cursor: RemoteCursor; name: string | null; color: string; inv: number }) {
  const label = useRef<LabelNode>(null);
  // Each move shows the name again; once the pointer rests, the name fades out.
  useEffect(() => {
    const node = label.current;
    if (!node) return;
    node.opacity(1);
    let fade: Konva.Tween | null = null;
    const timer = setTimeout(() => {
      fade = new Konva.Tween({ node, opacity: 0, duration: LABEL_FADE_S });
      fade.play();
    }, LABEL_REST_MS);
    return () => {
      clearTimeout(timer);
      fade?.destroy();
    };
  }, [cursor.x, cursor.y]);
  return (
    <Group x={cursor.x} y={cursor.y} scaleX={inv} scaleY={inv} listening={false}>
      <Shape sceneFunc={ARROW} fill={color} stroke="#fff" strokeWidth={1.5} />
      {name !== null && (
        <Label ref={label} x={14} y={18} name="cursor-label">
          <Tag fill={color} cornerRadius={4} />
          <Text text={name} fontSize={12} fontFamily={FONT_FAMILY} fill="#fff" padding={4} />
        </Label>
      )}
    </Group>
  );
}
