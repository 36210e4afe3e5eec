import type { Rect } from './geometry.js';
import { LIMITS, NOTE_DEFAULT_SIZE } from './limits.js';
import type { Board, Section } from './model.js';
import { Obstacles } from './obstacles.js';
import type { OpOf } from './ops.js';
import { headerHeight } from './sectionHeader.js';

// Where a note goes when nobody pointed at a spot: the first free cell of a grid in a section, or
// the nearest free cell around a point. Pure and deterministic, so the server (which sees every
// note) and a client (which may not, during private writing) compute the same spot from the same
// notes, and a client that sees everything guesses exactly what the server settles.

export const PLACEMENT = {
  /** Between notes of the grid: the 20-unit grid of the templates. */
  gap: 20,
  /** From a section's left, right and bottom edges. */
  inset: 20,
  /** From the top edge of a rectangle that has no words; a section's own header is measured (headerOf). */
  header: 120,
  /** The least room left for a title when a section is too short for the usual header. */
  minHeader: 48,
  /** How many cells beyond a full section (or around a point) are searched before going below everything. */
  rings: 12,
  /**
   * Spots tried for one note before it goes below everything. A section may be drawn 200,000
   * units wide with notes of 40: its grid has millions of cells, and one note must never cost the
   * server more than a few milliseconds (a board holds at most 5,000 notes anyway).
   */
  maxTries: 6_000,
  /** A section whose grid has more cells than this is never full in practice: no search around it. */
  maxGridForBeyond: 3_600,
} as const;

export type Size = { width: number; height: number };
export type Point = { x: number; y: number };
/** A section to fill, or a point (a note's top-left corner) to stay near. */
export type Wish = { section: Section } | { at: Point };
/** What placement looks at: the notes and the sections of a board. */
export type Layout = Pick<Board, 'notes' | 'sections'>;

/** Rectangles that share an area (touching edges do not count). */
export const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

type Grid = { x: number; y: number; cols: number; rows: number; stepX: number; stepY: number };

/** A section, or any rectangle; with its words, the grid starts below them as the canvas draws them. */
export type GridArea = Rect & { title?: string; prompt?: string; en?: { title: string; prompt: string } | undefined };

/** Where a section's notes may start: below its title and prompt, or the usual header for a bare rectangle. */
export const headerOf = (section: GridArea): number =>
  section.title === undefined ? PLACEMENT.header : headerHeight({ width: section.width, title: section.title, prompt: section.prompt ?? '', en: section.en });

/** A section's grid: columns centred between its sides, rows from below its header. */
export function sectionGrid(section: GridArea, size: Size = NOTE_DEFAULT_SIZE): Grid {
  const { gap, inset } = PLACEMENT;
  // A section drawn too short for its header still takes a row under its title.
  const header = Math.min(headerOf(section), Math.max(PLACEMENT.minHeader, section.height - inset - size.height));
  const stepX = size.width + gap;
  const stepY = size.height + gap;
  const cols = Math.max(1, Math.floor((section.width - 2 * inset + gap) / stepX));
  const rows = Math.max(0, Math.floor((section.height - header - inset + gap) / stepY));
  const used = cols * stepX - gap;
  const x = section.x + Math.max(inset, Math.floor((section.width - used) / 2));
  return { x, y: section.y + header, cols, rows, stepX, stepY };
}

/** The cells of a section's grid, row by row, left to right, made one at a time. */
export function* gridCells(section: GridArea, size: Size = NOTE_DEFAULT_SIZE): Generator<Point> {
  const g = sectionGrid(section, size);
  for (let r = 0; r < g.rows; r++) for (let c = 0; c < g.cols; c++) yield { x: g.x + c * g.stepX, y: g.y + r * g.stepY };
}

/** The cells of a section's grid, row by row, left to right. */
export const sectionSlots = (section: GridArea, size: Size = NOTE_DEFAULT_SIZE): Point[] => [...gridCells(section, size)];

export const inBounds = (p: Point, size: Size) =>
  p.x >= -LIMITS.coord && p.y >= -LIMITS.coord && p.x + size.width <= LIMITS.coord && p.y + size.height <= LIMITS.coord;

/** The gap between two rectangles (0 when they touch or overlap). */
function distance(a: Rect, b: Rect): number {
  const dx = Math.max(0, b.x - (a.x + a.width), a.x - (b.x + b.width));
  const dy = Math.max(0, b.y - (a.y + a.height), a.y - (b.y + b.height));
  return Math.hypot(dx, dy);
}

/** Grid offsets around a point, nearest first; the same for every point, so kept per cell size. */
const aroundCache = new Map<string, { dx: number; dy: number }[]>();
export function offsetsAround(stepX: number, stepY: number): { dx: number; dy: number }[] {
  const key = `${stepX}x${stepY}`;
  let list = aroundCache.get(key);
  if (!list) {
    const { rings } = PLACEMENT;
    const cells: { dx: number; dy: number; d: number; i: number; j: number }[] = [];
    for (let j = -rings; j <= rings; j++)
      for (let i = -rings; i <= rings; i++) cells.push({ dx: i * stepX, dy: j * stepY, d: Math.hypot(i * stepX, j * stepY), i, j });
    cells.sort((a, b) => a.d - b.d || a.j - b.j || a.i - b.i);
    list = cells.map(({ dx, dy }) => ({ dx, dy }));
    if (aroundCache.size > 16) aroundCache.clear();
    aroundCache.set(key, list);
  }
  return list;
}

/** Per sections record (boards keep it while no section changes): the overflow cells of each section. */
const beyondCache = new WeakMap<object, Map<string, Point[]>>();
function beyondSection(layout: Layout, s: Section, size: Size): Point[] {
  let bySection = beyondCache.get(layout.sections);
  if (!bySection) beyondCache.set(layout.sections, (bySection = new Map()));
  const key = `${s.id}:${s.x},${s.y},${s.width},${s.height}:${size.width}x${size.height}`;
  let cells = bySection.get(key);
  if (!cells) {
    // Sizes are the notes' own (any number within the limits): keep a few, never one per size.
    if (bySection.size >= 32) bySection.clear();
    bySection.set(key, (cells = computeBeyond(layout, s, size)));
  }
  return cells;
}

/** The cells of a section's grid continued around it that lie in no section, nearest first. */
function computeBeyond(layout: Layout, s: Section, size: Size): Point[] {
  const { rings } = PLACEMENT;
  const g = sectionGrid(s, size);
  if (g.cols * g.rows > PLACEMENT.maxGridForBeyond) return [];
  const sections = Object.values(layout.sections);
  const beyond: { p: Point; d: number; side: number; off: number; i: number; j: number }[] = [];
  for (let j = -rings; j < g.rows + rings; j++)
    for (let i = -rings; i < g.cols + rings; i++) {
      if (i >= 0 && i < g.cols && j >= 0 && j < g.rows) continue;
      const p = { x: g.x + i * g.stepX, y: g.y + j * g.stepY };
      const r = { ...p, ...size };
      // Outside every section: over a section's header or in another section it would be filed wrong.
      if (sections.some((o) => overlaps(o, r))) continue;
      // Below the section before beside it, beside it before above it; under its own columns first.
      const side = j >= g.rows ? 0 : j >= 0 ? 1 : 2;
      const off = i < 0 ? -i : i >= g.cols ? i - g.cols + 1 : 0;
      beyond.push({ p, d: distance(s, r), side, off, i, j });
    }
  beyond.sort((a, b) => a.d - b.d || a.side - b.side || a.off - b.off || a.j - b.j || a.i - b.i);
  return beyond.map((c) => c.p);
}

/**
 * Every spot to try, best first: a section's own cells in reading order, then the cells of the
 * same grid continued around it that lie in no section, nearest first; around a point, the cells
 * of a grid through it, nearest first. Lazily: a section with a free cell costs only its cells.
 */
export function* candidates(layout: Layout, size: Size, wish: Wish): Generator<Point> {
  if ('at' in wish) {
    for (const { dx, dy } of offsetsAround(size.width + PLACEMENT.gap, size.height + PLACEMENT.gap)) {
      const p = { x: wish.at.x + dx, y: wish.at.y + dy };
      if (inBounds(p, size)) yield p;
    }
    return;
  }
  for (const p of gridCells(wish.section, size)) if (inBounds(p, size)) yield p;
  for (const p of beyondSection(layout, wish.section, size)) if (inBounds(p, size)) yield p;
}

/**
 * The first spot of `candidates` where a note of `size` covers none of `obstacles`; failing that
 * (everything near is full), just below everything on the board, which is always free.
 */
export function firstFree(layout: Layout, size: Size, wish: Wish, obstacles: Obstacles): Point {
  let tries = 0;
  for (const p of candidates(layout, size, wish)) {
    if (!obstacles.hits({ ...p, ...size })) return p;
    if (++tries >= PLACEMENT.maxTries) break;
  }
  let bottom = obstacles.lowestEdge();
  for (const s of Object.values(layout.sections)) bottom = Math.max(bottom, s.y + s.height);
  const x = 'at' in wish ? wish.at.x : sectionGrid(wish.section, size).x;
  return { x, y: Math.min(LIMITS.coord - size.height, Math.max(-LIMITS.coord, bottom + PLACEMENT.gap)) };
}

/** Where a new note of `size` goes on this board: never on a note of it. */
export function freeSpot(layout: Layout, wish: Wish, size: Size = NOTE_DEFAULT_SIZE): Point {
  return firstFree(layout, size, wish, new Obstacles(Object.values(layout.notes)));
}

/** The wish a `note.add` carries: the section it names if the board has it, else its own corner. */
export function wishOf(layout: Layout, note: { x: number; y: number; sectionId?: string | null | undefined }): Wish {
  const section = note.sectionId ? layout.sections[note.sectionId] : undefined;
  return section ? { section } : { at: { x: note.x, y: note.y } };
}

/**
 * A `note.add` with `place: 'free'` as the board settles it (PROTOCOL N1): the same op with the
 * concrete spot and without `place`, so every replica and every replay applies the same numbers.
 * Any other op comes back as it is.
 */
export function settleNoteAdd(layout: Layout, op: OpOf<'note.add'>): OpOf<'note.add'> {
  if (!op.place) return op;
  const { place: _place, ...rest } = op;
  const size = { width: op.note.width ?? NOTE_DEFAULT_SIZE.width, height: op.note.height ?? NOTE_DEFAULT_SIZE.height };
  const spot = freeSpot(layout, wishOf(layout, op.note), size);
  return { ...rest, note: { ...op.note, x: spot.x, y: spot.y } };
}

function visibleArea(r: Rect, view: Rect): number {
  const w = Math.min(r.x + r.width, view.x + view.width) - Math.max(r.x, view.x);
  const h = Math.min(r.y + r.height, view.y + view.height) - Math.max(r.y, view.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The section a new note of someone looking at `view` (a board rectangle) goes to: the one under
 * the middle of the view, or the one most in view. Where sections are tied to partners (a role
 * column), the author's own partner's column wins when the author looks at the role columns or at
 * the whole table, but not when one other section fills their view (they are writing there).
 */
export function sectionForNewNote(sections: Record<string, Section>, view: Rect, affiliation?: string): Section | null {
  const list = Object.values(sections);
  const cx = view.x + view.width / 2;
  const cy = view.y + view.height / 2;
  let looked: Section | null = null;
  for (const s of list) if (s.x <= cx && cx <= s.x + s.width && s.y <= cy && cy <= s.y + s.height) looked = s;
  if (!looked) {
    let best = 0;
    for (const s of list) {
      const a = visibleArea(s, view);
      if (a > best) [best, looked] = [a, s];
    }
  }
  const own = affiliation ? list.find((s) => s.affiliation === affiliation) : undefined;
  if (!looked || !own) return looked;
  if (looked.affiliation) return own;
  const fillsView = visibleArea(looked, view) >= (view.width * view.height) / 2;
  // Nearly all of it: a wide section fitted to a screen shows the tops of the columns below it.
  const ownInView = visibleArea(own, view) >= 0.9 * own.width * own.height;
  return !fillsView && ownInView ? own : looked;
}
