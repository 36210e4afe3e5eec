/// <reference types="vite/client" />
import { SceneCanvas, type HitCanvas } from 'konva/lib/Canvas';
import { Rect } from 'konva/lib/shapes/Rect';
// Konva's core itself, not ./konva: that module brings react-konva, which this one has no use for.
import Konva from 'konva/lib/Core';

/*
 * Every part of Konva that the canvas reaches past its public API, in one place. A large board
 * needs a few things Konva does not offer publicly: drawing only the notes in view, knowing which
 * notes changed without a listener per shape, copying tile bitmaps and filling plain papers on the
 * raw 2D context, and hit colours for those papers. Konva may rename or reshape any of them in a
 * minor release, and nothing would fail: notes would stop being drawn, or be drawn stale, in a
 * workshop. So nothing else in client/ names them, and `checkKonvaInternals` below looks at each
 * one; it runs when this module loads in development and in test/client/canvas/konvaInternals.test.ts,
 * so that an upgrade fails `npm test` instead.
 */

export type DrawMethod = 'drawScene' | 'drawHit';
export type AnyCanvas = SceneCanvas | HitCanvas;

/**
 * A layer that may draw its children its own way. Konva's Container draws them in the protected
 * `_drawChildren`, after its own caching, clipping and composition, for the scene and for the hit
 * canvas alike: the one place where a layer can choose which children to draw and how, without
 * copying Konva's drawScene and drawHit. Subclasses override `drawChildren` and call
 * `super.drawChildren` for the frames Konva should draw as usual.
 */
export class ChildDrawingLayer extends Konva.Layer {
  protected drawChildren(method: DrawMethod, canvas: AnyCanvas, top: Konva.Node | undefined): void {
    super._drawChildren(method, canvas, top);
  }

  override _drawChildren(method: DrawMethod, canvas: AnyCanvas, top: Konva.Node | undefined): void {
    this.drawChildren(method, canvas, top);
  }
}

/**
 * Calls `onChange` whenever anything below `node` changes: an attribute of a descendant, a child
 * added, removed or reordered. Konva tells a node's subtree observers so, at no cost while there
 * are none; the public alternative is a change listener on every attribute of every shape.
 * The node's own attributes are not included (its own change events carry them).
 */
export function observeSubtree(node: Konva.Node, onChange: () => void): void {
  node._addSubtreeObserver({ _onSubtreeChange: onChange });
}

/**
 * The browser's own 2D context of a Konva canvas. Konva's Context wraps only part of it (no
 * `getTransform`, no `setTransform(matrix)`) and adds a call to each operation; filling thousands
 * of plain papers and copying tiles is done on the raw context. Its `canvas` is the element itself,
 * for `drawImage`.
 */
export const nativeContext = (canvas: AnyCanvas): CanvasRenderingContext2D => canvas.getContext()._context;

/**
 * The colour that stands for `shape` on the hit canvas, which Konva reads pointer targets from:
 * a plain paper filled straight onto the hit canvas must be filled with it to be found.
 */
export const hitColor = (shape: Konva.Shape): string | undefined => shape.colorKey || undefined;

/**
 * Ends every drag and every press that could still become one, whatever node it is on: a second
 * finger turns a one-finger drag (of the board or of a note) into a pinch. `Konva.DD.node` is the
 * node of a drag, or of a press that may become one (`Konva.isDragReady()`); stopping it removes it.
 * Each node is stopped once, in case a dragend handler starts a new drag.
 */
export function stopEveryDrag(): void {
  const stopped = new Set<Konva.Node>();
  for (let node = Konva.DD.node; node && !stopped.has(node); node = Konva.DD.node) {
    stopped.add(node);
    node.stopDrag();
  }
}

/** The node types registered here: registering one again replaces it (a module reloaded in development). */
const ourTypes = new Set<string>();

/**
 * Makes `type` a host element react-konva can render (`<NotesLayer>`): react-konva creates a
 * node of a type named T with `new Konva[T](props)`, so a node class of our own has to be in
 * Konva's namespace under that name. A name Konva itself uses is refused.
 */
export function registerNodeType(type: string, cls: new (config?: never) => Konva.Node): void {
  const ns = Konva as unknown as Record<string, unknown>;
  if (ns[type] !== undefined && !ourTypes.has(type)) throw new TypeError(`Konva already has a node type named ${type}`);
  ourTypes.add(type);
  ns[type] = cls;
}

/**
 * The paper of a note: NoteNode.tsx draws it first, so it is the group's first child. This is read
 * for every note on every frame; finding it by name (`findOne('.paper')`) walks the note's
 * children and matches a selector each time, which on a board of thousands of notes costs a
 * sizeable part of a frame.
 */
export const paperOf = (note: Konva.Group): Konva.Shape | undefined => note.children[0] as Konva.Shape | undefined;

// ── the check ────────────────────────────────────────────────────────────────

type Check = { internal: string; expected: string; holds: () => boolean };

const isFunction = (f: unknown, arity: number) => typeof f === 'function' && f.length === arity;

/**
 * Each internal above, with what it has to be. Shapes first (a function of the expected arity, a
 * property of the expected type); then, where a name alone says too little, a small run of the
 * real thing: Konva might keep a method and stop calling it.
 */
const CHECKS: Check[] = [
  {
    internal: 'Container.prototype._drawChildren',
    expected: 'a function of 3 arguments (method, canvas, top)',
    holds: () => isFunction(Konva.Container.prototype._drawChildren, 3),
  },
  {
    internal: 'Layer#drawScene and Layer#drawHit',
    expected: 'to draw the children through _drawChildren, with the layer’s own canvases',
    holds: () => {
      const layer = new Konva.Layer();
      layer.add(new Konva.Group());
      const seen: string[] = [];
      const own = (m: DrawMethod, c: AnyCanvas) => void seen.push(`${m}:${c === layer.getCanvas() || c === layer.getHitCanvas()}`);
      Object.defineProperty(layer, '_drawChildren', { value: own });
      try {
        layer.drawScene();
        layer.drawHit();
      } finally {
        layer.destroy();
      }
      return seen.join() === 'drawScene:true,drawHit:true';
    },
  },
  {
    internal: 'Node.prototype._addSubtreeObserver / _removeSubtreeObserver',
    expected: 'functions of 1 argument, calling the observer’s _onSubtreeChange when a descendant changes',
    holds: () => {
      if (!isFunction(Konva.Node.prototype._addSubtreeObserver, 1) || !isFunction(Konva.Node.prototype._removeSubtreeObserver, 1)) return false;
      const group = new Konva.Group();
      const child = new Rect({ fill: '#fff' });
      group.add(child);
      let calls = 0;
      const observer = { _onSubtreeChange: () => void calls++ };
      group._addSubtreeObserver(observer);
      try {
        child.fill('#000');
      } finally {
        // Removed again: while any observer exists, every change in the app walks up its ancestors.
        group._removeSubtreeObserver(observer);
        group.destroy();
      }
      return calls > 0;
    },
  },
  {
    internal: 'Context#_context',
    expected: 'the canvas’s CanvasRenderingContext2D',
    holds: () => {
      const canvas = new SceneCanvas({ width: 1, height: 1, pixelRatio: 1 });
      return canvas.getContext()._context instanceof CanvasRenderingContext2D;
    },
  },
  {
    internal: 'Shape#colorKey',
    expected: 'a string #rrggbb, the shape’s colour on the hit canvas',
    holds: () => {
      const rect = new Rect();
      try {
        return typeof rect.colorKey === 'string' && /^#[0-9a-f]{6}$/i.test(rect.colorKey);
      } finally {
        rect.destroy();
      }
    },
  },
  {
    internal: 'Konva.DD.node',
    expected: 'a getter (the node of the current drag or press), with Node#stopDrag a function',
    holds: () => typeof Object.getOwnPropertyDescriptor(Konva.DD, 'node')?.get === 'function' && typeof Konva.Node.prototype.stopDrag === 'function',
  },
  {
    internal: 'the Konva namespace',
    expected: 'an extensible object holding the node classes by name (react-konva creates `new Konva[type]`)',
    holds: () => Object.isExtensible(Konva) && (Konva as unknown as Record<string, unknown>).Layer === Konva.Layer,
  },
  {
    internal: 'Container#children',
    expected: 'an array of the children in the order they were added',
    holds: () => {
      const group = new Konva.Group();
      const first = new Rect();
      group.add(first, new Rect());
      try {
        return Array.isArray(group.children) && group.children[0] === first && group.children.length === 2;
      } finally {
        group.destroy();
      }
    },
  },
];

/**
 * Looks at every Konva internal this module uses; throws one error naming each that is missing or
 * changed, and the Konva version, so that an upgrade says what to look at. Returns the names checked.
 */
export function checkKonvaInternals(): string[] {
  const broken: string[] = [];
  for (const c of CHECKS) {
    let failure: string | null;
    try {
      failure = c.holds() ? null : '';
    } catch (e) {
      failure = ` (${e instanceof Error ? e.message : String(e)})`;
    }
    if (failure !== null) broken.push(`${c.internal}: expected ${c.expected}${failure}`);
  }
  if (broken.length) {
    throw new Error(`Konva ${Konva.version} no longer has what client/canvas/konvaInternals.ts relies on:\n- ${broken.join('\n- ')}`);
  }
  return CHECKS.map((c) => c.internal);
}

// In development, at once, so that a Konva upgrade shows up on the first page load, not on a board.
if (import.meta.env.DEV) checkKonvaInternals();
