import type { Rect } from './geometry.js';

// Placement asks "does this spot cover a note?" for each spot it tries, on boards of up to 5,000
// notes. Most answers come within a few spots (a section with a free cell), where comparing the
// spot with every note is cheapest; a search that goes on (a full section) puts the notes in
// square buckets first, so each later question looks only at the notes near its spot.

const BUCKET = 512;
/** Buckets per axis around 0: covers every legal coordinate (±1,000,000) with room to spare. */
const SPAN = 4096;
/** Questions answered by a plain scan before the buckets are built. */
const SCANS = 12;

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export class Obstacles {
  private readonly rects: Rect[];
  private buckets: Map<number, Rect[]> | null = null;
  private asked = 0;

  constructor(rects: Iterable<Rect> = []) {
    this.rects = [...rects];
  }

  add(r: Rect): void {
    this.rects.push(r);
    if (this.buckets) this.file(this.buckets, r);
  }

  /** Whether `r` shares an area with any rectangle added. */
  hits(r: Rect): boolean {
    if (!this.buckets && ++this.asked <= SCANS) return this.rects.some((o) => overlap(o, r));
    const buckets = (this.buckets ??= this.build());
    return this.forBuckets(r, (key) => buckets.get(key)?.some((o) => overlap(o, r)) ?? false);
  }

  /** The lowest edge of everything added (-Infinity when empty). */
  lowestEdge(): number {
    let bottom = -Infinity;
    for (const r of this.rects) bottom = Math.max(bottom, r.y + r.height);
    return bottom;
  }

  private build(): Map<number, Rect[]> {
    const buckets = new Map<number, Rect[]>();
    for (const r of this.rects) this.file(buckets, r);
    return buckets;
  }

  private file(buckets: Map<number, Rect[]>, r: Rect): void {
    this.forBuckets(r, (key) => {
      const list = buckets.get(key);
      if (list) list.push(r);
      else buckets.set(key, [r]);
      return false;
    });
  }

  /** Visits the buckets `r` touches until `visit` says stop; true if it did. */
  private forBuckets(r: Rect, visit: (key: number) => boolean): boolean {
    const x0 = Math.floor(r.x / BUCKET), x1 = Math.floor((r.x + r.width) / BUCKET);
    const y0 = Math.floor(r.y / BUCKET), y1 = Math.floor((r.y + r.height) / BUCKET);
    for (let bx = x0; bx <= x1; bx++) for (let by = y0; by <= y1; by++) if (visit((bx + SPAN) * 2 * SPAN + (by + SPAN))) return true;
    return false;
  }
}
