import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, launchBrowser, personPage } from '../helpers/browser.js';
import { createBoard, FLOOD_ALLOWED, opId, Peer, removeDir, ROOT, startServer, type TestServer } from '../helpers/server.js';

// A board large enough that the canvas draws it the way it draws big boards (zoomed out, many
// notes per layer), checked through what Konva holds and what the notes layer's pixels show.

const COLS = 30;
const ROWS = 20;
const STEP = { x: 260, y: 200 };
const COLORS = ['#fff59d', '#ffcc80', '#f48fb1', '#ce93d8', '#90caf9', '#80deea', '#a5d6a7'];
/** Cells left empty, to move notes into. */
const HOLES = [
  [4, 4],
  [12, 9],
  [20, 15],
  [25, 3],
] as const;
const isHole = (c: number, r: number) => HOLES.some(([hc, hr]) => hc === c && hr === r);
const cellId = (c: number, r: number) => `n_${c}_${r}`;
const cellAt = (c: number, r: number) => ({ x: c * STEP.x, y: r * STEP.y });

type Rgba = [number, number, number, number];
type Debug = {
  __onaji: {
    client: { state: { notes: Record<string, { x: number; y: number; width: number; height: number; color: string }> } | null };
    camera: { view: { get(): { x: number; y: number; scale: number } }; set(v: { x: number; y: number; scale: number }): void };
    noteScreenRect(id: string): { x: number; y: number; width: number; height: number } | null;
    nextFrame(): Promise<void>;
  };
};
type KNode = {
  attrs: Record<string, unknown>;
  parent: KNode | null;
  zIndex(): number;
  x(): number;
  y(): number;
  listening(): boolean;
  getChildren(): KNode[];
  find(sel: string): KNode[];
  findOne(sel: string): KNode | undefined;
  getLayer(): (KNode & { getCanvas(): { _canvas: HTMLCanvasElement; getPixelRatio(): number } }) | null;
};
type KonvaWindow = { Konva: { stages: (KNode & { getLayers(): KNode[] })[] } };

let srv: TestServer;
let browser: Browser;
let fac: Peer;
let boardId: string;

beforeAll(async () => {
  srv = await startServer({ staticDir: path.join(ROOT, 'dist/client'), limits: FLOOD_ALLOWED });
  browser = await launchBrowser();
  const board = await createBoard(srv.url);
  boardId = board.id;
  fac = new Peer(srv.url);
  const ack = await fac.join({ boardId, name: '進行役', facilitatorKey: board.facilitatorKey });
  if (!ack.ok) throw new Error('facilitator join failed');
  const adds: Promise<unknown>[] = [];
  for (let r = 0; r < ROWS; r++)
    for (let c = 0; c < COLS; c++) {
      if (isHole(c, r)) continue;
      const note = { id: cellId(c, r), text: `ふせん ${c}-${r} まちの防災について話し合う`, ...cellAt(c, r), color: COLORS[(c + r) % COLORS.length] };
      adds.push(fac.send({ opId: opId(), type: 'note.add', note }));
    }
  await Promise.all(adds);
}, 60_000);

afterAll(async () => {
  fac?.close();
  await browser?.close();
  await srv?.stop();
  if (srv) await removeDir(srv.dataDir);
});

async function openBoard(): Promise<Page> {
  const { page } = await personPage(browser);
  page.setDefaultTimeout(ARRIVES);
  await page.goto(`${srv.url}/b/${boardId}`);
  await page.getByTestId('join-name').fill('参加者');
  await page.getByTestId('join-affiliation').selectOption('citizen');
  await page.getByTestId('join-submit').click();
  await page.waitForFunction(
    (n) => ((window as unknown as KonvaWindow).Konva?.stages[0]?.find('.note').length ?? 0) >= n,
    COLS * ROWS - HOLES.length,
    { timeout: ARRIVES },
  );
  await frame(page);
  await idle(page);
  return page;
}

/** Resolves once the page has had a few idle periods: work the canvas defers to them is done. */
const idle = (page: Page) =>
  page.evaluate(async () => {
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => requestIdleCallback(() => r(), { timeout: 500 }));
  });

const frame = (page: Page) => page.evaluate(() => (window as unknown as Debug).__onaji.nextFrame());

/** Where a board point is on the page. */
const pagePoint = (page: Page, p: { x: number; y: number }) =>
  page.evaluate((q) => {
    const { x, y, scale } = (window as unknown as Debug).__onaji.camera.view.get();
    const box = document.querySelector('[data-testid="stage"]')!.getBoundingClientRect();
    return { x: box.left + x + q.x * scale, y: box.top + y + q.y * scale };
  }, p);

/** The pixel the notes layer drew at a board point (transparent where it drew nothing). */
const notesPixel = (page: Page, p: { x: number; y: number }) =>
  page.evaluate(
    ([q, probe]) => {
      const stage = (window as unknown as KonvaWindow).Konva.stages[0]!;
      const layer = stage.findOne(`#${probe}`)!.getLayer()!;
      const { x, y, scale } = (window as unknown as Debug).__onaji.camera.view.get();
      const canvas = layer.getCanvas();
      const ratio = canvas.getPixelRatio();
      const px = Math.floor((x + q.x * scale) * ratio);
      const py = Math.floor((y + q.y * scale) * ratio);
      return [...canvas._canvas.getContext('2d')!.getImageData(px, py, 1, 1).data] as Rgba;
    },
    [p, cellId(0, 0)] as const,
  );

const centre = (c: number, r: number) => ({ x: cellAt(c, r).x + 100, y: cellAt(c, r).y + 70 });
const rgba = (hex: string): Rgba => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255];
const EMPTY: Rgba = [0, 0, 0, 0];

/** What a test waits to see of a note in the page's state. */
type Expect = { x: number } | { xAbove: number } | { color: string } | 'present' | 'gone';

async function waitState(page: Page, id: string, want: Expect) {
  await page.waitForFunction(
    ([nid, w]) => {
      const n = (window as unknown as Debug).__onaji.client.state?.notes[nid as string];
      if (w === 'gone') return n === undefined;
      if (!n) return false;
      if (w === 'present') return true;
      if (typeof w !== 'object' || w === null) return false;
      if ('x' in w) return n.x === w.x;
      if ('xAbove' in w) return n.x > w.xAbove;
      return n.color === w.color;
    },
    [id, want] as const,
    { timeout: ARRIVES },
  );
  await frame(page);
}

const konvaNote = (page: Page, id: string) =>
  page.evaluate((nid) => {
    const stage = (window as unknown as KonvaWindow).Konva.stages[0]!;
    const g = stage.findOne(`#${nid}`);
    if (!g) return null;
    const layer = g.getLayer()!;
    return {
      x: g.x(),
      y: g.y(),
      zIndex: g.zIndex(),
      layer: stage.getLayers().indexOf(layer),
      layerListening: layer.listening(),
      stroke: g.getChildren()[0]!.attrs.stroke as string,
      texts: g.find('Text').length,
    };
  }, id);

describe('the canvas on a large board', BROWSER_TEST, () => {
  it('at the first view every note is drawn in its colour, and others\' changes redraw where they happened', async () => {
    const page = await openBoard();
    const scale = await page.evaluate(() => (window as unknown as Debug).__onaji.camera.view.get().scale);
    expect(scale).toBeLessThan(0.3);
    // Zoomed out, notes carry no text nodes at all.
    expect((await konvaNote(page, cellId(3, 3)))!.texts).toBe(0);
    for (const [c, r] of [
      [0, 0],
      [7, 11],
      [29, 19],
    ] as const)
      expect(await notesPixel(page, centre(c, r))).toEqual(rgba(COLORS[(c + r) % COLORS.length]!));
    expect(await notesPixel(page, centre(4, 4))).toEqual(EMPTY);

    // A note moved into a hole leaves its own cell empty.
    const moved = cellId(6, 6);
    await fac.send({ opId: opId(), type: 'note.move', moves: [{ id: moved, ...cellAt(4, 4) }] });
    await waitState(page, moved, { x: cellAt(4, 4).x });
    expect(await notesPixel(page, centre(4, 4))).toEqual(rgba(COLORS[12 % COLORS.length]!));
    expect(await notesPixel(page, centre(6, 6))).toEqual(EMPTY);

    // A new colour, a deleted note, an added one.
    await fac.send({ opId: opId(), type: 'note.update', id: cellId(8, 2), patch: { color: '#e0e0e0' } });
    await fac.send({ opId: opId(), type: 'note.delete', ids: [cellId(9, 2)] });
    await fac.send({ opId: opId(), type: 'note.add', note: { id: 'n_new', text: '新しい', ...cellAt(12, 9), color: '#90caf9' } });
    await waitState(page, 'n_new', 'present');
    await waitState(page, cellId(9, 2), 'gone');
    await waitState(page, cellId(8, 2), { color: '#e0e0e0' });
    expect(await notesPixel(page, centre(8, 2))).toEqual(rgba('#e0e0e0'));
    expect(await notesPixel(page, centre(9, 2))).toEqual(EMPTY);
    expect(await notesPixel(page, centre(12, 9))).toEqual(rgba('#90caf9'));
    await page.context().close();
  });

  it('dragging two selected notes moves both, keeps their place in the stack, and leaves every note clickable', async () => {
    const page = await openBoard();
    const [a, b, other] = [cellId(10, 10), cellId(11, 10), cellId(2, 15)];
    const selectedStroke = '#2f6feb';
    const before = { a: (await konvaNote(page, a))!, b: (await konvaNote(page, b))! };
    const start = await page.evaluate(() => {
      const n = (window as unknown as Debug).__onaji.client.state!.notes;
      return { a: { x: n['n_10_10']!.x, y: n['n_10_10']!.y }, b: { x: n['n_11_10']!.x, y: n['n_11_10']!.y } };
    });

    const pa = await pagePoint(page, centre(10, 10));
    const pb = await pagePoint(page, centre(11, 10));
    await page.mouse.click(pa.x, pa.y);
    await page.keyboard.down('Shift');
    await page.mouse.click(pb.x, pb.y);
    await page.keyboard.up('Shift');
    await frame(page);
    expect((await konvaNote(page, a))!.stroke).toBe(selectedStroke);
    expect((await konvaNote(page, b))!.stroke).toBe(selectedStroke);

    await page.mouse.move(pa.x, pa.y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(pa.x + i * 8, pa.y + i * 5);
    // Mid-drag: the dragged notes are off the notes layer, which does not listen, and a note
    // somebody else moves meanwhile is drawn at its new place.
    const during = (await konvaNote(page, a))!;
    expect(during.layer).not.toBe(before.a.layer);
    expect((await konvaNote(page, other))!.layerListening).toBe(false);
    await fac.send({ opId: opId(), type: 'note.move', moves: [{ id: other, ...cellAt(20, 15) }] });
    await waitState(page, other, { x: cellAt(20, 15).x });
    expect(await notesPixel(page, centre(20, 15))).toEqual(rgba(COLORS[17 % COLORS.length]!));
    for (let i = 11; i <= 20; i++) await page.mouse.move(pa.x + i * 8, pa.y + i * 5);
    await page.mouse.up();

    await waitState(page, a, { xAbove: start.a.x + 50 });
    const end = await page.evaluate(() => {
      const n = (window as unknown as Debug).__onaji.client.state!.notes;
      return { a: { x: n['n_10_10']!.x, y: n['n_10_10']!.y }, b: { x: n['n_11_10']!.x, y: n['n_11_10']!.y } };
    });
    expect(end.b.x - start.b.x).toBe(end.a.x - start.a.x);
    expect(end.b.y - start.b.y).toBe(end.a.y - start.a.y);
    const after = { a: (await konvaNote(page, a))!, b: (await konvaNote(page, b))! };
    expect(after.a).toMatchObject({ layer: before.a.layer, zIndex: before.a.zIndex, layerListening: true, x: end.a.x, y: end.a.y });
    expect(after.b).toMatchObject({ layer: before.b.layer, zIndex: before.b.zIndex, x: end.b.x, y: end.b.y });

    // A click on a note that was not dragged selects it alone.
    const pc = await pagePoint(page, centre(3, 3));
    await page.mouse.click(pc.x, pc.y);
    await frame(page);
    expect((await konvaNote(page, cellId(3, 3)))!.stroke).toBe(selectedStroke);
    expect((await konvaNote(page, a))!.stroke).not.toBe(selectedStroke);
    await page.context().close();
  });

  it('zoomed in, notes show their text, the ones in view are clickable, and a double-click opens the editor', async () => {
    const page = await openBoard();
    const target = cellId(20, 5);
    await page.evaluate(
      ([c]) => {
        const { camera } = (window as unknown as Debug).__onaji;
        const box = document.querySelector('[data-testid="stage"]')!.getBoundingClientRect();
        camera.set({ x: box.width / 2 - c!.x, y: box.height / 2 - c!.y, scale: 1 });
      },
      [centre(20, 5)] as const,
    );
    await frame(page);
    expect((await konvaNote(page, target))!.texts).toBeGreaterThan(0);
    // Inside the note, clear of its text: the paper's own colour.
    expect(await notesPixel(page, { x: cellAt(20, 5).x + 190, y: cellAt(20, 5).y + 8 })).toEqual(rgba(COLORS[25 % COLORS.length]!));

    const right = await pagePoint(page, centre(21, 5));
    await page.mouse.click(right.x, right.y);
    await frame(page);
    expect((await konvaNote(page, cellId(21, 5)))!.stroke).toBe('#2f6feb');

    const p = await pagePoint(page, centre(20, 5));
    await page.mouse.dblclick(p.x, p.y);
    const editor = page.getByTestId('note-editor');
    await editor.waitFor();
    expect(await editor.getAttribute('data-note-id')).toBe(target);
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden' });
    await page.context().close();
  });
});
