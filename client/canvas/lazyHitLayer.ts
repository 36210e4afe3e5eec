import type { Vector2d } from 'konva/lib/types';
import { Konva, Layer } from './konva';
import { ChildDrawingLayer, registerNodeType } from './konvaInternals';

type Node = Konva.Node;

/**
 * A layer whose hit canvas (the colour-keyed picture Konva reads pointer targets from) is drawn
 * only when a pointer target is asked for, not on every redraw: others' changes arrive many
 * times a second, and most of them while nobody points at anything. While a drag is in
 * progress no target is needed at all (Konva moves the dragged node from the pointer itself),
 * so none is looked up.
 */
export class LazyHitLayerNode extends ChildDrawingLayer {
  private hitStale = true;
  private drawingHit = false;

  override drawHit(can?: Parameters<Konva.Layer['drawHit']>[0], top?: Node): this {
    if (can || top || this.drawingHit) return super.drawHit(can, top);
    this.hitStale = true;
    return this;
  }

  override getIntersection(pos: Vector2d): ReturnType<Konva.Layer['getIntersection']> {
    if (!this.isListening() || !this.isVisible() || Konva.isDragging()) return null;
    if (this.hitStale) {
      this.hitStale = false;
      this.drawingHit = true;
      try {
        super.drawHit();
      } finally {
        this.drawingHit = false;
      }
    }
    return super.getIntersection(pos);
  }
}

registerNodeType('LazyHitLayer', LazyHitLayerNode);

/** `<LazyHitLayer>`: a Layer to react-konva, drawn by LazyHitLayerNode. */
export const LazyHitLayer = 'LazyHitLayer' as unknown as typeof Layer;
