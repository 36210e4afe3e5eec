import type { Rect } from '../../shared/geometry';

type Point = { x: number; y: number };
/** What of the camera this needs (client/canvas/camera.ts), so state does not depend on the canvas. */
type Viewed = { viewport: { width: number; height: number }; toBoard(screen: Point): Point };

/** The part of the board on this screen, in board coordinates. */
export function boardInView(camera: Viewed): Rect {
  const a = camera.toBoard({ x: 0, y: 0 });
  const b = camera.toBoard({ x: camera.viewport.width, y: camera.viewport.height });
  return { x: a.x, y: a.y, width: Math.max(1, b.x - a.x), height: Math.max(1, b.y - a.y) };
}
