import { createRequire } from 'node:module';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, personPage, webWorld } from '../helpers/browser.js';
import { createBoard, opId, Peer } from '../helpers/server.js';

// pngjs comes with `qrcode` (it renders PNGs on the server side); it has no types of its own.
type DecodedPng = { width: number; height: number; data: Buffer };
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(png: Buffer): DecodedPng } } };

const world = webWorld();

/** Several browsers in one test on a shared machine: a whole workshop round may take a while. */
const ROUND = 120_000;

async function decodeQr(page: Page, testId: string): Promise<string | null> {
  const png = PNG.sync.read(await page.getByTestId(testId).screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

type Debug = { __onaji: { client: { you: { role: string } | null; state: { notes: Record<string, unknown> } | null }; camera: { center(): { x: number; y: number }; view: { get(): { scale: number } } } } };

describe('the projector view', BROWSER_TEST, () => {
  it('[H1][F6][PR1] shows the join screen, then a corner card with a QR code of the short join link, the code and the people online, and follows the facilitator', async () => {
    const board = await createBoard(world.srv.url, { title: '防災ワークショップ' });
    const code = (await (await fetch(`${world.srv.url}/api/boards/${board.id}`)).json()) as { code: string };
    // The page was opened on 127.0.0.1, which no phone can reach: the link is the server's first LAN
    // address when it reports one (H8), and otherwise the page's own origin with a hint beside it.
    const network = (await (await fetch(`${world.srv.url}/api/network`)).json()) as { urls: string[] };
    const lan = network.urls[0];
    const joinUrl = `${lan ? new URL(lan).origin : world.srv.url}/j/${code.code}`;

    // Even an address that carries the key joins as the projector, and drops the key from the address bar.
    const wall = await personPage(world.browser, { width: 1600, height: 900 });
    await wall.page.goto(`${board.urls.present}#key=${board.facilitatorKey}`);
    await wall.page.getByTestId('present-welcome').waitFor({ timeout: ARRIVES });
    expect(await wall.page.getByTestId('join-name').count()).toBe(0);
    await wall.page.waitForFunction(() => (window as unknown as Debug).__onaji?.client.you?.role === 'projector', null, { timeout: ARRIVES });
    expect(await wall.page.evaluate(() => location.hash)).toBe('');

    // Before the workshop starts, the join screen: the QR code decodes to the short link the screen prints.
    await wall.page.waitForFunction((url) => document.querySelector('[data-testid="present-qr"]')?.getAttribute('data-text') === url, joinUrl, { timeout: ARRIVES });
    expect(await decodeQr(wall.page, 'present-qr')).toBe(joinUrl);
    expect(await wall.page.getByTestId('present-join-url').textContent()).toBe(joinUrl.replace(/^http:\/\//, ''));
    expect(await wall.page.getByTestId('present-code').textContent()).toBe(code.code);
    // A loopback link reaches nobody else in the room: the screen says which address to use instead.
    expect(await wall.page.getByTestId('present-loopback').count()).toBe(lan ? 0 : 1);

    // Esc gives the wall to the board; the corner card keeps the same link.
    await wall.page.keyboard.press('Escape');
    await wall.page.getByTestId('present-card').waitFor({ timeout: ARRIVES });
    expect(await decodeQr(wall.page, 'present-qr')).toBe(joinUrl);

    // Enlarged for latecomers (Q), and it still decodes.
    await wall.page.keyboard.press('q');
    await wall.page.getByTestId('present-qr-large').waitFor();
    const large = wall.page.getByTestId('present-qr-large').locator('svg');
    const png = PNG.sync.read(await large.screenshot());
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(joinUrl);
    await wall.page.keyboard.press('Escape');
    await wall.page.getByTestId('present-qr-large').waitFor({ state: 'detached' });

    // A participant joins: the card counts people online (not the projector or the facilitator).
    const person = await personPage(world.browser);
    await person.page.goto(`${world.srv.url}/b/${board.id}`);
    await person.page.getByTestId('join-name').fill('佐藤');
    await person.page.getByTestId('join-submit').click();
    await person.page.getByTestId('stage').waitFor();
    await wall.page.waitForFunction(() => document.querySelector('[data-testid="present-online"]')?.getAttribute('data-count') === '1', null, { timeout: ARRIVES });

    // The facilitator zooms in somewhere and brings everybody there: the projector goes too.
    const fac = await personPage(world.browser);
    await fac.page.goto(board.urls.facilitate);
    await fac.page.getByTestId('join-name').fill('進行役');
    await fac.page.getByTestId('join-submit').click();
    await fac.page.getByTestId('focus-here').waitFor({ timeout: ARRIVES });
    await fac.page.evaluate(() => {
      const cam = (window as unknown as { __onaji: { camera: { set(v: { x: number; y: number; scale: number }): void; viewport: { width: number; height: number } } } }).__onaji.camera;
      // Board point (2000, 1000) at the middle of the screen, at 2×.
      cam.set({ x: cam.viewport.width / 2 - 2000 * 2, y: cam.viewport.height / 2 - 1000 * 2, scale: 2 });
    });
    await fac.page.getByTestId('focus-here').click();
    await wall.page.waitForFunction(
      () => {
        const c = (window as unknown as Debug).__onaji.camera.center();
        return Math.abs(c.x - 2000) < 2 && Math.abs(c.y - 1000) < 2;
      },
      null,
      { timeout: ARRIVES },
    );
    // The participant follows as well (on by default).
    await person.page.waitForFunction(() => Math.abs((window as unknown as Debug).__onaji.camera.center().x - 2000) < 2, null, { timeout: ARRIVES });

    for (const p of [wall, person, fac]) await p.context.close();
  }, ROUND);

  it('[F6] fits a wide board beside the balance panel, so the panel never covers its left edge', async () => {
    const board = await createBoard(world.srv.url, { title: '横長の模造紙' });
    const writer = new Peer(world.srv.url);
    await writer.join({ boardId: board.id, name: '記録係' });
    for (const [id, x] of [['n_left', 0], ['n_right', 6000]] as const)
      expect((await writer.send({ opId: opId(), type: 'note.add', note: { id, text: id, x, y: 0 } })).ok).toBe(true);

    const wall = await personPage(world.browser, { width: 1600, height: 900 });
    await wall.page.goto(board.urls.present);
    await wall.page.getByTestId('present-card').waitFor({ timeout: ARRIVES });
    const panel = (await wall.page.locator('.present-balance').boundingBox())!;
    type Rects = { __onaji?: { noteScreenRect(id: string): { x: number; width: number } | null } };
    // The fit glides into place: wait for the wall to settle with both notes in view, then look.
    const edges = async () =>
      wall.page.evaluate(() => {
        const o = (window as unknown as Rects).__onaji;
        const l = o?.noteScreenRect('n_left');
        const r = o?.noteScreenRect('n_right');
        return l && r ? { left: l.x, right: r.x + r.width } : null;
      });
    let last: { left: number; right: number } | null = null;
    for (let i = 0; i < 100; i++) {
      await wall.page.waitForTimeout(100);
      const now = await edges();
      if (now && last && now.left === last.left && now.right === last.right) break;
      last = now;
    }
    expect(last).not.toBeNull();
    expect(last!.left).toBeGreaterThanOrEqual(panel.x + panel.width);
    expect(last!.right).toBeLessThanOrEqual(1600);
    // Nor under the join card: a wide board goes above it.
    const card = (await wall.page.getByTestId('present-card').boundingBox())!;
    expect(await wall.page.getByTestId('present-card').getAttribute('data-placement')).toBe('bottom');
    const tops = await wall.page.evaluate(() => ['n_left', 'n_right'].map((id) => (window as unknown as Rects).__onaji!.noteScreenRect(id) as unknown as { y: number; height: number }));
    for (const r of tops) expect(r.y + r.height).toBeLessThanOrEqual(card.y);
    writer.close();
    await wall.context.close();
  }, ROUND);
});
