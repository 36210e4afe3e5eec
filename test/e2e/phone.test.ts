import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, webWorld } from '../helpers/browser.js';
import { createBoard, opId, Peer, ROOT } from '../helpers/server.js';

const world = webWorld();

/** A workshop with several screens on a shared machine may take a while. */
const ROUND = 180_000;
const SHOTS = path.join(ROOT, 'test-results', 'phone');

const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const LAPTOP = { viewport: { width: 1366, height: 768 } };

type Screen = { context: BrowserContext; page: Page; name: string };

async function screen(browser: Browser, name: string, opts: typeof PHONE | typeof LAPTOP): Promise<Screen> {
  const context = await browser.newContext({ ...opts, locale: 'ja-JP' });
  const page = await context.newPage();
  page.setDefaultTimeout(ARRIVES);
  page.on('pageerror', (e) => console.error(`[${name} page error]`, e.message));
  return { context, page, name };
}

async function shoot(s: Screen, step: string) {
  await mkdir(SHOTS, { recursive: true });
  await s.page.screenshot({ path: path.join(SHOTS, `${step}-${s.name}.png`) });
}

/** What a person notices first on a phone: the page must never slide sideways. */
async function expectNoSideScroll(page: Page, when: string) {
  const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth, x: window.scrollX }));
  expect(m.scroll, `page wider than the screen ${when}`).toBeLessThanOrEqual(m.inner);
  expect(m.x, when).toBe(0);
}

/** The row of tools fits the screen: nothing hidden off its right edge, nothing to scroll. */
async function expectToolbarFits(page: Page) {
  const m = await page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('[role="toolbar"]')!;
    const right = Math.max(...[...bar.children].map((c) => c.getBoundingClientRect().right));
    return { scroll: bar.scrollWidth, client: bar.clientWidth, right, inner: window.innerWidth, height: bar.getBoundingClientRect().height };
  });
  expect(m.scroll).toBeLessThanOrEqual(m.client);
  expect(m.right).toBeLessThanOrEqual(m.inner);
  // One row, not a wrapped stack.
  expect(m.height).toBeLessThan(60);
}

const connected = (page: Page) =>
  page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });

const listTexts = (page: Page) => page.$$eval('[data-testid="list-view"] .note-text', (els) => els.map((el) => el.textContent ?? ''));

async function ok(p: Promise<{ ok: boolean }>) {
  const ack = await p;
  expect(ack.ok).toBe(true);
}

describe('a phone is a first-class seat', BROWSER_TEST, () => {
  it('[M1][M2][M3][J1][V1] joins by code from the home page, writes three notes, sees the others after the reveal, votes and sees the results, never scrolling sideways', async () => {
    const b = await createBoard(world.srv.url, { title: 'まちの防災を考えるワークショップ', template: 'same-table' });
    const fac = new Peer(world.srv.url);
    const npo = new Peer(world.srv.url);
    const city = new Peer(world.srv.url);
    try {
      await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
      await npo.join({ boardId: b.id, name: 'NPO 鈴木', affiliation: 'npo' });
      await city.join({ boardId: b.id, name: '市役所 田中', affiliation: 'government' });
      await ok(fac.send({ opId: opId(), type: 'writing.private', on: true }));
      await ok(npo.send({ opId: opId(), type: 'note.add', note: { id: 'n_npo', text: '避難所の運営を手伝える', x: 40, y: 200 } }));
      await ok(city.send({ opId: opId(), type: 'note.add', note: { id: 'n_city', text: '備蓄の情報を公開する', x: 300, y: 200 } }));

      const phone = await screen(world.browser, 'phone', PHONE);
      const laptop = await screen(world.browser, 'laptop', LAPTOP);

      // Home: joining by code comes first, in a large numeric field.
      await phone.page.goto(world.srv.url + '/');
      const code = phone.page.getByTestId('join-code');
      expect(await code.getAttribute('inputmode')).toBe('numeric');
      const codeBox = (await code.boundingBox())!;
      const createBox = (await phone.page.getByTestId('create-title').boundingBox())!;
      expect(codeBox.y).toBeLessThan(createBox.y);
      expect(codeBox.y + codeBox.height).toBeLessThanOrEqual(844);
      expect(codeBox.height).toBeGreaterThanOrEqual(48);
      expect(await code.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(24);
      await expectNoSideScroll(phone.page, 'on the home page');
      await shoot(phone, '1-home');

      await code.fill(b.code);
      await phone.page.getByTestId('join-code-submit').tap();
      await phone.page.getByTestId('join-name').waitFor();
      await expectNoSideScroll(phone.page, 'on the join form');
      await shoot(phone, '1b-join-form');
      await phone.page.getByTestId('join-name').fill('山田 花子');
      await phone.page.getByTestId('join-affiliation').selectOption('citizen');
      await phone.page.getByTestId('join-submit').tap();
      await phone.page.getByTestId('stage').waitFor();
      await connected(phone.page);

      await laptop.page.goto(`${world.srv.url}/b/${b.id}`);
      await laptop.page.getByTestId('join-name').fill('企業 佐藤');
      await laptop.page.getByTestId('join-affiliation').selectOption('company');
      await laptop.page.getByTestId('join-submit').click();
      await connected(laptop.page);

      // ① private writing: the others' notes are counted, not shown.
      await phone.page.waitForFunction(() => document.querySelector('[data-testid="hidden-count"]')?.getAttribute('data-count') === '2');
      await expectNoSideScroll(phone.page, 'on the board');
      await expectToolbarFits(phone.page);
      // One compact header row.
      expect((await phone.page.locator('.board-header').boundingBox())!.height).toBeLessThanOrEqual(56);
      await shoot(phone, '2-joined');
      await shoot(laptop, '2-joined');

      // The tools that do not fit are behind "more", which opens and closes by touch.
      await phone.page.getByTestId('tool-more').tap();
      const menu = phone.page.getByTestId('tool-more-menu');
      await menu.waitFor();
      const menuBox = (await menu.boundingBox())!;
      expect(menuBox.x).toBeGreaterThanOrEqual(0);
      expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(390);
      expect(await menu.getByTestId('fit-all').isVisible()).toBe(true);
      await expectNoSideScroll(phone.page, 'with the more menu open');
      await shoot(phone, '3-more-menu');
      await phone.page.locator('.board-title').tap();
      await menu.waitFor({ state: 'hidden' });

      // Touch hints, not keyboard ones.
      const words = await phone.page.evaluate(() => document.body.innerText);
      expect(words).not.toMatch(/ダブルクリック|N キー|↑↓/);

      const mine = ['高齢者の見守りを続けたい', '防災訓練に子どもも呼ぶ', '連絡網をつくり直す'];
      for (const text of mine) {
        await phone.page.getByTestId('add-note').tap();
        const editor = phone.page.getByTestId('note-editor');
        await editor.waitFor();
        await phone.page.keyboard.type(text);
        await phone.page.locator('.board-title').tap();
        await editor.waitFor({ state: 'hidden' });
        await expectNoSideScroll(phone.page, `after writing “${text}”`);
      }
      await phone.page.waitForFunction((n) => document.querySelectorAll('[data-testid="list-view"] .note-text').length === n, mine.length);
      expect((await listTexts(phone.page)).sort()).toEqual([...mine].sort());
      await phone.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0');
      await expectToolbarFits(phone.page);
      await shoot(phone, '4-three-notes');
      await shoot(laptop, '4-three-notes');

      // ② the reveal: everybody's notes, on the phone too.
      await ok(fac.send({ opId: opId(), type: 'writing.private', on: false }));
      await phone.page.waitForFunction(() => document.querySelectorAll('[data-testid="list-view"] .note-text').length === 5);
      expect(await listTexts(phone.page)).toEqual(expect.arrayContaining(['避難所の運営を手伝える', '備蓄の情報を公開する']));
      await expectNoSideScroll(phone.page, 'after the reveal');
      await shoot(phone, '5-revealed');
      await shoot(laptop, '5-revealed');

      // ③ the vote, from the list's ＋ (a finger's way to vote on a small screen).
      await ok(fac.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: false }));
      await phone.page.getByTestId('votes-left').waitFor();
      for (const id of ['n_npo', 'n_npo', 'n_city']) {
        const before = Number(await phone.page.getByTestId('votes-left').getAttribute('data-left'));
        await phone.page.locator(`[data-testid="list-view"] li[data-note-id="${id}"] [data-testid="list-vote-add"]`).tap();
        await phone.page.waitForFunction((n) => Number(document.querySelector('[data-testid="votes-left"]')?.getAttribute('data-left')) === n, before - 1);
      }
      // Two quick taps on one ＋ were two votes, and did not open the note's editor.
      expect(await phone.page.locator('.list-editor').count()).toBe(0);
      await expectNoSideScroll(phone.page, 'while voting');
      await expectToolbarFits(phone.page);
      await shoot(phone, '6-voted');
      await shoot(laptop, '6-voting');

      // ④ the results open into view by themselves.
      await ok(fac.send({ opId: opId(), type: 'voting.end' }));
      const results = phone.page.getByTestId('results');
      await results.waitFor();
      await phone.page.waitForFunction(() => {
        const r = document.querySelector('[data-testid="results-overall"]')?.getBoundingClientRect();
        return !!r && r.top >= 0 && r.top < window.innerHeight - 40;
      });
      const ranks = await phone.page.$$eval('[data-testid="results-overall"] li', (els) => els.map((el) => [el.getAttribute('data-note-id'), el.getAttribute('data-votes')]));
      expect(ranks[0]).toEqual(['n_npo', '2']);
      expect(await phone.page.locator('[data-testid="results-overall"] li').first().innerText()).toContain('避難所の運営を手伝える');
      await expectNoSideScroll(phone.page, 'with the results');
      await expectToolbarFits(phone.page);
      await laptop.page.getByTestId('results').waitFor();
      await shoot(phone, '7-results');
      await shoot(laptop, '7-results');

      // The same screen in English: still one row, still nothing to the side.
      await phone.page.getByTestId('lang-toggle').tap();
      await phone.page.waitForFunction(() => document.documentElement.lang === 'en');
      expect(await phone.page.getByTestId('results').innerText()).toMatch(/2 votes[\s\S]*1 vote\b/);
      await expectNoSideScroll(phone.page, 'in English');
      await expectToolbarFits(phone.page);
      await shoot(phone, '8-results-en');

      await phone.context.close();
      await laptop.context.close();
    } finally {
      for (const p of [fac, npo, city]) p.close();
    }
  }, ROUND);
});
