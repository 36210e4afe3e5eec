import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, listNotes, personPage, webWorld } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';
import type { CreateBoardResponse } from '../../shared/protocol.js';

const world = webWorld();

/** Several browsers in one test on a shared machine: a whole workshop round may take a while. */
const ROUND = 120_000;

type Person = { context: BrowserContext; page: Page };
type Debug = {
  __onaji: {
    client: { you: { id: string } | null; state: { timer: { endsAt: number | null }; notes: Record<string, { text: string }> } | null };
    voteButtonPoint(id: string, kind: 'add' | 'remove'): { x: number; y: number } | null;
    nextFrame(): Promise<void>;
  };
};

async function join(person: Person, url: string, name: string, affiliation = 'citizen') {
  person.page.setDefaultTimeout(ARRIVES);
  await person.page.goto(url);
  await person.page.getByTestId('join-name').fill(name);
  await person.page.getByTestId('join-affiliation').selectOption(affiliation);
  await person.page.getByTestId('join-submit').click();
  await person.page.getByTestId('stage').waitFor();
  await person.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
}

async function showList(page: Page) {
  if (!(await page.getByTestId('list-view').isVisible().catch(() => false))) await page.getByTestId('toggle-list').click();
  await page.getByTestId('list-view').waitFor();
}

/** Writes a note through the toolbar and the canvas editor; returns its id. */
async function writeNote(page: Page, text: string): Promise<string> {
  await page.getByTestId('add-note').click();
  const editor = page.getByTestId('note-editor');
  await editor.waitFor();
  const id = (await editor.getAttribute('data-note-id'))!;
  await page.keyboard.type(text);
  await page.keyboard.press('Control+Enter');
  await editor.waitFor({ state: 'hidden' });
  return id;
}

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).getAttribute(name);
const waitAttr = (page: Page, testId: string, name: string, value: string) =>
  page.waitForFunction(([t, n, v]) => document.querySelector(`[data-testid="${t}"]`)?.getAttribute(n!) === v, [testId, name, value] as const, { timeout: ARRIVES });
const listHas = (page: Page, text: string) =>
  page.waitForFunction((s) => [...document.querySelectorAll('[data-testid="list-view"] .note-text')].some((el) => el.textContent === s), text, { timeout: ARRIVES });

/** Votes with the keyboard: focusing a note in the list selects it; V adds a vote, Shift+V takes one back. */
async function voteByKey(page: Page, noteId: string, key = 'v') {
  await page.locator(`[data-testid="list-view"] li[data-note-id="${noteId}"]`).focus();
  await page.keyboard.press(key);
}

/** Votes with the mouse on the note's own + / − on the canvas. */
async function clickVoteButton(page: Page, noteId: string, kind: 'add' | 'remove', modifiers: ('Shift')[] = []) {
  await page.evaluate(() => (window as unknown as Debug).__onaji.nextFrame());
  const p = await page.evaluate(([id, k]) => (window as unknown as Debug).__onaji.voteButtonPoint(id!, k as 'add' | 'remove'), [noteId, kind] as const);
  if (!p) throw new Error(`no vote button for ${noteId}`);
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(p.x, p.y);
  for (const m of modifiers) await page.keyboard.up(m);
}

let board: CreateBoardResponse;
const participantUrl = () => `${world.srv.url}/b/${board.id}`;

describe('running a workshop from the browser', BROWSER_TEST, () => {
  beforeAll(async () => {
    board = await createBoard(world.srv.url, { title: '協働ワークショップ' });
  });

  it('[F4] a participant sees the countdown the facilitator started, on the server’s clock even when its own is ten minutes off', async () => {
    const fac = await personPage(world.browser);
    const person = await personPage(world.browser, { width: 390, height: 844 });
    // This laptop's clock runs ten minutes fast: the join's serverTime must correct it.
    await person.context.addInitScript(() => {
      const real = Date.now.bind(Date);
      Date.now = () => real() + 10 * 60_000;
    });
    await join(fac, board.urls.facilitate, '進行役');
    await join(person, participantUrl(), '鈴木');

    await fac.page.getByTestId('timer-preset-180').click();
    await waitAttr(person.page, 'timer', 'data-running', 'true');
    const left = Number(await attr(person.page, 'timer', 'data-remaining'));
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(180);
    expect(await person.page.getByTestId('timer').textContent()).toMatch(/^[0-3]:[0-5]\d/);
    // Both screens count down to the one end the server set.
    const endsAt = (p: Page) => p.evaluate(() => (window as unknown as Debug).__onaji.client.state?.timer.endsAt);
    expect(await endsAt(person.page)).toBe(await endsAt(fac.page));

    await fac.page.getByTestId('timer-stop').click();
    await person.page.getByTestId('timer').waitFor({ state: 'detached', timeout: ARRIVES });
    for (const p of [fac, person]) await p.context.close();
  }, ROUND);

  it('[F7][F8][V1][V4] the phase bar runs a round: write alone, share, vote, results', async () => {
    const round = await createBoard(world.srv.url, { title: 'ふりかえり会' });
    const url = `${world.srv.url}/b/${round.id}`;
    const fac = await personPage(world.browser);
    const a = await personPage(world.browser);
    const b = await personPage(world.browser);
    const wall = await personPage(world.browser, { width: 1600, height: 900 });
    await join(fac, round.urls.facilitate, '進行役');
    await join(a, url, '山田', 'npo');
    await join(b, url, '田中', 'government');
    await wall.page.goto(round.urls.present);
    await wall.page.getByTestId('present-welcome').waitFor({ timeout: ARRIVES });
    for (const p of [fac, a, b]) await showList(p.page);

    // ① Write alone.
    await fac.page.getByTestId('phase-private').click();
    await waitAttr(fac.page, 'phase-bar', 'data-current', 'private');
    await a.page.getByTestId('notice-private').waitFor({ timeout: ARRIVES });
    await b.page.getByTestId('notice-private').waitFor({ timeout: ARRIVES });
    const aNote = await writeNote(a.page, 'Aの案：避難所マップ');
    const b1 = await writeNote(b.page, 'Bの案：防災訓練');
    const b2 = await writeNote(b.page, 'Bの案：備蓄リスト');
    await listHas(fac.page, 'Bの案：備蓄リスト'); // the facilitator sees everything
    await listHas(fac.page, 'Aの案：避難所マップ');
    // A sees its own note and only a count of B's.
    await listHas(a.page, 'Aの案：避難所マップ');
    await a.page.getByTestId('hidden-refresh').click();
    await waitAttr(a.page, 'hidden-count', 'data-count', '2');
    expect(await a.page.getByTestId('hidden-count').textContent()).toContain('2');
    expect((await listNotes(a.page)).map((n) => n.text)).toEqual(['Aの案：避難所マップ']);
    expect(await a.page.getByTestId('list-view').textContent()).not.toContain('Bの案');

    // ② Share: every note reaches everybody at once.
    await fac.page.getByTestId('phase-reveal').click();
    await listHas(a.page, 'Bの案：防災訓練');
    await listHas(a.page, 'Bの案：備蓄リスト');
    await listHas(b.page, 'Aの案：避難所マップ');
    await a.page.getByTestId('notice-private').waitFor({ state: 'detached' });

    // ③ Vote: three votes each.
    await fac.page.getByTestId('phase-budget').selectOption('3');
    await fac.page.getByTestId('phase-vote').click();
    await waitAttr(a.page, 'votes-left', 'data-left', '3');
    await waitAttr(b.page, 'votes-left', 'data-left', '3');
    // A: three clicks on B2's +, then a shift-click takes one back, then V on its own note.
    for (let i = 0; i < 3; i++) await clickVoteButton(a.page, b2, 'add');
    await waitAttr(a.page, 'votes-left', 'data-left', '0');
    await clickVoteButton(a.page, b2, 'add', ['Shift']);
    await waitAttr(a.page, 'votes-left', 'data-left', '1');
    await voteByKey(a.page, aNote);
    await waitAttr(a.page, 'votes-left', 'data-left', '0');
    // A fourth vote is refused with a message that says why.
    await voteByKey(a.page, b1);
    await a.page.waitForSelector('[data-testid="toast"][data-key="vote.noneLeft"]', { timeout: ARRIVES });
    // B: one each on B2, A's note and B1.
    for (const id of [b2, aNote, b1]) await voteByKey(b.page, id);
    await waitAttr(b.page, 'votes-left', 'data-left', '0');
    // The facilitator sees who has finished: both participants online have used all their votes.
    await waitAttr(fac.page, 'vote-progress', 'data-done', '2');
    expect(await attr(fac.page, 'vote-progress', 'data-online')).toBe('2');

    // ④ Results: B2 (3 votes) first, then A's note (2), then B1 (1), for everybody.
    await fac.page.getByTestId('phase-results').click();
    await waitAttr(fac.page, 'phase-bar', 'data-current', 'results');
    for (const p of [fac, a, b, wall]) {
      await p.page.getByTestId('results-overall').waitFor({ timeout: ARRIVES });
      await p.page.waitForFunction(() => document.querySelectorAll('[data-testid="results-overall"] li').length === 3, null, { timeout: ARRIVES });
      const ranked = await p.page.$$eval('[data-testid="results-overall"] li', (els) =>
        els.map((el) => [el.getAttribute('data-note-id'), el.getAttribute('data-rank'), el.getAttribute('data-votes')]),
      );
      expect(ranked).toEqual([
        [b2, '1', '3'],
        [aNote, '2', '2'],
        [b1, '3', '1'],
      ]);
    }
    expect((await listNotes(a.page)).length).toBe(3);

    // ⑤ Reflect reaches every screen (PH1) with a prompt that fits this board: a blank board has
    // no KPT sections, so it is not asked for KPT notes (PH3).
    await fac.page.getByTestId('phase-reflect').click();
    await waitAttr(fac.page, 'phase-bar', 'data-current', 'reflect');
    for (const p of [a, b]) {
      await waitAttr(p.page, 'phase-now', 'data-phase', 'reflect');
      expect(await p.page.getByTestId('reflection-prompt').textContent()).not.toContain('Keep');
    }

    // Back to ①: the results leave every screen, the wall included (PH2).
    await fac.page.getByTestId('phase-private').click();
    for (const p of [fac, a, b, wall]) await p.page.getByTestId('results-overall').waitFor({ state: 'detached', timeout: ARRIVES });
    await waitAttr(a.page, 'phase-now', 'data-phase', 'private');
    for (const p of [fac, a, b, wall]) await p.context.close();
  }, ROUND);

  it('[F2][F3][F5][V3] the facilitator renames, hides authors, locks, and removes; the removed person is told and stays out', async () => {
    const room = await createBoard(world.srv.url, { title: '役割のテスト' });
    const url = `${world.srv.url}/b/${room.id}`;
    const fac = await personPage(world.browser);
    const a = await personPage(world.browser);
    const b = await personPage(world.browser);
    await join(fac, room.urls.facilitate, '進行役');
    await join(a, url, '山田');
    await join(b, url, '田中');
    for (const p of [a, b]) await showList(p.page);
    await writeNote(b.page, '田中のふせん');
    await listHas(a.page, '田中のふせん');
    const ids = { a: await a.page.evaluate(() => (window as unknown as Debug).__onaji.client.you!.id), b: await b.page.evaluate(() => (window as unknown as Debug).__onaji.client.you!.id) };

    // Rename inline: everybody's list of people shows the new name.
    const row = fac.page.locator(`[data-testid="participants"] li[data-participant-id="${ids.a}"]`);
    await row.getByTestId('participant-rename').click();
    await row.getByTestId('participant-rename-input').fill('山田（記録係）');
    await row.getByTestId('participant-rename-input').press('Enter');
    await a.page.waitForFunction((id) => document.querySelector(`[data-participant-id="${id}"] .person-name`)?.textContent?.includes('山田（記録係）'), ids.a, { timeout: ARRIVES });

    // Anonymous: A sees B's note without an author, and says so.
    await fac.page.getByTestId('fac-anonymous').check();
    await a.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="list-view"] .note-meta')].some((el) => el.textContent?.includes('匿名')), null, { timeout: ARRIVES });
    expect(await a.page.getByTestId('list-view').textContent()).not.toContain('田中 ·');
    await fac.page.getByTestId('fac-anonymous').uncheck();

    // Lock: A is told, and the editing controls are disabled with the reason before any press (K2).
    await fac.page.getByTestId('fac-locked').check();
    await a.page.getByTestId('notice-locked').waitFor({ timeout: ARRIVES });
    expect(await a.page.getByTestId('notice-locked').textContent()).toContain('ボードはロックされています');
    await a.page.waitForFunction(() => document.querySelector<HTMLButtonElement>('[data-testid="add-note"]')?.disabled === true, null, { timeout: ARRIVES });
    expect(await a.page.getByTestId('add-note').getAttribute('title')).toContain('ボードはロックされています');
    await fac.page.getByTestId('fac-locked').uncheck();
    await a.page.getByTestId('notice-locked').waitFor({ state: 'detached', timeout: ARRIVES });

    // Hand over: the link with the key comes with a warning first.
    await fac.page.getByTestId('handover').click();
    expect(await fac.page.getByTestId('handover-url').inputValue()).toBe(room.urls.facilitate);

    // Remove B (after a confirmation): B is told, is not reconnected, and cannot come back as itself.
    const brow = fac.page.locator(`[data-testid="participants"] li[data-participant-id="${ids.b}"]`);
    await brow.getByTestId('participant-remove').click();
    await brow.getByTestId('participant-remove-confirm').click();
    await b.page.getByTestId('removed-notice').waitFor({ timeout: ARRIVES });
    await waitAttr(b.page, 'connection', 'data-state', 'offline');
    await fac.page.locator(`[data-testid="participants"] li[data-participant-id="${ids.b}"]`).waitFor({ state: 'detached', timeout: ARRIVES });
    await b.page.reload();
    await b.page.getByTestId('join-name').waitFor({ timeout: ARRIVES });
    // Its note stays on the board.
    await listHas(a.page, '田中のふせん');
    for (const p of [fac, a, b]) await p.context.close();
  }, ROUND);
});
