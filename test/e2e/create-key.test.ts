import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, launchBrowser, personPage } from '../helpers/browser.js';
import { removeDir, ROOT, startServer, type TestServer } from '../helpers/server.js';

const KEY = 'kumin-center-2026-spring';
const SHOTS = path.join(ROOT, 'test-results');

let guarded: TestServer;
let open: TestServer;
let browser: Browser;
beforeAll(async () => {
  const staticDir = path.join(ROOT, 'dist/client');
  guarded = await startServer({ staticDir, createKey: KEY });
  open = await startServer({ staticDir });
  browser = await launchBrowser();
  await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  for (const srv of [guarded, open]) {
    await srv?.stop();
    if (srv) await removeDir(srv.dataDir);
  }
});

const createError = (page: Page) => page.getByTestId('create-error').textContent();

describe('the create key on the home page', BROWSER_TEST, () => {
  it('[CK1][CK3] an organiser creates with the server’s key; a wrong or missing one says so; the browser remembers the key', async () => {
    const { context, page } = await personPage(browser, { width: 1366, height: 768 });
    page.setDefaultTimeout(ARRIVES);
    await page.goto(guarded.url + '/');
    const field = page.getByTestId('create-key');
    await field.waitFor();
    expect(await field.getAttribute('type')).toBe('password');

    await page.getByTestId('create-title').fill('区民センターの集い');
    await page.getByTestId('create-board').click();
    expect(await createError(page)).toContain('作成キーを入力してください');

    await field.fill('not-the-key-at-all');
    await page.getByTestId('create-board').click();
    await page.getByTestId('create-error').filter({ hasText: '作成キーが違います' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.screenshot({ path: path.join(SHOTS, 'create-key-wrong-1366x768.png') });

    await field.fill(KEY);
    await page.getByTestId('create-board').click();
    await page.waitForURL(/\/b\/[^/#]+/);
    const boardId = new URL(page.url()).pathname.split('/')[2]!;
    expect(await (await fetch(`${guarded.url}/api/boards/${boardId}`)).json()).toMatchObject({ title: '区民センターの集い' });

    // Next time, in this browser, the key is already there.
    await page.goto(guarded.url + '/');
    await page.getByTestId('create-key').waitFor();
    expect(await page.getByTestId('create-key').inputValue()).toBe(KEY);
    await context.close();
  });

  it('[CK3] a server without CREATE_KEY shows no key field, as on a laptop', async () => {
    const { context, page } = await personPage(browser, { width: 1366, height: 768 });
    page.setDefaultTimeout(ARRIVES);
    const asked = page.waitForResponse((r) => r.url().endsWith('/api/server'));
    await page.goto(open.url + '/');
    await asked;
    await page.getByTestId('create-board').waitFor();
    expect(await page.getByTestId('create-key').count()).toBe(0);
    await page.getByTestId('create-board').click();
    await page.waitForURL(/\/b\/[^/]+/);
    await context.close();
  });

  it('[SC4] too many wrong codes: the home page says how long to wait, and that links still work', async () => {
    const { context, page } = await personPage(browser, { width: 1366, height: 768 });
    page.setDefaultTimeout(ARRIVES);
    await page.goto(guarded.url + '/');
    // A mistyping room, from the page's own address: the wrong-code allowance used up.
    await page.evaluate(async () => {
      for (let i = 0; i < 25; i++) await fetch(`/api/join/${String(900000 + i)}`);
    });
    await page.getByTestId('join-code').fill('123456');
    await page.getByTestId('join-code-submit').click();
    const alert = page.locator('.card-join [role="alert"]');
    await alert.filter({ hasText: '秒ほど待って' }).waitFor();
    expect(await alert.textContent()).toMatch(/\d+秒ほど待って.*QR コードはそのまま使えます/);
    await context.close();
  });

  it('[CK3] screenshots of the home page with the key field at projector, laptop and phone sizes', async () => {
    const sizes = [
      { name: '1920x1080', viewport: { width: 1920, height: 1080 }, mobile: false },
      { name: '1366x768', viewport: { width: 1366, height: 768 }, mobile: false },
      { name: '390x844', viewport: { width: 390, height: 844 }, mobile: true },
    ];
    for (const s of sizes) {
      const context = await browser.newContext({ viewport: s.viewport, locale: 'ja-JP', hasTouch: s.mobile, isMobile: s.mobile });
      const page = await context.newPage();
      page.setDefaultTimeout(ARRIVES);
      await page.goto(guarded.url + '/');
      await page.getByTestId('create-key').waitFor();
      const box = await page.getByTestId('create-key').boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      // Never wider than the screen (M1).
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.getByTestId('create-key').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `create-key-${s.name}.png`), fullPage: s.mobile });
      await context.close();
    }
  });
});
