import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, joinBoard, personPage, webWorld } from '../helpers/browser.js';
import { createBoard, opId, Peer } from '../helpers/server.js';

/** What the page exposes to tests (client/main.tsx) and Konva's registry of stages, as far as these tests read them. */
type KonvaLabel = { opacity(): number };
type PageHooks = {
  __onaji: {
    nextFrame(): Promise<void>;
    client: {
      you: { role: string } | null;
      state: { notes: Record<string, unknown> } | null;
      cursors: { get(): ReadonlyMap<string, unknown> };
      submit(input: unknown): unknown;
    };
  };
  Konva: { stages: { find(selector: string): KonvaLabel[] }[] };
};


// On an anonymous board a pointer moving over the table is drawn, but says nobody's name.

const world = webWorld();

type Konvaish = { Konva: { stages: { find(sel: string): { opacity(): number }[] }[] } };
const labels = (page: Page) => page.evaluate(() => ((window as unknown as Konvaish).Konva.stages[0]?.find('.cursor-label') ?? []).length);
/** Cursors are volatile and throttled (P2): the move is repeated until the page has what it waits for. */
async function moveUntil(mover: Peer, at: { x: number; y: number }, page: Page, seen: () => Promise<boolean>) {
  const deadline = Date.now() + ARRIVES;
  while (!(await seen())) {
    if (Date.now() > deadline) throw new Error('no cursor arrived');
    mover.socket.emit('cursor', at);
    await page.waitForTimeout(200);
  }
}
const cursorKeys = (page: Page) => page.evaluate(() => [...(window as unknown as { __onaji: { client: { cursors: { get(): Map<string, unknown> } } } }).__onaji.client.cursors.get().keys()]);

describe('cursors on an anonymous board', BROWSER_TEST, () => {
  it('[LK3][F9][RM2] a pointer is drawn without a name, under an id the participant list does not know; named again when the board is not anonymous', async () => {
    const b = await createBoard(world.srv.url, { title: '匿名のカーソル' });
    const fac = new Peer(world.srv.url);
    const mover = new Peer(world.srv.url);
    try {
      await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
      await mover.join({ boardId: b.id, name: '動く 人', affiliation: 'npo' });
      expect((await fac.send({ opId: opId(), type: 'board.update', anonymous: true })).ok).toBe(true);
      const laptop = await personPage(world.browser, { width: 1366, height: 768 });
      await joinBoard(laptop.page, `${world.srv.url}/b/${b.id}`, 'ノート 見る');

      await moveUntil(mover, { x: 200, y: 150 }, laptop.page, async () => (await cursorKeys(laptop.page)).length > 0);
      const keys = await cursorKeys(laptop.page);
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toBe(mover.you!.id);
      await laptop.page.evaluate(() => (window as unknown as PageHooks).__onaji.nextFrame());
      expect(await labels(laptop.page)).toBe(0);
      await laptop.page.screenshot({ path: 'test-results/cursor-anonymous-laptop.png' });
      // The wall draws no pointers and asks for none (PR5, RM2): a move the laptop sees never reaches it.
      const wall = await personPage(world.browser, { width: 1920, height: 1080 });
      await wall.page.goto(b.urls.present);
      await wall.page.waitForFunction(() => (window as unknown as PageHooks).__onaji?.client.you?.role === 'projector', null, { timeout: ARRIVES });
      const seen = JSON.stringify(await laptop.page.evaluate(() => [...(window as unknown as PageHooks).__onaji.client.cursors.get().values()]));
      await moveUntil(mover, { x: 240, y: 160 }, laptop.page, async () => JSON.stringify(await laptop.page.evaluate(() => [...(window as unknown as PageHooks).__onaji.client.cursors.get().values()])) !== seen);
      expect(await cursorKeys(wall.page)).toEqual([]);
      await wall.page.evaluate(() => (window as unknown as PageHooks).__onaji.nextFrame());
      expect(await labels(wall.page)).toBe(0);
      await wall.page.screenshot({ path: 'test-results/cursor-anonymous-wall.png' });
      await wall.context.close();

      // Not anonymous any more: the next move is named, and the nameless pointer is gone at once.
      expect((await fac.send({ opId: opId(), type: 'board.update', anonymous: false })).ok).toBe(true);
      await moveUntil(mover, { x: 260, y: 180 }, laptop.page, async () => (await cursorKeys(laptop.page)).join() === mover.you!.id);
      await laptop.page.waitForFunction(() => ((window as unknown as Konvaish).Konva.stages[0]?.find('.cursor-label') ?? []).length === 1, null, { timeout: ARRIVES });
      await laptop.page.screenshot({ path: 'test-results/cursor-named-laptop.png' });
      await laptop.context.close();
    } finally {
      fac.close();
      mover.close();
    }
  }, 90_000);
});
