import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, personPage, webWorld } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';

const world = webWorld();


type Section = { id: string; title: string; x: number; y: number; width: number; height: number };
type Debug = { __onaji: { client: { state: { sections: Record<string, Section> } | null; submit(op: unknown): { ok: boolean } } } };

async function join(page: Page, url: string, name: string, affiliation?: string) {
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  if (affiliation) await page.getByTestId('join-affiliation').selectOption(affiliation);
  await page.getByTestId('join-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
}

async function showList(page: Page) {
  if (!(await page.getByTestId('list-view').isVisible().catch(() => false))) await page.getByTestId('toggle-list').click();
  await page.getByTestId('list-view').waitFor();
}

describe('templates on the home page', BROWSER_TEST, () => {
  it('[T1][T3][T4][R5] a board made from the same-table card files a participant’s note under 共通の目的, in both languages', async () => {
    const fac = await personPage(world.browser);
    await fac.page.goto(world.srv.url + '/');
    const card = fac.page.locator('[data-testid="template-card"][data-template-id="same-table"]');
    await card.waitFor();
    // The card draws the template's sections, titles included.
    expect(await card.locator('svg rect').count()).toBe(8);
    expect(await card.locator('svg text').first().textContent()).toContain('共通の目的');
    await card.click();
    expect(await card.locator('input[type="radio"]').isChecked()).toBe(true);
    await fac.page.getByTestId('create-title').fill('協働のまちづくり会議');
    await fac.page.getByTestId('create-board').click();
    await fac.page.waitForURL(/\/b\/[^/#]+/);
    const boardId = new URL(fac.page.url()).pathname.split('/')[2]!;
    await join(fac.page, fac.page.url(), '進行役');

    const person = await personPage(world.browser);
    await join(person.page, `${world.srv.url}/b/${boardId}`, '鈴木', 'community');
    await showList(person.page);
    const added = await person.page.evaluate(() => {
      const client = (window as unknown as Debug).__onaji.client;
      const goal = Object.values(client.state!.sections).find((s) => s.title === '共通の目的')!;
      const cx = goal.x + goal.width / 2;
      const cy = goal.y + goal.height / 2;
      return client.submit({ type: 'note.add', note: { id: 'goal_note_1', text: '子どもが安心して遊べる公園', x: cx - 100, y: cy - 70 } });
    });
    expect(added.ok).toBe(true);

    const underGoal = person.page.locator('[data-testid="list-view"] section[aria-label="共通の目的"] [data-note-id="goal_note_1"]');
    await underGoal.waitFor({ timeout: ARRIVES });
    expect(await underGoal.locator('.note-text').textContent()).toBe('子どもが安心して遊べる公園');
    // The facilitator's list agrees: the server filed it in the same section.
    await showList(fac.page);
    await fac.page.locator('[data-testid="list-view"] section[aria-label="共通の目的"] [data-note-id="goal_note_1"]').waitFor({ timeout: ARRIVES });

    // Switching the UI language switches section titles (T4).
    await person.page.getByTestId('lang-toggle').click();
    await person.page.locator('[data-testid="list-view"] section[aria-label="Shared goal"] [data-note-id="goal_note_1"]').waitFor({ timeout: ARRIVES });

    // The facilitator's record menu counts the note as the neighbourhood association's voice.
    await fac.page.getByTestId('record-menu').click();
    const notes = fac.page.locator('[data-testid="records-panel"] [data-testid="balance-chart"] [data-kind="notes"]');
    await notes.locator('[data-affiliation="community"][data-share="1.0000"]').waitFor({ timeout: ARRIVES });
    expect(await notes.getAttribute('data-total')).toBe('1');
  });

  it('[T5][T7] a template saved from a board is offered on the home page, flagged, and this browser may delete it', async () => {
    const board = await createBoard(world.srv.url, { title: 'KPT の会', template: 'kpt' });
    const { page } = await personPage(world.browser);
    await join(page, board.urls.facilitate, '進行役');
    await page.getByTestId('record-menu').click();
    await page.getByTestId('save-template').click();
    await page.getByTestId('template-title-ja').fill('わたしたちのふりかえり');
    await page.getByTestId('template-title-en').fill('Our retrospective');
    await page.getByTestId('template-save-submit').click();
    await page.getByTestId('template-saved').waitFor({ timeout: ARRIVES });

    await page.goto(world.srv.url + '/');
    const custom = page.locator('[data-testid="template-card"][data-custom="true"]');
    await custom.waitFor();
    expect(await custom.locator('.template-title').textContent()).toContain('わたしたちのふりかえり');
    expect(await custom.locator('svg rect').count()).toBe(3);

    // Another browser sees it but holds no key for it: nothing to delete there.
    const other = await personPage(world.browser);
    await other.page.goto(world.srv.url + '/');
    await other.page.locator('[data-testid="template-card"][data-custom="true"]').waitFor();
    expect(await other.page.locator('[data-testid="template-card"][data-custom="true"] [data-testid="template-delete"]').count()).toBe(0);

    await custom.getByTestId('template-delete').click();
    await custom.getByTestId('template-delete-confirm').click();
    await custom.waitFor({ state: 'detached', timeout: ARRIVES });
    const list = (await (await fetch(`${world.srv.url}/api/templates`)).json()) as { custom: boolean }[];
    expect(list.some((t) => t.custom)).toBe(false);
  });
});
