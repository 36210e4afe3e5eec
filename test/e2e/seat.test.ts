import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, joinBoard, personPage, webWorld, writeNoteFromToolbar } from '../helpers/browser.js';
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


const world = webWorld();

const joinAs = (page: Page, url: string, name: string) => joinBoard(page, url, name);

const waitState = (page: Page, state: string) =>
  page.waitForFunction((s) => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === s, state, { timeout: ARRIVES });

const writeNote = writeNoteFromToolbar;

const noteCount = (page: Page) => page.evaluate(() => Object.keys((window as unknown as { __onaji: { client: { state: { notes: object } | null } } }).__onaji.client.state?.notes ?? {}).length);

describe('the smaller points of a seat', BROWSER_TEST, () => {
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
    // A phone's one header row: the count, short, and the rest of the row still on screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => (document.querySelector('[data-testid="connection"]') as HTMLElement).innerText.includes('未送信 1 枚'));
    const right = await page.evaluate(() => Math.max(...[...document.querySelector('.board-header')!.children].map((c) => c.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-results/phone/offline-badge-phone.png' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByTestId('lang-toggle').click();
    expect(await badge.innerText()).toContain('1 note waiting');
    await context.setOffline(false);
    await waitState(page, 'connected');
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0', null, { timeout: ARRIVES });
    expect(await badge.innerText()).not.toContain('waiting');
    await context.close();
  });

  it('[K2][M5] a locked board disables a participant’s editing controls before any press, and says why', async () => {
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
      // The canvas's own ＋ on the note, counted as Konva draws it.
      type Stages = { Konva: { stages: { find(selector: string): unknown[] }[] } };
      const canvasPluses = () => page.evaluate(() => (window as unknown as Stages).Konva.stages[0]!.find('.vote-add').length);
      await page.waitForFunction(() => (window as unknown as Stages).Konva.stages[0]!.find('.vote-add').length > 0);

      expect((await fac.send({ opId: opId(), type: 'board.update', locked: true })).ok).toBe(true);
      await page.getByTestId('notice-locked').waitFor();
      expect(await page.getByTestId('notice-locked').innerText()).toContain('ボードはロックされています');
      await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="add-note"]')?.disabled === true);
      expect(await page.getByTestId('add-note').getAttribute('title')).toContain('ボードはロックされています');
      expect(await page.getByTestId('list-vote-add').first().isDisabled()).toBe(true);
      expect(await page.getByTestId('list-vote-add').first().getAttribute('title')).toContain('ボードはロックされています');
      expect(await page.locator('.palette .swatch').first().isDisabled()).toBe(true);
      // Colours are named for a screen reader (M5), not read out as codes.
      expect(await page.locator('.swatch[data-color="#fff59d"]').getAttribute('aria-label')).toBe('色：黄');
      expect(await page.locator('.swatch[data-color="#a5d6a7"]').getAttribute('aria-label')).toBe('色：緑');
      expect(await page.getByTestId('undo').isDisabled()).toBe(true);
      await page.waitForFunction(() => (window as unknown as Stages).Konva.stages[0]!.find('.vote-add').length === 0);
      expect(await canvasPluses()).toBe(0);

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
  });

  it('[M2][RM2] a resting cursor’s name fades out and comes back when it moves; a phone draws no cursors', async () => {
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
      await laptop.page.waitForFunction(() => ((window as unknown as PageHooks).Konva.stages[0]?.find('.cursor-label') ?? []).some((l: { opacity(): number }) => l.opacity() === 1));
      // Resting: the name fades (about 2 s, then a short fade).
      await laptop.page.waitForFunction(() => ((window as unknown as PageHooks).Konva.stages[0]?.find('.cursor-label') ?? []).every((l: { opacity(): number }) => l.opacity() === 0), null, { timeout: ARRIVES });
      expect(await labels(laptop.page)).toEqual([0]);
      // Moving again shows it again.
      mover.socket.emit('cursor', { x: 300, y: 200 });
      await laptop.page.waitForFunction(() => ((window as unknown as PageHooks).Konva.stages[0]?.find('.cursor-label') ?? []).some((l: { opacity(): number }) => l.opacity() === 1));

      // The phone draws none, and asked for none (RM2): the moves the laptop saw never reached it.
      expect(await cursorsSeen(phone)).toBe(0);
      expect(await labels(phone)).toEqual([]);
      await laptop.context.close();
      await phoneContext.close();
    } finally {
      mover.close();
    }
  });

  it('[H7][M6] the results page shows no live connected count, and its 同率 marks stand in one column, as in the board’s panel', async () => {
    const b = await createBoard(world.srv.url, { title: '結果ページ' });
    const fac = new Peer(world.srv.url);
    const voters = [new Peer(world.srv.url), new Peer(world.srv.url)];
    try {
      await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
      for (const [i, v] of voters.entries()) await v.join({ boardId: b.id, name: `投票者 ${i}`, affiliation: 'citizen' });
      const texts = ['一つめ', '二つめ', '三つめ', '四つめ'];
      for (const [i, text] of texts.entries()) expect((await voters[0]!.send({ opId: opId(), type: 'note.add', note: { id: `r${i}`, text, x: i * 250, y: 0 } })).ok).toBe(true);
      expect((await fac.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: false })).ok).toBe(true);
      // r0: 2, r1: 2 (tied first), r2: 1, r3: 1 (tied third).
      for (const [who, note] of [[0, 'r0'], [1, 'r0'], [0, 'r1'], [1, 'r1'], [0, 'r2'], [1, 'r3']] as const)
        expect((await voters[who]!.send({ opId: opId(), type: 'vote.add', noteId: note })).ok).toBe(true);
      expect((await fac.send({ opId: opId(), type: 'voting.end' })).ok).toBe(true);

      const { context, page } = await personPage(world.browser, { width: 1366, height: 768 });
      page.setDefaultTimeout(ARRIVES);
      await page.goto(`${world.srv.url}/b/${b.id}/results`);
      const overall = page.getByTestId('results-page-overall');
      await overall.locator('li').nth(3).waitFor();
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('接続中');
      const rows = await overall.locator('li').evaluateAll((els) =>
        els.map((el) => ({
          tied: el.getAttribute('data-tied'),
          tie: el.querySelector('.tie')?.getBoundingClientRect().left ?? null,
          text: el.querySelector('.results-text')!.getBoundingClientRect().left,
          place: el.querySelector('.results-place')!.getBoundingClientRect().right,
        })),
      );
      expect(rows.map((r) => r.tied)).toEqual(['true', 'true', 'true', 'true']);
      const ties = rows.map((r) => r.tie!);
      expect(Math.max(...ties) - Math.min(...ties)).toBeLessThan(1);
      expect(Math.max(...rows.map((r) => r.text)) - Math.min(...rows.map((r) => r.text))).toBeLessThan(1);
      expect(Math.max(...rows.map((r) => r.place)) - Math.min(...rows.map((r) => r.place))).toBeLessThan(1);
      await page.screenshot({ path: 'test-results/phone/results-page-laptop.png' });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth);
      await page.screenshot({ path: 'test-results/phone/results-page-phone.png' });

      // The board's own results panel lines its ranks, marks and texts up the same way.
      await page.setViewportSize({ width: 1366, height: 768 });
      await joinAs(page, `${world.srv.url}/b/${b.id}`, '見に来た 人');
      const panel = page.getByTestId('results-overall');
      await panel.locator('li').nth(3).waitFor();
      const lines = await panel.locator('li').evaluateAll((els) =>
        els.map((el) => [el.querySelector('.tie')!.getBoundingClientRect().left, el.querySelector('.rank-text')!.getBoundingClientRect().left]),
      );
      for (const col of [0, 1]) expect(Math.max(...lines.map((l) => l[col]!)) - Math.min(...lines.map((l) => l[col]!))).toBeLessThan(1);
      await page.screenshot({ path: 'test-results/phone/results-panel-laptop.png' });
      await context.close();
    } finally {
      for (const p of [fac, ...voters]) p.close();
    }
  });

  it('[M1] at every window width the toolbar fits in one row and the header stays one row, for a facilitator too', async () => {
    const b = await createBoard(world.srv.url, { title: '地域の防災を考える協働ワークショップ 第2回', template: 'same-table' });
    const { context, page } = await personPage(world.browser, { width: 1920, height: 1080 });
    await page.goto(`${world.srv.url}/b/${b.id}#key=${b.facilitatorKey}`);
    await page.getByTestId('join-name').fill('進行 役子');
    await page.getByTestId('join-submit').click();
    await waitState(page, 'connected');
    for (const width of [1920, 1440, 1366, 1280, 1180, 1024, 820, 768, 390, 360, 1366]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForFunction(
        () => {
          const bar = document.querySelector<HTMLElement>('[role="toolbar"]')!;
          return bar.clientWidth === document.documentElement.clientWidth && bar.scrollWidth <= bar.clientWidth;
        },
        null,
        { timeout: ARRIVES },
      );
      const m = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        header: document.querySelector('.board-header')!.getBoundingClientRect().height,
        bar: document.querySelector('[role="toolbar"]')!.getBoundingClientRect().height,
      }));
      expect(m.page, `at ${width} px`).toBeLessThanOrEqual(width);
      expect(m.header, `header at ${width} px`).toBeLessThan(70);
      expect(m.bar, `toolbar at ${width} px`).toBeLessThan(60);
      // Whatever is tucked away is still one press away.
      if (!(await page.getByTestId('zoom-in').isVisible())) {
        await page.getByTestId('tool-more').click();
        expect(await page.getByTestId('zoom-in').isVisible()).toBe(true);
        await page.keyboard.press('Escape');
        await page.getByTestId('tool-more-menu').waitFor({ state: 'hidden' });
      }
    }
    expect(await page.getByTestId('add-note').isVisible()).toBe(true);
    await context.close();
  });
});
