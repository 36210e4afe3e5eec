// Konva's core plus only the shapes the board draws: the full build brings every shape and
// filter, which the board never uses and every phone would download.
import Konva from 'konva/lib/Core';
import 'konva/lib/shapes/Rect';
import 'konva/lib/shapes/Text';
import 'konva/lib/shapes/Label';
import 'konva/lib/shapes/Circle';

export { Konva };
export { Stage, Layer, Group, Rect, Text, Label, Tag, Circle, Shape } from 'react-konva/lib/ReactKonvaCore';

/**
 * A `<Shape>` scene function drawing straight strokes, each [x0, y0, x1, y1, …], closed when
 * asked. The few marks the board draws (a cursor arrow, a plus, a minus) need no more; Konva's
 * Path shape, which parses SVG path data, would add several KB to every download.
 */
export const strokes =
  (lines: readonly (readonly number[])[], closed = false) =>
  (ctx: Konva.Context, shape: Konva.Shape): void => {
    ctx.beginPath();
    for (const l of lines) {
      ctx.moveTo(l[0]!, l[1]!);
      for (let i = 2; i < l.length; i += 2) ctx.lineTo(l[i]!, l[i + 1]!);
      if (closed) ctx.closePath();
    }
    ctx.fillStrokeShape(shape);
  };
