import type { Rect } from './geometry.js';

// Placement asks "does this spot cover a note?" for hundreds of spots on boards of up to 5,000
// notes; comparing each spot with every note would take tens of milliseconds on the server's one
// thread. Notes are kept in square buckets, so a question looks only at the notes near the spot.

const BUCKET = 512;
/** Buckets per axis around 0: covers every legal coordinate (±1,000,000) with room to spare. */
const SPAN = 4096;

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export class Obstacles {
  private readonly buckets = new Map<number, Rect[]>();
  private bottom = -Infinity;

  constructor(rects: Iterable<Rect> = []) {
    for (const r of rects) this.add(r);
  }

  add(r: Rect): void {
    this.bottom = Math.max(this.bottom, r.y + r.height);
    this.forBuckets(r, (key) => {
      const list = this.buckets.get(key);
      if (list) list.push(r);
      else this.buckets.set(key, [r]);
      return false;
    });
  }

  /** Whether `r` shares an area with any rectangle added. */
  hits(r: Rect): boolean {
    return this.forBuckets(r, (key) => this.buckets.get(key)?.some((o) => overlap(o, r)) ?? false);
  }

  /** The lowest edge of everything added (-Infinity when empty). */
  lowestEdge(): number {
    return this.bottom;
  }

  /** Visits the buckets `r` touches until `visit` says stop; true if it did. */
  private forBuckets(r: Rect, visit: (key: number) => boolean): boolean {
    const x0 = Math.floor(r.x / BUCKET), x1 = Math.floor((r.x + r.width) / BUCKET);
    const y0 = Math.floor(r.y / BUCKET), y1 = Math.floor((r.y + r.height) / BUCKET);
    for (let bx = x0; bx <= x1; bx++) for (let by = y0; by <= y1; by++) if (visit((bx + SPAN) * 2 * SPAN + (by + SPAN))) return true;
    return false;
  }
}
