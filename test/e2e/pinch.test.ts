import type { CDPSession } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, joinBoard, webWorld, writeNoteFromToolbar } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';

const world = webWorld();

type Debug = {
  __onaji: { camera: { view: { get(): { scale: number } } }; client: { state?: { notes: Record<string, { x: number; y: number }> } }; noteScreenRect(id: string): { x: number; y: number; width: number; height: number } };
};

const touch = (cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) =>
  cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })) });

describe('pinch on a phone', BROWSER_TEST, () => {
  it('a second finger turns a note drag into a pinch: the board zooms and the note stops following the first finger', async () => {
    const board = await createBoard(world.srv.url);
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'ja-JP' });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('[page error]', e.message));
    await joinBoard(page, `${world.srv.url}/b/${board.id}`, '佐藤');
    const id = await writeNoteFromToolbar(page, 'ゆびでつまむ');
    const cdp = await context.newCDPSession(page);
    const rect = await page.evaluate((id) => (window as unknown as Debug).__onaji.noteScreenRect(id), id);
    const scaleOf = () => page.evaluate(() => (window as unknown as Debug).__onaji.camera.view.get().scale);
    const noteAt = () => page.evaluate((id) => (window as unknown as Debug).__onaji.client.state!.notes[id]!, id);

    // One finger drags the note a little.
    const a = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    const startX = (await noteAt()).x;
    await touch(cdp, 'touchStart', [a]);
    for (let i = 1; i <= 5; i++) await touch(cdp, 'touchMove', [{ x: a.x + i * 6, y: a.y }]);
    await page.waitForFunction(([id, x]) => (window as unknown as Debug).__onaji.client.state!.notes[id as string]!.x > (x as number), [id, startX] as const, {
      timeout: ARRIVES,
    });
    const scale = await scaleOf();

    // A second finger lands; both spread apart while the first keeps moving right.
    const first = { x: a.x + 30, y: a.y };
    const second = { x: first.x - 120, y: first.y + 120 };
    await touch(cdp, 'touchStart', [first, second]);
    for (let i = 1; i <= 6; i++) await touch(cdp, 'touchMove', [{ x: first.x + i * 12, y: first.y - i * 12 }, { x: second.x - i * 12, y: second.y + i * 12 }]);
    const stoppedAt = await noteAt();
    for (let i = 7; i <= 10; i++) await touch(cdp, 'touchMove', [{ x: first.x + i * 12, y: first.y - i * 12 }, { x: second.x - i * 12, y: second.y + i * 12 }]);
    await touch(cdp, 'touchEnd', []);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

    expect(await scaleOf()).toBeGreaterThan(scale * 1.2);
    // Had the drag gone on, the note would be 48 screen pixels further right and up by now.
    const after = await noteAt();
    expect(Math.abs(after.x - stoppedAt.x)).toBeLessThan(2);
    expect(Math.abs(after.y - stoppedAt.y)).toBeLessThan(2);
    await context.close();
  });
});
