import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, joinBoard, personPage, webWorld } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';

// The facilitate link carries the key in the fragment. Left in the address bar, it is on the
// projector for the room to photograph whenever the facilitator's browser is on the wall.

const world = webWorld();

type Debug = { __onaji: { client: { you?: { role: string } } } };
const role = (page: import('playwright-core').Page) => page.evaluate(() => (window as unknown as Debug).__onaji.client.you?.role);

describe('the key leaves the address bar', BROWSER_TEST, () => {
  it('[LK7] once the facilitate link is opened the key is stored and gone from the address; a reload is still the facilitator', async () => {
    const board = await createBoard(world.srv.url, { title: '鍵の表示' });
    const { page, context } = await personPage(world.browser, { width: 1366, height: 768 });
    await joinBoard(page, board.urls.facilitate, '進行役');
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect(page.url()).not.toContain(board.facilitatorKey);
    expect(await role(page)).toBe('facilitator');
    await page.getByTestId('phase-bar').waitFor({ timeout: ARRIVES });

    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
    expect(await role(page)).toBe('facilitator');
    expect(await page.evaluate(() => location.hash)).toBe('');
    await page.screenshot({ path: 'test-results/key-hash-laptop.png' });
    await context.close();
  });

});
