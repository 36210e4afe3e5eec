import type { Konva } from './konva';

/**
 * Lifts the dragged notes out of the notes layer into a small layer of their own for the length
 * of a drag. Konva redraws a whole layer whenever one of its nodes moves: left in place, every
 * pointer move would redraw every note on the board, scene and hit canvas. Lifted, a move
 * redraws only the dragged notes; the notes layer is redrawn only when something else changes
 * (others' moves), and without its hit canvas, since it stops listening while nothing on it can
 * be pointed at. Dropping puts every note back at its place in the stacking order.
 */
export class DragLift {
  private lifted: { node: Konva.Node; index: number }[] = [];
  private home: Konva.Layer | null = null;
  private homeListening = true;

  constructor(private readonly target: () => Konva.Layer | null) {}

  lift(anchor: Konva.Node, ids: readonly string[]): void {
    this.drop();
    const home = anchor.getLayer();
    const target = this.target();
    if (!home || !target || home === target) return;
    const wanted = new Set(ids);
    this.lifted = home
      .getChildren((c) => wanted.has(c.id()))
      .map((node) => ({ node, index: node.zIndex() }))
      .sort((a, b) => a.index - b.index);
    for (const { node } of this.lifted) node.moveTo(target);
    this.home = home;
    this.homeListening = home.listening();
    home.listening(false);
  }

  /** Puts the lifted notes back; a note React removed in the meantime stays removed. */
  drop(): void {
    const home = this.home;
    const target = this.target();
    if (!home) return;
    // In ascending order, so that every note lands at the index it had.
    for (const { node, index } of this.lifted) {
      if (node.getParent() !== target) continue;
      node.moveTo(home);
      node.zIndex(Math.min(index, home.getChildren().length - 1));
    }
    home.listening(this.homeListening);
    home.batchDraw();
    this.lifted = [];
    this.home = null;
  }
}
