import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST, launchBrowser, personPage } from '../helpers/browser.js';
import { createBoard, removeDir, ROOT, startServer, type TestServer } from '../helpers/server.js';

/** Generous: the machine is shared; this says "arrives", not "arrives fast". */
const ARRIVES = 20_000;

let srv: TestServer;
let browser: Browser;
beforeAll(async () => {
  srv = await startServer({ staticDir: path.join(ROOT, 'dist/client') });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  if (srv) await removeDir(srv.dataDir);
});

type KonvaNode = { attrs: { fill?: string }; getClassName(): string; find(sel: string): KonvaNode[]; findOne(sel: string): KonvaNode | undefined };
type Debug = { __onaji: { client: { submit(op: Record<string, unknown>): { ok: boolean } } } };

async function joinAs(page: Page, url: string, name: string, affiliation: string) {
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-affiliation').selectOption(affiliation);
  await page.getByTestId('join-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
}

/** The fill of the paper Rect of a note as Konva draws it. */
const drawnFill = (page: Page, id: string) =>
  page.evaluate((noteId) => {
    const stages = (window as unknown as { Konva: { stages: KonvaNode[] } }).Konva.stages;
    const group = stages[0]?.findOne(`#${noteId}`);
    const rect = group?.find('Rect')[0];
    return rect?.attrs.fill ?? null;
  }, id);

describe('the balance of voices on the projector', BROWSER_TEST, () => {
  it('[T8] shows each affiliation\'s share of the notes, and colours notes by affiliation on demand', async () => {
    const board = await createBoard(srv.url, { title: 'バランス' });
    const a = await personPage(browser);
    const b = await personPage(browser);
    const wall = await personPage(browser, { width: 1600, height: 900 });
    await joinAs(a.page, board.urls.join, '佐藤', 'citizen');
    await joinAs(b.page, board.urls.join, '田中', 'government');
    const add = (page: Page, id: string, x: number) =>
      page.evaluate(
        ([noteId, nx]) => (window as unknown as Debug).__onaji.client.submit({ type: 'note.add', note: { id: noteId, text: 'ふせん', x: nx, y: 0, color: '#fff59d' } }),
        [id, x] as const,
      );
    expect((await add(a.page, 'n_citizen', 0)).ok).toBe(true);
    expect((await add(b.page, 'n_gov', 300)).ok).toBe(true);

    await wall.page.goto(board.urls.present);
    await wall.page.getByTestId('balance-chart').waitFor({ timeout: ARRIVES });
    const notesBar = wall.page.locator('[data-testid="balance-chart"] .balance-row[data-kind="notes"]');
    await wall.page.waitForFunction(
      () => document.querySelector('[data-testid="balance-chart"] .balance-row[data-kind="notes"]')?.getAttribute('data-total') === '2',
      null,
      { timeout: ARRIVES },
    );
    const shares = await notesBar.locator('.balance-seg').evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.getAttribute('data-affiliation'), Number(el.getAttribute('data-share'))])),
    );
    expect(shares).toEqual({ citizen: 0.5, government: 0.5 });

    // The chart sits in a corner: the middle of the wall is the board's.
    const box = (await wall.page.getByTestId('balance-chart').boundingBox())!;
    expect(box.x + box.width < 800 || box.x > 800).toBe(true);

    await wall.page.waitForFunction(() => !!(window as unknown as { Konva?: { stages: KonvaNode[] } }).Konva?.stages[0]?.findOne('#n_citizen'), null, { timeout: ARRIVES });
    expect(await drawnFill(wall.page, 'n_citizen')).toBe('#fff59d');
    expect(await wall.page.getByTestId('affiliation-legend').count()).toBe(0);
    await wall.page.getByTestId('toggle-affiliation-colors').click();
    await wall.page.getByTestId('affiliation-legend').waitFor({ timeout: ARRIVES });
    const legend = await wall.page.locator('[data-testid="affiliation-legend"] li').evaluateAll((els) => els.map((el) => el.getAttribute('data-affiliation')));
    expect(legend).toEqual(['citizen', 'government']);
    await wall.page.waitForFunction(() => {
      const stage = (window as unknown as { Konva: { stages: KonvaNode[] } }).Konva.stages[0];
      return stage?.findOne('#n_citizen')?.find('Rect')[0]?.attrs.fill === '#90caf9';
    }, null, { timeout: ARRIVES });
    expect(await drawnFill(wall.page, 'n_gov')).toBe('#f48fb1');
    // A view only: the stored colour is unchanged.
    const stored = await a.page.evaluate(() => (window as unknown as { __onaji: { client: { state: { notes: Record<string, { color: string }> } } } }).__onaji.client.state.notes['n_citizen']!.color);
    expect(stored).toBe('#fff59d');

    await wall.page.getByTestId('toggle-affiliation-colors').click();
    await wall.page.waitForFunction(() => !document.querySelector('[data-testid="affiliation-legend"]'), null, { timeout: ARRIVES });
    expect(await drawnFill(wall.page, 'n_citizen')).toBe('#fff59d');
    for (const p of [a, b, wall]) await p.context.close();
  }, 120_000);
});
