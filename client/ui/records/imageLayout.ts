import type { Rect } from '../../../shared/geometry';

// Where the picture of a board draws each note. Notes stay where they are on the board, except
// one that lies mostly on top of another (two people dropped notes on one spot): in the picture
// it moves to the nearest free place, since a note nobody can read is no record.

/** Notes overlapping by more than this share of the smaller one count as piled. */
const PILED = 0.25;
/** Steps of the search for a free place, in board units, and how far it looks. */
const STEP = 20;
const MAX_RINGS = 80;
const GAP = 8;
const BUCKET = 400;

type Placed = Rect & { id: string };

const overlapArea = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** A spatial hash of the notes already placed, so that a board of thousands stays quick. */
class Index {
  private readonly buckets = new Map<string, Placed[]>();
  private keys(r: Rect): string[] {
    const out: string[] = [];
    for (let i = Math.floor(r.x / BUCKET); i <= Math.floor((r.x + r.width) / BUCKET); i++)
      for (let j = Math.floor(r.y / BUCKET); j <= Math.floor((r.y + r.height) / BUCKET); j++) out.push(`${i},${j}`);
    return out;
  }
  add(r: Placed): void {
    for (const k of this.keys(r)) {
      const list = this.buckets.get(k);
      if (list) list.push(r);
      else this.buckets.set(k, [r]);
    }
  }
  near(r: Rect): Set<Placed> {
    const out = new Set<Placed>();
    for (const k of this.keys(r)) for (const p of this.buckets.get(k) ?? []) out.add(p);
    return out;
  }
}

const piledOn = (r: Rect, others: Iterable<Rect>) => {
  for (const o of others) if (overlapArea(r, o) > PILED * Math.min(r.width * r.height, o.width * o.height)) return true;
  return false;
};
const touchesAny = (r: Rect, others: Iterable<Rect>) => {
  const padded = { x: r.x - GAP, y: r.y - GAP, width: r.width + GAP * 2, height: r.height + GAP * 2 };
  for (const o of others) if (overlapArea(padded, o) > 0) return true;
  return false;
};

/**
 * Positions for the picture, by note id, for the notes that must move; every other note stays
 * at its own place. Notes are taken in the order given (the board's drawing order), so the one
 * underneath keeps its place and the ones on top of it move.
 */
export function spreadPiles(notes: readonly (Rect & { id: string })[]): Map<string, { x: number; y: number }> {
  const moved = new Map<string, { x: number; y: number }>();
  const index = new Index();
  for (const n of notes) {
    let place: Placed = { id: n.id, x: n.x, y: n.y, width: n.width, height: n.height };
    if (piledOn(place, index.near(place))) {
      const free = nearestFree(place, index);
      if (free) {
        place = free;
        moved.set(n.id, { x: free.x, y: free.y });
      }
    }
    index.add(place);
  }
  return moved;
}

/** The nearest place (on rings of STEP around it, right or below) where the note touches no note already placed. */
function nearestFree(r: Placed, index: Index): Placed | null {
  for (let k = 1; k <= MAX_RINGS; k++) {
    let best: Placed | null = null;
    let bestD = Infinity;
    for (let i = -k; i <= k; i++)
      for (const [dx, dy] of [[i, -k], [i, k], [-k, i], [k, i]] as const) {
        // Only right or down: above a note is usually its section's title, and the picture's
        // edges stay where the board's are.
        if (dy < 0 || dx < 0) continue;
        const c = { ...r, x: r.x + dx * STEP, y: r.y + dy * STEP };
        const d = dx * dx + dy * dy;
        if (d < bestD && !touchesAny(c, index.near(c))) {
          best = c;
          bestD = d;
        }
      }
    if (best) return best;
  }
  return null;
}

/**
 * The band above the board in the picture (title, date, legend), in board units: sized to the
 * board's width so that it reads at the same size as the notes whether the board is small or huge.
 */
export function imageHeader(areaWidth: number) {
  const base = Math.max(20, areaWidth / 55);
  const title = Math.round(base * 1.5);
  const small = Math.round(base * 0.75);
  const pad = Math.round(base * 0.6);
  const titleY = pad;
  const dateY = titleY + Math.round(title * 1.25);
  const legendY = dateY + Math.round(small * 1.25) + Math.round(base * 0.5);
  const height = legendY + Math.round(small * 1.5) + pad;
  return { base, title, small, pad, titleY, dateY, legendY, height };
}
