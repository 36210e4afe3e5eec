import { describe, expect, it } from 'vitest';
import { socketsOf } from '../../server/app.js';
import { createBoard } from '../helpers/server.js';
import { ARRIVES, BROWSER_TEST, joinBoard, personPage, webWorld } from '../helpers/browser.js';

const world = webWorld();

const VIEWPORTS = [
  { name: 'projector', viewport: { width: 1920, height: 1080 } },
  { name: 'laptop', viewport: { width: 1366, height: 768 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
];

describe('a connection sent away as slow', BROWSER_TEST, () => {
  it('[BU4] the badge says the connection fell behind and is reconnecting, then it is back', async () => {
    for (const { name, viewport } of VIEWPORTS) {
      const b = await createBoard(world.srv.url, { title: '遅い回線' });
      const { context, page } = await personPage(world.browser, viewport);
      try {
        await joinBoard(page, `${world.srv.url}/b/${b.id}`, `はるか${name}`);
        // What the server does to a socket that stopped reading, said to one that still reads.
        for (const s of socketsOf(world.srv.app.io, b.id)) {
          s.emit('bye', { reason: 'slow' });
          s.conn.close();
        }
        // Held offline for a moment, so the notice can be looked at before the reconnect.
        await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') !== 'connected', null, { timeout: ARRIVES });
        await context.setOffline(true);
        const badge = page.getByTestId('connection');
        await expect.poll(() => badge.textContent(), { timeout: ARRIVES }).toContain('通信が遅れたため');
        await page.screenshot({ path: `test-results/slow-reader-${name}.png` });
        await context.setOffline(false);
        await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
        expect(await badge.textContent()).not.toContain('通信が遅れたため');
      } finally {
        await context.close();
      }
    }
  }, 120_000);
});
