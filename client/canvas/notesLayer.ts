import { SceneCanvas } from 'konva/lib/Canvas';
import type { Konva, Layer } from './konva';
import { nativeContext, observeSubtree, paperOf, registerNodeType, type AnyCanvas, type DrawMethod } from './konvaInternals';
import { LazyHitLayerNode } from './lazyHitLayer';
import { hitKey, isNote, plainPaper } from './plainPaper';
import { DETAIL_SCALE } from './theme';

type Node = Konva.Node;
type Group = Konva.Group;
/** The part of the board the stage shows, in board units, and the board-to-screen transform. */
type View = { x0: number; y0: number; x1: number; y1: number; scale: number; tx: number; ty: number; width: number; height: number };
/**
 * A note's last known place and the version of its drawing (bumped whenever anything in it
 * changes), and the tiles it was last put in (columns i0–i1, rows j0–j1; none when i0 > i1).
 */
type Mark = { v: number; x: number; y: number; i0: number; i1: number; j0: number; j1: number };
/** The last whole plan, kept while the view and the layer's children stay the same. */
type Cache = { k: number; ox: number; oy: number; range: string; children: Node[]; buckets: Map<number, Node[]>; others: Node[] };
type Tile = { canvas: SceneCanvas; members: Node[]; drawnAt: number; seen: number };
/** One frame's tiles: the zoom in device pixels per board unit, where the board's origin is, the notes of each tile in view, the tiles to redraw. */
type Plan = { k: number; ox: number; oy: number; buckets: Map<number, Node[]>; others: Node[]; todo: number[] };

/** How far a note's drawing reaches past its paper: the vote dots sit on the top edge, the shadow below. */
const BLEED = 16;
/** Tiles are squares of this many device pixels, in a grid anchored at the board's origin. */
const TILE_PX = 128;
/** Spare tile canvases kept for the next zoom, so that zooming does not allocate hundreds of canvases. */
const POOL_MAX = 160;
/** More tiles to redraw than this in one frame, and the frame draws the notes directly instead. */
const MAX_TILES_PER_FRAME = 16;

const tileKey = (i: number, j: number) => (i + 0x8000) * 0x10000 + (j + 0x8000);
const tileIndex = (key: number): [number, number] => [Math.floor(key / 0x10000) - 0x8000, (key % 0x10000) - 0x8000];

/**
 * The layer that holds every note of the board, drawn the way a large board needs:
 *
 * - Only the notes that intersect the view are drawn (scene and hit canvas).
 * - Zoomed out below the detail zoom, where a board of thousands of notes is in view at once,
 *   the notes are drawn into tiles (device-pixel squares, each a canvas of its own) and the
 *   layer draws the tiles. A tile is redrawn only when a note in it changed, arrived or left,
 *   so a frame in which a few notes moved costs a few tiles and some bitmap copies, not
 *   thousands of shapes. A note that straddles tiles is drawn into each, cut at the border;
 *   tiles sit on whole device pixels, so the pieces meet exactly and the stacking order within
 *   every tile is the layer's own.
 * - Its hit canvas is drawn only when a pointer target is asked for (LazyHitLayerNode).
 *
 * The notes stay ordinary Konva nodes, direct children of this layer, so selection, dragging,
 * editing, hit testing and exports work on them as before.
 */
export class NotesLayerNode extends LazyHitLayerNode {
  private version = 0;
  private readonly marks = new WeakMap<Node, Mark>();
  private tiles = new Map<number, Tile>();
  private tileScale = 0;
  private tileBleed = BLEED;
  private readonly pool: SceneCanvas[] = [];
  private frame = 0;
  private fill: number | null = null;
  private planned: Cache | null = null;
  /** Notes that changed since the last plan: moved, shown or hidden, or anything drawn in them. */
  private readonly dirty = new Set<Node>();
  /** Tiles a change made stale since they were drawn. */
  private readonly staleKeys = new Set<number>();

  protected override drawChildren(method: DrawMethod, canvas: AnyCanvas, top: Node | undefined): void {
    const own = !top && (canvas === this.getCanvas() || canvas === this.getHitCanvas());
    const view = own ? this.view() : null;
    if (!view) return super.drawChildren(method, canvas, top);
    if (method === 'drawScene' && view.scale < DETAIL_SCALE) return this.drawTiles(canvas as SceneCanvas, view);
    if (method === 'drawScene') this.releaseTiles();
    this.drawInView(method, canvas, view);
  }

  override destroy(): this {
    if (this.fill !== null) (typeof cancelIdleCallback === 'function' ? cancelIdleCallback : clearTimeout)(this.fill);
    this.fill = null;
    this.releaseTiles();
    this.pool.length = 0;
    return super.destroy();
  }

  private view(): View | null {
    const stage = this.getStage();
    if (!stage) return null;
    const [a, b, c, d, tx, ty] = this.getAbsoluteTransform().getMatrix();
    // The board is only ever scaled and moved; anything else is drawn the ordinary way.
    if (b !== 0 || c !== 0 || a !== d || !(a! > 0)) return null;
    const scale = a!;
    const width = stage.width();
    const height = stage.height();
    return { scale, tx: tx!, ty: ty!, width, height, x0: -tx! / scale, y0: -ty! / scale, x1: (width - tx!) / scale, y1: (height - ty!) / scale };
  }

  /**
   * How far a note's drawing may reach past its paper, in board units: BLEED, or more when the
   * canvas says so (`bleed`: vote buttons enlarged for a far zoom reach well past their note).
   */
  private bleed(): number {
    const extra = this.attrs.bleed as number | undefined;
    return extra && extra > BLEED ? extra : BLEED;
  }

  private inView(note: Group, v: View): boolean {
    const BLEED = this.bleed();
    const x = note.attrs.x ?? 0;
    const y = note.attrs.y ?? 0;
    const paper = paperOf(note);
    const w = paper?.attrs.width ?? 0;
    const h = paper?.attrs.height ?? 0;
    return x + w + BLEED > v.x0 && x - BLEED < v.x1 && y + h + BLEED > v.y0 && y - BLEED < v.y1;
  }

  /** The note's mark, watching the note for changes the first time it is seen. */
  private mark(note: Group): Mark {
    let m = this.marks.get(note);
    if (!m) {
      const mark: Mark = { v: ++this.version, x: note.attrs.x ?? 0, y: note.attrs.y ?? 0, i0: 0, i1: -1, j0: 0, j1: -1 };
      // Konva tells a node's subtree observers about any change below it: a new colour, a
      // selection outline, a vote dot, a text node coming or going. Its own place and
      // visibility come as change events.
      observeSubtree(note, () => {
        mark.v = ++this.version;
        this.dirty.add(note);
      });
      note.on('xChange.notesLayer yChange.notesLayer visibleChange.notesLayer', () => void this.dirty.add(note));
      this.marks.set(note, mark);
      m = mark;
    }
    const x = note.attrs.x ?? 0;
    const y = note.attrs.y ?? 0;
    if (m.x !== x || m.y !== y) {
      m.x = x;
      m.y = y;
      m.v = ++this.version;
    }
    return m;
  }

  /** The tiles in view at the layer's current zoom, and which notes each holds, in stacking order. */
  private plan(ratio: number, v: View): Plan {
    const k = v.scale * ratio;
    // Notes that reach further than before belong to more tiles: plan every tile again.
    if (k !== this.tileScale || this.bleed() !== this.tileBleed) {
      this.releaseTiles();
      this.tileScale = k;
      this.tileBleed = this.bleed();
    }
    const size = TILE_PX / k;
    // The device pixel of the board's origin, on a whole pixel so that tiles meet exactly.
    const ox = Math.round(v.tx * ratio);
    const oy = Math.round(v.ty * ratio);
    const i0 = Math.floor(-ox / TILE_PX);
    const j0 = Math.floor(-oy / TILE_PX);
    const i1 = Math.floor((v.width * ratio - ox) / TILE_PX);
    const j1 = Math.floor((v.height * ratio - oy) / TILE_PX);
    const range = `${i0},${i1},${j0},${j1}`;
    const children = this.getChildren();
    const c = this.planned;
    // The same view and the same notes in the same order: only the notes that changed can have
    // changed tiles. Walking every note of a large board each frame touches thousands of objects.
    if (c && c.k === k && c.ox === ox && c.oy === oy && c.range === range && sameNodes(c.children, children)) return this.replan(c, size, i0, i1, j0, j1);
    this.dirty.clear();
    const buckets = new Map<number, Node[]>();
    const others: Node[] = [];
    for (const child of children) {
      if (!isNote(child)) {
        others.push(child);
        continue;
      }
      const m = this.place(child, size, i0, i1, j0, j1);
      for (let i = m.i0; i <= m.i1; i++)
        for (let j = m.j0; j <= m.j1; j++) {
          const key = tileKey(i, j);
          const list = buckets.get(key);
          if (list) list.push(child);
          else buckets.set(key, [child]);
        }
    }
    const todo: number[] = [];
    this.staleKeys.clear();
    for (const [key, members] of buckets) {
      const tile = this.tiles.get(key);
      if (!tile || this.stale(tile, members)) {
        todo.push(key);
        this.staleKeys.add(key);
      }
    }
    this.planned = { k, ox, oy, range, children: children.slice(), buckets, others };
    return { k, ox, oy, buckets, others, todo };
  }

  /** The note's mark with the tiles it falls in now (none when hidden or out of view). */
  private place(note: Group, size: number, i0: number, i1: number, j0: number, j1: number): Mark {
    const m = this.mark(note);
    if (!note.visible()) {
      m.i0 = m.j0 = 0;
      m.i1 = m.j1 = -1;
      return m;
    }
    const paper = paperOf(note);
    const w = paper?.attrs.width ?? 0;
    const h = paper?.attrs.height ?? 0;
    const BLEED = this.bleed();
    m.i0 = Math.max(i0, Math.floor((m.x - BLEED) / size));
    m.i1 = Math.min(i1, Math.floor((m.x + w + BLEED) / size));
    m.j0 = Math.max(j0, Math.floor((m.y - BLEED) / size));
    m.j1 = Math.min(j1, Math.floor((m.y + h + BLEED) / size));
    return m;
  }

  /**
   * The cached plan brought up to date with the notes that changed since: each leaves the tiles
   * it was in and joins those it is in now, at its place in the stacking order, and every tile it
   * touches is stale. A changed bucket is a new array, since a drawn tile keeps its members.
   */
  private replan(c: Cache, size: number, i0: number, i1: number, j0: number, j1: number): Plan {
    for (const note of this.dirty) {
      if ((note.parent as unknown) !== this || !isNote(note)) continue;
      const m = this.mark(note);
      const was = [m.i0, m.i1, m.j0, m.j1] as const;
      this.place(note, size, i0, i1, j0, j1);
      const same = was[0] === m.i0 && was[1] === m.i1 && was[2] === m.j0 && was[3] === m.j1;
      for (let i = was[0]; i <= was[1]; i++)
        for (let j = was[2]; j <= was[3]; j++) {
          const key = tileKey(i, j);
          this.staleKeys.add(key);
          if (same) continue;
          const left = (c.buckets.get(key) ?? []).filter((n) => n !== note);
          if (left.length) c.buckets.set(key, left);
          else c.buckets.delete(key);
        }
      if (same) continue;
      for (let i = m.i0; i <= m.i1; i++)
        for (let j = m.j0; j <= m.j1; j++) {
          const key = tileKey(i, j);
          this.staleKeys.add(key);
          const list = c.buckets.get(key) ?? [];
          let at = list.length;
          while (at > 0 && list[at - 1]!.index > note.index) at--;
          c.buckets.set(key, [...list.slice(0, at), note, ...list.slice(at)]);
        }
    }
    this.dirty.clear();
    const todo: number[] = [];
    for (const key of c.buckets.keys()) if (!this.tiles.has(key) || this.staleKeys.has(key)) todo.push(key);
    return { k: c.k, ox: c.ox, oy: c.oy, buckets: c.buckets, others: c.others, todo };
  }

  private drawTiles(canvas: SceneCanvas, v: View): void {
    const plan = this.plan(canvas.getPixelRatio(), v);
    // Many tiles to draw at once (the first view, a new zoom, a long pan): drawing the notes
    // straight onto the layer costs less than filling tiles first; the tiles are filled when
    // the page is idle, and the frames after that use them.
    if (plan.todo.length > MAX_TILES_PER_FRAME) {
      this.scheduleFill();
      this.drawInView('drawScene', canvas, v);
      return;
    }
    this.frame++;
    for (const key of plan.todo) this.drawTile(key, plan.k, plan.buckets.get(key)!, this.tiles.get(key));
    const out = nativeContext(canvas);
    out.save();
    out.setTransform(1, 0, 0, 1, 0, 0);
    for (const key of plan.buckets.keys()) {
      const tile = this.tiles.get(key)!;
      tile.seen = this.frame;
      const [i, j] = tileIndex(key);
      out.drawImage(nativeContext(tile.canvas).canvas, plan.ox + i * TILE_PX, plan.oy + j * TILE_PX);
    }
    out.restore();
    for (const child of plan.others) child.drawScene(canvas);
    this.evict(plan.buckets.size);
  }

  /** Fills the tiles in view a few at a time while the page has nothing else to do. */
  private scheduleFill(): void {
    if (this.fill !== null) return;
    const run = (deadline?: IdleDeadline) => {
      this.fill = null;
      const v = this.view();
      if (!v || v.scale >= DETAIL_SCALE || !this.getStage()) return;
      const plan = this.plan(this.getCanvas().getPixelRatio(), v);
      for (const key of plan.todo) {
        this.drawTile(key, plan.k, plan.buckets.get(key)!, this.tiles.get(key));
        if (deadline && deadline.timeRemaining() < 1 && !deadline.didTimeout) return this.scheduleFill();
      }
    };
    this.fill = typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 1000 }) : window.setTimeout(run, 50);
  }

  private drawInView(method: DrawMethod, canvas: AnyCanvas, v: View): void {
    const fast = v.scale < DETAIL_SCALE;
    const ctx = nativeContext(canvas);
    const base = fast ? ctx.getTransform() : null;
    // Plain papers are filled in board units; Konva draws the rest from the canvas's own transform.
    let board = false;
    for (const child of this.getChildren()) {
      if (isNote(child) && !this.inView(child, v)) continue;
      const fill = fast && isNote(child) ? (method === 'drawScene' ? plainPaper(child)?.fill : hitKey(child)) : undefined;
      if (fill && isNote(child)) {
        if (!board) ctx.setTransform(base!.a * v.scale, 0, 0, base!.d * v.scale, base!.a * v.tx + base!.e, base!.d * v.ty + base!.f);
        board = true;
        const paper = paperOf(child)!.attrs;
        ctx.fillStyle = fill;
        ctx.fillRect(child.attrs.x ?? 0, child.attrs.y ?? 0, paper.width ?? 0, paper.height ?? 0);
        continue;
      }
      if (board) ctx.setTransform(base!);
      board = false;
      child[method](canvas as never);
    }
    if (board) ctx.setTransform(base!);
  }

  private stale(tile: Tile, members: Node[]): boolean {
    if (tile.members.length !== members.length) return true;
    for (let n = 0; n < members.length; n++) {
      const m = members[n]!;
      if (tile.members[n] !== m || (this.marks.get(m)?.v ?? Infinity) > tile.drawnAt) return true;
    }
    return false;
  }

  private drawTile(key: number, k: number, members: Node[], old: Tile | undefined): Tile {
    const [i, j] = tileIndex(key);
    const canvas = old?.canvas ?? this.pool.pop() ?? new SceneCanvas({ width: TILE_PX, height: TILE_PX, pixelRatio: 1 });
    const ctx = nativeContext(canvas);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, TILE_PX, TILE_PX);
    ctx.setTransform(k, 0, 0, k, -i * TILE_PX, -j * TILE_PX);
    // `this` as the top: each note draws relative to the layer, that is in board units.
    for (const m of members) {
      const paper = plainPaper(m as Group);
      if (!paper) {
        m.drawScene(canvas, this);
        continue;
      }
      ctx.fillStyle = paper.fill;
      ctx.fillRect(m.attrs.x ?? 0, m.attrs.y ?? 0, paper.width, paper.height);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    const tile: Tile = { canvas, members, drawnAt: this.version, seen: this.frame };
    this.tiles.set(key, tile);
    this.staleKeys.delete(key);
    return tile;
  }

  /** Tiles out of view are kept for a while (a pan comes back), but not without bound. */
  private evict(inView: number): void {
    if (this.tiles.size <= inView * 2 + 64) return;
    for (const [key, tile] of this.tiles) {
      if (tile.seen === this.frame) continue;
      this.tiles.delete(key);
      this.recycle(tile.canvas);
    }
  }

  private releaseTiles(): void {
    for (const tile of this.tiles.values()) this.recycle(tile.canvas);
    this.tiles.clear();
    this.tileScale = 0;
    this.planned = null;
  }

  private recycle(canvas: SceneCanvas): void {
    if (this.pool.length < POOL_MAX) this.pool.push(canvas);
  }
}

function sameNodes(a: readonly Node[], b: readonly Node[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

registerNodeType('NotesLayer', NotesLayerNode);

/** `<NotesLayer>`: a Layer to react-konva, drawn by NotesLayerNode. */
export const NotesLayer = 'NotesLayer' as unknown as typeof Layer;
