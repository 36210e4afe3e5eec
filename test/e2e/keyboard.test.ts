import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BROWSER_TEST, joinBoard, personPage, webWorld, writeNoteFromToolbar } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';

const world = webWorld();

type Debug = {
  __onaji: {
    noteScreenRect(id: string): { x: number; y: number; width: number; height: number };
    nextFrame(): Promise<void>;
    client: { state: { notes: Record<string, unknown> } | null };
    camera: { view: { get(): { scale: number } } };
  };
};

const joinAs = (page: Page, url: string, name: string) => joinBoard(page, url, name);

/** Writes a note through the toolbar, then selects it with a click on the canvas (focus leaves every control). */
async function writeAndSelect(page: Page, text: string): Promise<string> {
  const id = await writeNoteFromToolbar(page, text);
  await page.evaluate(() => (window as unknown as Debug).__onaji.nextFrame());
  const r = await page.evaluate((n) => (window as unknown as Debug).__onaji.noteScreenRect(n), id);
  await page.mouse.click(r.x + r.width / 2, r.y + r.height - 6);
  await page.waitForFunction(() => document.querySelector('[data-testid="delete-selected"]')?.hasAttribute('disabled') === false);
  return id;
}

const pressed = (page: Page, testId: string) => page.getByTestId(testId).getAttribute('aria-pressed');
const noteCount = (page: Page) => page.evaluate(() => Object.keys((window as unknown as Debug).__onaji.client.state?.notes ?? {}).length);

describe('keyboard: a focused control owns its keys', BROWSER_TEST, () => {
  it('[K1] Enter and Space press the focused button, and never open the selected note’s editor', async () => {
    const b = await createBoard(world.srv.url, { title: 'キーボード' });
    const { context, page } = await personPage(world.browser, { width: 1366, height: 768 });
    await joinAs(page, `${world.srv.url}/b/${b.id}`, '鍵盤 太郎');
    await writeAndSelect(page, '選んだふせん');
    const editor = page.getByTestId('note-editor');

    const list = page.getByTestId('toggle-list');
    const before = await pressed(page, 'toggle-list');
    await list.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((v) => document.querySelector('[data-testid="toggle-list"]')?.getAttribute('aria-pressed') !== v, before);
    expect(await editor.count()).toBe(0);

    await page.keyboard.press('Space');
    await page.waitForFunction((v) => document.querySelector('[data-testid="toggle-list"]')?.getAttribute('aria-pressed') === v, before);
    expect(await editor.count()).toBe(0);
    // Space pressed the button and did not turn the board into "pan" mode.
    expect(await page.getByTestId('stage').getAttribute('class')).not.toContain('is-panning');

    const zoom = () => page.evaluate(() => (window as unknown as Debug).__onaji.camera.view.get().scale);
    const z0 = await zoom();
    await page.getByTestId('zoom-in').focus();
    await page.keyboard.press('Space');
    await page.waitForFunction((z) => (window as unknown as Debug).__onaji.camera.view.get().scale > z, z0);
    expect(await editor.count()).toBe(0);

    // With focus on a button, board keys do nothing: no new note, the selected one not deleted.
    const n = await noteCount(page);
    await page.keyboard.press('n');
    await page.keyboard.press('Delete');
    await page.evaluate(() => (window as unknown as Debug).__onaji.nextFrame());
    expect(await noteCount(page)).toBe(n);
    expect(await page.getByTestId('delete-selected').isDisabled()).toBe(false);

    // Away from the controls, Enter still opens the selected note's editor.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Enter');
    await editor.waitFor();
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('[M1][K1] the “more” menu of a narrow window opens, moves and closes with the keyboard', async () => {
    const b = await createBoard(world.srv.url, { title: 'メニュー' });
    const { context, page } = await personPage(world.browser, { width: 390, height: 844 });
    await joinAs(page, `${world.srv.url}/b/${b.id}`, '鍵盤 花子');
    const more = page.getByTestId('tool-more');
    const menu = page.getByTestId('tool-more-menu');
    await more.focus();
    await page.keyboard.press('Enter');
    await menu.waitFor();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid="tool-more-menu"]') !== null);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tool-more');
    // Space opens it too, and a button inside it does what it says.
    await page.keyboard.press('Space');
    await menu.waitFor();
    const fit = menu.getByTestId('fit-all');
    await fit.focus();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await context.close();
  });
});
