import type { Board } from '../../shared/model';
import type { Point } from './camera';

/**
 * One drag of one or several notes. Konva moves the grabbed node itself; the other selected
 * nodes follow by the same offset. Notes render from here while a drag lasts, so a confirmed
 * (and by then older) position arriving from the server cannot pull a note back under the pointer.
 */
export class DragSession {
  private start = new Map<string, Point>();
  private current = new Map<string, Point>();
  private anchor: string | null = null;
  /** The board as it was when the drag began: undo returns there. */
  before: Board | null = null;

  get active(): boolean {
    return this.anchor !== null;
  }

  begin(anchorId: string, ids: Iterable<string>, board: Board): void {
    this.start.clear();
    this.current.clear();
    for (const id of ids) {
      const n = board.notes[id];
      if (n) this.start.set(id, { x: n.x, y: n.y });
    }
    if (!this.start.has(anchorId)) return;
    this.anchor = anchorId;
    this.before = board;
  }

  /** The anchor note is now at `pos`; returns where every dragged note is. */
  moveAnchor(pos: Point): Map<string, Point> {
    const origin = this.anchor ? this.start.get(this.anchor) : undefined;
    if (!origin) return this.current;
    const dx = pos.x - origin.x;
    const dy = pos.y - origin.y;
    for (const [id, p] of this.start) this.current.set(id, { x: Math.round(p.x + dx), y: Math.round(p.y + dy) });
    return this.current;
  }

  positionOf(id: string): Point | undefined {
    return this.current.get(id);
  }

  ids(): string[] {
    return [...this.start.keys()];
  }

  /** The final moves (only notes that actually moved); ends the session. */
  end(): { moves: { id: string; x: number; y: number }[]; before: Board | null } {
    const moves: { id: string; x: number; y: number }[] = [];
    for (const [id, p] of this.current) {
      const s = this.start.get(id)!;
      if (s.x !== p.x || s.y !== p.y) moves.push({ id, ...p });
    }
    const before = this.before;
    this.start.clear();
    this.current.clear();
    this.anchor = null;
    this.before = null;
    return { moves, before };
  }
}
