import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, listNotes, personPage, webWorld } from '../helpers/browser.js';

const world = webWorld();


async function joinAs(page: Page, url: string, name: string, affiliation: string) {
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-affiliation').selectOption(affiliation);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('stage').waitFor();
  await expectConnected(page);
}

async function expectConnected(page: Page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, {
    timeout: ARRIVES,
  });
}

async function showList(page: Page) {
  if (!(await page.getByTestId('list-view').isVisible().catch(() => false))) await page.getByTestId('toggle-list').click();
  await page.getByTestId('list-view').waitFor();
}

const you = (page: Page) => page.evaluate(() => (window as unknown as { __onaji: { client: { you?: { id: string } } } }).__onaji.client.you?.id);

describe('two people on one board', BROWSER_TEST, () => {
  it('[J1][J2][O2][C2] create, join, write Japanese through an IME, move, reload, and edit offline', async () => {
    // The facilitator creates the board from the home page.
    const fac = await personPage(world.browser);
    await fac.page.goto(world.srv.url + '/');
    await fac.page.getByTestId('create-title').fill('地域の防災ワークショップ');
    await fac.page.getByTestId('create-board').click();
    await fac.page.waitForURL(/\/b\/[^/#]+/);
    const boardId = new URL(fac.page.url()).pathname.split('/')[2]!;
    const joinUrl = `${world.srv.url}/b/${boardId}`;

    const a = await personPage(world.browser);
    const b = await personPage(world.browser);
    await joinAs(a.page, joinUrl, '山田花子', 'npo');
    await joinAs(b.page, joinUrl, '田中一郎', 'government');
    await showList(a.page);
    await showList(b.page);

    // A adds a note and types Japanese through a real IME composition.
    await a.page.getByTestId('add-note').click();
    const editor = a.page.getByTestId('note-editor');
    await editor.waitFor();
    await editor.focus();
    const cdp = await a.context.newCDPSession(a.page);
    await cdp.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 });
    await a.page.keyboard.press('Enter'); // during the composition: must not commit or close
    expect(await editor.isVisible()).toBe(true);
    await cdp.send('Input.insertText', { text: '日本語のふせん' });
    expect(await editor.inputValue()).toContain('日本語のふせん');
    await a.page.keyboard.press('Control+Enter');
    await editor.waitFor({ state: 'hidden' });

    // B sees it in the list view.
    const seen = await b.page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="list-view"] [data-note-id]')].find((el) => el.textContent?.includes('日本語のふせん'))?.getAttribute('data-note-id'),
      null,
      { timeout: ARRIVES },
    );
    const noteId = (await seen.jsonValue()) as string;
    expect((await listNotes(a.page)).find((n) => n.id === noteId)?.text).toContain('日本語のふせん');

    // B drags the note on the canvas; A sees the new position.
    const before = (await listNotes(b.page)).find((n) => n.id === noteId)!;
    const box = await b.page.evaluate((id) => (window as unknown as { __onaji: { noteScreenRect: (id: string) => { x: number; y: number; width: number; height: number } } }).__onaji.noteScreenRect(id), noteId);
    const start = { x: box.x + box.width / 2, y: box.y + 12 };
    await b.page.mouse.move(start.x, start.y);
    await b.page.mouse.down();
    for (let i = 1; i <= 10; i++) await b.page.mouse.move(start.x + i * 15, start.y + i * 10);
    await b.page.mouse.up();
    await a.page.waitForFunction(
      ([id, x]) => Number(document.querySelector(`[data-testid="list-view"] [data-note-id="${id}"]`)?.getAttribute('data-x')) > (x as number) + 50,
      [noteId, before.x] as const,
      { timeout: ARRIVES },
    );

    // A reloads and is still the same participant.
    const idBefore = await you(a.page);
    await a.page.reload();
    await a.page.getByTestId('stage').waitFor();
    await expectConnected(a.page);
    expect(await you(a.page)).toBe(idBefore);
    expect(await a.page.getByTestId('join-name').count()).toBe(0);

    // A goes offline, adds a note, comes back: B gets it exactly once.
    await showList(a.page);
    await a.context.setOffline(true);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') !== 'connected', null, {
      timeout: ARRIVES,
    });
    await a.page.getByTestId('add-note').click();
    await a.page.getByTestId('note-editor').waitFor();
    await a.page.keyboard.type('offline note');
    await a.page.keyboard.press('Control+Enter');
    await a.page.waitForFunction(() => Number(document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending')) > 0, null, {
      timeout: ARRIVES,
    });
    await a.context.setOffline(false);
    await expectConnected(a.page);
    await b.page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="list-view"] [data-note-id]')].some((el) => el.textContent?.includes('offline note')),
      null,
      { timeout: ARRIVES },
    );
    await a.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0', null, {
      timeout: ARRIVES,
    });
    await b.page.waitForTimeout(500);
    expect((await listNotes(b.page)).filter((n) => n.text.includes('offline note'))).toHaveLength(1);
    expect((await listNotes(a.page)).filter((n) => n.text.includes('offline note'))).toHaveLength(1);

    for (const p of [fac, a, b]) await p.context.close();
  });
});
