import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, joinBoard, webWorld } from '../helpers/browser.js';
import { createBoard, ROOT } from '../helpers/server.js';

const world = webWorld();

const ROUND = 180_000;
const SHOTS = path.join(ROOT, 'test-results', 'door');
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1366, height: 768 } };
const WALL = { viewport: { width: 1920, height: 1080 } };

type Screen = { context: BrowserContext; page: Page; name: string };

async function screen(browser: Browser, name: string, opts: object, context?: BrowserContext): Promise<Screen> {
  const ctx = context ?? (await browser.newContext({ ...opts, locale: 'ja-JP' }));
  const page = await ctx.newPage();
  if (context) await page.setViewportSize((opts as typeof WALL).viewport);
  page.setDefaultTimeout(ARRIVES);
  page.on('pageerror', (e) => console.error(`[${name} page error]`, e.message));
  return { context: ctx, page, name };
}

async function shoot(s: Screen, step: string) {
  await mkdir(SHOTS, { recursive: true });
  await s.page.screenshot({ path: path.join(SHOTS, `${step}-${s.name}.png`) });
}

const connected = (page: Page) =>
  page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });

/** A newcomer on a phone types the six-digit code on the home page, then a name. */
async function knock(browser: Browser, name: string, code: string, via?: string) {
  const phone = await screen(browser, name, PHONE);
  await phone.page.goto(via ?? `${world.srv.url}/j/${code}`);
  await phone.page.getByTestId('join-name').fill(name);
  await phone.page.getByTestId('join-affiliation').selectOption('community');
  await phone.page.getByTestId('join-submit').tap();
  return phone;
}

describe('the door in the room (DR)', BROWSER_TEST, () => {
  it(
    '[DR1][DR3][DR4][DR5] after ① starts a newcomer by code waits for approval; the QR link on the wall walks straight in',
    async () => {
      const board = await createBoard(world.srv.url, { title: '地域の防災を考える', template: 'same-table' });
      const fac = await screen(world.browser, 'facilitator', LAPTOP);
      await joinBoard(fac.page, board.urls.facilitate, '進行役');
      await fac.page.getByTestId('door-mode-onStart').check();
      await fac.page.waitForFunction(() => document.querySelector('[data-testid="door-mode"]')?.getAttribute('data-mode') === 'onStart');
      await fac.page.getByTestId('phase-private').click();
      await fac.page.getByTestId('door-shut').waitFor();

      // The wall, opened from the facilitator's browser, carries the token in its QR code only.
      const wall = await screen(world.browser, 'projector', WALL, fac.context);
      await wall.page.goto(board.urls.present);
      await wall.page.getByTestId('present-card').waitFor();
      const qr = await wall.page.waitForFunction(() => {
        const text = document.querySelector('[data-testid="present-qr"]')?.getAttribute('data-text') ?? '';
        return text.includes('#door=') ? text : null;
      });
      const qrLink = (await qr.jsonValue()) as string;
      expect(qrLink).toMatch(new RegExp(`/j/${board.code}#door=[A-Za-z0-9_-]{22,}$`));
      expect(await wall.page.getByTestId('present-join-url').textContent()).not.toContain('door=');

      // By code alone: the phone waits, and the facilitator sees who.
      const late = await knock(world.browser, '遅れて来た人', board.code);
      await late.page.getByTestId('door-waiting').waitFor();
      expect(await late.page.getByTestId('door-waiting').getAttribute('data-facilitators')).toBe('1');
      expect(await late.page.getByTestId('door-no-facilitator').count()).toBe(0);
      await shoot(late, 'waiting');
      const request = fac.page.getByTestId('door-request').filter({ hasText: '遅れて来た人' });
      await request.waitFor();
      expect(await request.textContent()).toContain('地縁組織');
      await shoot(fac, 'queue');
      await shoot(wall, 'wall');
      // Never on the wall.
      expect(await wall.page.getByTestId('door-queue').count()).toBe(0);
      expect(await wall.page.locator('body').textContent()).not.toContain('遅れて来た人');

      // Approved from the keyboard: the phone enters the board by itself.
      await request.getByTestId('door-approve').focus();
      await fac.page.keyboard.press('Enter');
      await late.page.getByTestId('stage').waitFor();
      await connected(late.page);
      await fac.page.getByTestId('door-queue').waitFor({ state: 'detached' });
      // A reload is the same person, without asking again (J2, DR2).
      await late.page.reload();
      await connected(late.page);
      expect(await late.page.getByTestId('door-waiting').count()).toBe(0);

      // Declined: the phone is told so on the form.
      const turned = await knock(world.browser, '見送られる人', board.code);
      await turned.page.getByTestId('door-waiting').waitFor();
      await fac.page.getByTestId('door-request').filter({ hasText: '見送られる人' }).getByTestId('door-decline').click();
      const refusal = turned.page.getByTestId('join-refused');
      await refusal.waitFor();
      expect(await refusal.getAttribute('data-reason')).toBe('declined');
      expect(await refusal.textContent()).toContain('見送りました');
      await shoot(turned, 'declined');

      // Cancelled: back to the form, and the facilitator's list empties.
      const gave = await knock(world.browser, 'やめる人', board.code);
      await gave.page.getByTestId('door-waiting').waitFor();
      await fac.page.getByTestId('door-request').filter({ hasText: 'やめる人' }).waitFor();
      await gave.page.getByTestId('door-cancel').tap();
      await gave.page.getByTestId('join-name').waitFor();
      await fac.page.getByTestId('door-queue').waitFor({ state: 'detached' });

      // The QR link from the wall: straight in, the token gone from the address bar.
      const scanned = await knock(world.browser, 'QRで来た人', board.code, qrLink);
      await scanned.page.getByTestId('stage').waitFor();
      await connected(scanned.page);
      expect(scanned.page.url()).not.toContain('door=');
      expect(await fac.page.getByTestId('door-queue').count()).toBe(0);

      for (const s of [late, turned, gave, scanned]) await s.context.close();
      await fac.context.close();
    },
    ROUND,
  );
});
