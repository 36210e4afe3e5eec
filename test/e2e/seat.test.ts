import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, personPage, webWorld } from '../helpers/browser.js';
import { createBoard, opId, Peer } from '../helpers/server.js';

const world = webWorld();

async function joinAs(page: Page, url: string, name: string) {
  page.setDefaultTimeout(ARRIVES);
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-submit').click();
  await waitState(page, 'connected');
}

const waitState = (page: Page, state: string) =>
  page.waitForFunction((s) => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === s, state, { timeout: ARRIVES });

async function writeNote(page: Page, text: string) {
  await page.getByTestId('add-note').click();
  const editor = page.getByTestId('note-editor');
  await editor.waitFor();
  await page.keyboard.type(text);
  await page.keyboard.press('Control+Enter');
  await editor.waitFor({ state: 'hidden' });
}

const noteCount = (page: Page) => page.evaluate(() => Object.keys((window as unknown as { __onaji: { client: { state: { notes: object } | null } } }).__onaji.client.state?.notes ?? {}).length);

describe('the smaller points of a seat', () => {
  it('[M4][C2] the offline badge counts notes waiting: one note added then edited is one note, not two ops', async () => {
    const b = await createBoard(world.srv.url, { title: 'オフライン' });
    const { context, page } = await personPage(world.browser, { width: 1366, height: 768 });
    await joinAs(page, `${world.srv.url}/b/${b.id}`, '電波 弱子');
    await context.setOffline(true);
    await waitState(page, 'offline');
    await writeNote(page, '圏外で書いたふせん');
    const badge = page.getByTestId('connection');
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '2');
    expect(await badge.getAttribute('data-pending-notes')).toBe('1');
    expect(await badge.innerText()).toContain('未送信のふせん 1 枚');
    await page.getByTestId('lang-toggle').click();
    expect(await badge.innerText()).toContain('1 note waiting');
    await context.setOffline(false);
    await waitState(page, 'connected');
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0', null, { timeout: ARRIVES });
    expect(await badge.innerText()).not.toContain('waiting');
    await context.close();
  }, 60_000);

  it('[K2] a locked board disables a participant’s editing controls before any press, and says why', async () => {
    const b = await createBoard(world.srv.url, { title: 'ロック' });
    const fac = new Peer(world.srv.url);
    try {
      await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
      const { context, page } = await personPage(world.browser, { width: 1366, height: 768 });
      await joinAs(page, `${world.srv.url}/b/${b.id}`, '参加 一郎');
      await writeNote(page, 'ロック前のふせん');
      expect((await fac.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: false })).ok).toBe(true);
      if ((await page.getByTestId('toggle-list').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('toggle-list').click();
      await page.getByTestId('list-vote-add').first().waitFor();
      expect(await page.getByTestId('add-note').isDisabled()).toBe(false);
      expect(await page.getByTestId('list-vote-add').first().isDisabled()).toBe(false);

      expect((await fac.send({ opId: opId(), type: 'board.update', locked: true })).ok).toBe(true);
      await page.getByTestId('notice-locked').waitFor();
      expect(await page.getByTestId('notice-locked').innerText()).toContain('ボードはロックされています');
      await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="add-note"]')?.disabled === true);
      expect(await page.getByTestId('add-note').getAttribute('title')).toContain('ボードはロックされています');
      expect(await page.getByTestId('list-vote-add').first().isDisabled()).toBe(true);
      expect(await page.getByTestId('list-vote-add').first().getAttribute('title')).toContain('ボードはロックされています');
      expect(await page.locator('.palette .swatch').first().isDisabled()).toBe(true);
      expect(await page.getByTestId('undo').isDisabled()).toBe(true);

      // The N key answers at once with the reason; nothing is added.
      const before = await noteCount(page);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('n');
      await page.getByTestId('toast').filter({ hasText: 'ロック' }).waitFor();
      expect(await noteCount(page)).toBe(before);
      expect(await page.getByTestId('note-editor').count()).toBe(0);

      expect((await fac.send({ opId: opId(), type: 'board.update', locked: false })).ok).toBe(true);
      await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="add-note"]')?.disabled === false);
      expect(await page.getByTestId('list-vote-add').first().isDisabled()).toBe(false);
      await context.close();
    } finally {
      fac.close();
    }
  }, 60_000);

  it('[M2] a resting cursor’s name fades out and comes back when it moves; a phone draws no cursors', async () => {
    const b = await createBoard(world.srv.url, { title: 'カーソル' });
    const mover = new Peer(world.srv.url);
    try {
      const laptop = await personPage(world.browser, { width: 1366, height: 768 });
      await joinAs(laptop.page, `${world.srv.url}/b/${b.id}`, 'ノート 見る');
      const phoneContext = await world.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'ja-JP' });
      const phone = await phoneContext.newPage();
      await joinAs(phone, `${world.srv.url}/b/${b.id}`, 'スマホ 見る');
      await mover.join({ boardId: b.id, name: '動く 人', affiliation: 'npo' });
      const labels = (page: Page) =>
        page.evaluate(() =>
          ((window as unknown as { Konva: { stages: { find(sel: string): { opacity(): number }[] }[] } }).Konva.stages[0]?.find('.cursor-label') ?? []).map((l) => l.opacity()),
        );
      const cursorsSeen = (page: Page) => page.evaluate(() => (window as unknown as { __onaji: { client: { cursors: { get(): Map<string, unknown> } } } }).__onaji.client.cursors.get().size);

      mover.socket.emit('cursor', { x: 100, y: 100 });
      await laptop.page.waitForFunction(() => ((window as any).Konva.stages[0]?.find('.cursor-label') ?? []).some((l: { opacity(): number }) => l.opacity() === 1));
      // Resting: the name fades (about 2 s, then a short fade).
      await laptop.page.waitForFunction(() => ((window as any).Konva.stages[0]?.find('.cursor-label') ?? []).every((l: { opacity(): number }) => l.opacity() === 0), null, { timeout: ARRIVES });
      expect(await labels(laptop.page)).toEqual([0]);
      // Moving again shows it again.
      mover.socket.emit('cursor', { x: 300, y: 200 });
      await laptop.page.waitForFunction(() => ((window as any).Konva.stages[0]?.find('.cursor-label') ?? []).some((l: { opacity(): number }) => l.opacity() === 1));

      // The phone heard the cursor but draws none.
      await phone.waitForFunction(() => (window as any).__onaji.client.cursors.get().size > 0, null, { timeout: ARRIVES });
      expect(await cursorsSeen(phone)).toBeGreaterThan(0);
      expect(await labels(phone)).toEqual([]);
      await laptop.context.close();
      await phoneContext.close();
    } finally {
      mover.close();
    }
  }, 60_000);
});
