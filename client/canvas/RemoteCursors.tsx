import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Group as GroupNode } from 'konva/lib/Group';
import type { Label as LabelNode } from 'konva/lib/shapes/Label';
import { LIMITS } from '../../shared/limits';
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
 * Pointers arrive a batch at a time (RM1); gliding from one position to the next over one batch
 * interval, at an even speed, makes a hand moving steadily look steady instead of hopping.
 */
const GLIDE_S = LIMITS.cursorBatchMs / 1000;

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
  const people = useMemo(() => new Map(presence.map((p) => [p.id, p])), [presence]);
  const { scale } = useStore(camera.view);
  const inv = 1 / scale;
  return (
    <>
      {[...cursors].map(([id, c]) => {
        // An anonymous board's pointers name nobody (LK3): drawn, but without a label.
        if (c.anonymous) return <Cursor key={id} cursor={c} name={null} color={personColor(id)} inv={inv} />;
        const who = people.get(id);
        if (!who || !who.online) return null;
        return <Cursor key={id} cursor={c} name={who.name} color={personColor(id)} inv={inv} />;
      })}
    </>
  );
}

type CursorProps = { cursor: RemoteCursor; name: string | null; color: string; inv: number };

/** Memoised: a batch re-renders only the pointers it moved. */
const Cursor = memo(function Cursor({ cursor, name, color, inv }: CursorProps) {
  const group = useRef<GroupNode>(null);
  const label = useRef<LabelNode>(null);
  // Where the pointer was first seen: React sets the node's position once, then only the glide
  // moves it (a changing x/y prop would jump it there before the glide could start).
  const first = useRef(cursor);
  const glide = useRef<Konva.Tween | null>(null);
  useLayoutEffect(() => {
    const node = group.current;
    if (!node) return;
    // A new position while gliding: on from where the pointer is now, so it never jumps back.
    glide.current?.destroy();
    glide.current = null;
    if (node.x() === cursor.x && node.y() === cursor.y) return;
    glide.current = new Konva.Tween({ node, x: cursor.x, y: cursor.y, duration: GLIDE_S });
    glide.current.play();
  }, [cursor.x, cursor.y]);
  useEffect(() => () => glide.current?.destroy(), []);
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
    <Group ref={group} x={first.current.x} y={first.current.y} scaleX={inv} scaleY={inv} listening={false} name="remote-cursor">
      <Shape sceneFunc={ARROW} fill={color} stroke="#fff" strokeWidth={1.5} />
      {name !== null && (
        <Label ref={label} x={14} y={18} name="cursor-label">
          <Tag fill={color} cornerRadius={4} />
          <Text text={name} fontSize={12} fontFamily={FONT_FAMILY} fill="#fff" padding={4} />
        </Label>
      )}
    </Group>
  );
});
