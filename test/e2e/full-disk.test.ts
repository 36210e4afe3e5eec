import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, joinBoard, personPage, webWorld, writeNoteFromToolbar } from '../helpers/browser.js';
import { createBoard, Peer } from '../helpers/server.js';

// What a participant sees when the server's disk fills while they write (S7): the note stays on
// their screen, a message says the server cannot save just now, and it is saved once space is back.

const world = webWorld();

type Debug = { __onaji: { client: { state: { notes: Record<string, { text: string }> } | null } } };
const shownTexts = (page: import('playwright-core').Page) =>
  page.evaluate(() => Object.values((window as unknown as Debug).__onaji.client.state?.notes ?? {}).map((n) => n.text));

const pendingOf = (page: import('playwright-core').Page) =>
  page.$eval('[data-testid="connection"]', (el) => Number(el.getAttribute('data-pending') ?? '0'));

describe('a full disk, as a participant sees it', BROWSER_TEST, () => {
  for (const [label, viewport, mobile] of [
    ['laptop', { width: 1366, height: 768 }, false],
    ['phone', { width: 390, height: 844 }, true],
  ] as const) {
    it(`[S7] (${label}) a note written while the disk is full stays on screen with a clear message, and is saved once space is freed`, { timeout: 120_000 }, async () => {
      const { srv } = world;
      const board = await createBoard(srv.url, { title: '満杯の日' });
      const context = mobile
        ? await world.browser.newContext({ viewport, locale: 'ja-JP', hasTouch: true, isMobile: true })
        : (await personPage(world.browser, viewport)).context;
      const page = context.pages()[0] ?? (await context.newPage());
      await joinBoard(page, `${srv.url}/b/${board.id}`, '参加者', 'citizen');

      // The disk is full: every op log write fails, as ENOSPC would.
      const append = srv.store.append.bind(srv.store);
      let full = true;
      srv.store.append = (id, entry) => (full ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : append(id, entry));
      try {
      const text = '満杯のときに書いたメモ';
      await writeNoteFromToolbar(page, text);
      const toast = page.locator('[data-testid="toast"][data-key="error.unavailable"]');
      await toast.first().waitFor({ timeout: ARRIVES });
      expect(await toast.first().innerText()).toContain('自動で送り直します');
      // Still on the participant's own screen, waiting to be sent again.
      expect(await shownTexts(page)).toContain(text);
      expect(await pendingOf(page)).toBeGreaterThan(0);
      await page.screenshot({ path: `test-results/full-disk-${label}.png` });

      full = false;
      await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0', null, { timeout: 4 * ARRIVES });
      const judge = new Peer(srv.url);
      const ack = await judge.join({ boardId: board.id, name: '確認' });
      judge.close();
      if (!ack.ok || !('board' in ack)) throw new Error('join');
      expect(ack.board.notes.filter((n) => n.text === text)).toHaveLength(1);
      } finally {
        srv.store.append = append;
        await context.close();
      }
    });
  }
});
