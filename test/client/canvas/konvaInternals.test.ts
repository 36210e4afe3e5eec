import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../helpers/browser.js';
import { ROOT } from '../../helpers/server.js';
import type * as Internals from '../../../client/canvas/konvaInternals.js';

/*
 * The Konva internals of the canvas, checked against the Konva that package.json installs, in
 * real Chromium: Konva needs a DOM and real canvases, and the check draws on them. The module is
 * bundled on its own (esbuild, as Vite would) rather than through the built client, whose build
 * drops the check.
 */

type InPage = typeof Internals & { Konva: typeof import('konva/lib/Core').default };

declare global {
  interface Window {
    internals: InPage;
  }
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const out = await build({
    stdin: {
      contents: "export * from './client/canvas/konvaInternals'; export { default as Konva } from 'konva/lib/Core';",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'internals',
    write: false,
    // The test calls the check itself; as in a production build, loading the module does not.
    define: { 'import.meta.env.DEV': 'false', 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setContent('<!doctype html><div id="stage" style="width:200px;height:200px"></div>');
  await page.addScriptTag({ content: out.outputFiles[0]!.text });
});

afterAll(async () => {
  await browser?.close();
});

const installed = (): string => (JSON.parse(readFileSync(path.join(ROOT, 'node_modules/konva/package.json'), 'utf8')) as { version: string }).version;

describe('Konva internals (client/canvas/konvaInternals.ts)', () => {
  it('the installed Konva has every internal the canvas uses, with the expected shape and behaviour', async () => {
    const { version, checked } = await page.evaluate(() => ({ version: window.internals.Konva.version, checked: window.internals.checkKonvaInternals() }));
    expect(version).toBe(installed());
    expect(checked).toEqual(
      expect.arrayContaining(['Container.prototype._drawChildren', 'Node.prototype._addSubtreeObserver / _removeSubtreeObserver', 'Context#_context', 'Shape#colorKey', 'Konva.DD.node']),
    );
  });

  it('a missing internal fails loudly, naming it and the Konva version', async () => {
    // Broken for the length of one check, then put back: the tests share the page.
    const message = await page.evaluate(() => {
      const proto = window.internals.Konva.Container.prototype as unknown as Record<string, unknown>;
      const own = proto._drawChildren;
      delete proto._drawChildren;
      try {
        window.internals.checkKonvaInternals();
        return null;
      } catch (e) {
        return (e as Error).message;
      } finally {
        proto._drawChildren = own;
      }
    });
    expect(message).toContain(`Konva ${installed()}`);
    expect(message).toContain('Container.prototype._drawChildren');
  });

  it('an internal that is still there but no longer called fails too (subtree observers that are never told)', async () => {
    const message = await page.evaluate(() => {
      const proto = window.internals.Konva.Node.prototype as unknown as Record<string, unknown>;
      const own = proto._notifySubtreeChange;
      proto._notifySubtreeChange = () => {};
      try {
        window.internals.checkKonvaInternals();
        return null;
      } catch (e) {
        return (e as Error).message;
      } finally {
        proto._notifySubtreeChange = own;
      }
    });
    expect(message).toContain('_addSubtreeObserver');
    expect(message).not.toContain('Container.prototype._drawChildren');
  });

  it('the typed functions do what the canvas relies on, on a real stage', async () => {
    const seen = await page.evaluate(() => {
      const { Konva, ChildDrawingLayer, observeSubtree, nativeContext, paperOf, hitColor, stopEveryDrag, registerNodeType } = window.internals;
      const stage = new Konva.Stage({ container: 'stage', width: 200, height: 200 });
      const drawn: string[] = [];
      class Probe extends ChildDrawingLayer {
        protected override drawChildren(method: 'drawScene' | 'drawHit', canvas: Parameters<typeof nativeContext>[0], top: InstanceType<typeof Konva.Node> | undefined) {
          drawn.push(method);
          super.drawChildren(method, canvas, top);
        }
      }
      const layer = new Probe();
      stage.add(layer);
      const note = new Konva.Group({ name: 'note', draggable: true });
      const paper = new (Konva as unknown as { Rect: typeof Konva.Shape }).Rect({ width: 50, height: 40, fill: '#ff0000' });
      note.add(paper);
      layer.add(note);
      let changes = 0;
      observeSubtree(note, () => void changes++);
      paper.setAttr('fill', '#00ff00');
      layer.draw();
      const pixel = Array.from(nativeContext(layer.getCanvas()).getImageData(10 * Konva.pixelRatio, 10 * Konva.pixelRatio, 1, 1).data);
      let ended = 0;
      note.on('dragend', () => void ended++);
      note.startDrag();
      const dragging = Konva.isDragging();
      stopEveryDrag();
      let refused = '';
      try {
        registerNodeType('Layer', Probe);
      } catch (e) {
        refused = (e as Error).name;
      }
      // A type of our own may be registered again: development reloads the module that defines it.
      registerNodeType('ProbeLayer', Probe);
      registerNodeType('ProbeLayer', class extends Probe {});
      const replaced = (Konva as unknown as Record<string, unknown>).ProbeLayer !== Probe;
      return {
        drawn,
        changes,
        pixel,
        paper: paperOf(note) === paper,
        key: hitColor(paper),
        hitTarget: layer.getIntersection({ x: 10, y: 10 }) === paper,
        dragging,
        afterStop: Konva.isDragging() || Konva.isDragReady(),
        ended,
        refused,
        replaced,
      };
    });
    expect(seen.drawn).toEqual(expect.arrayContaining(['drawScene', 'drawHit']));
    expect(seen.changes).toBeGreaterThan(0);
    expect(seen.pixel).toEqual([0, 255, 0, 255]);
    expect(seen.paper).toBe(true);
    expect(seen.key).toMatch(/^#[0-9a-f]{6}$/);
    expect(seen.hitTarget).toBe(true);
    expect(seen.dragging).toBe(true);
    expect(seen.afterStop).toBe(false);
    expect(seen.ended).toBe(1);
    expect(seen.refused).toBe('TypeError');
    expect(seen.replaced).toBe(true);
  });
});
