import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { removeDir, ROOT, startServer, type TestServer } from './server.js';


/** Each context is a fresh profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A server that also serves the built client. */
export const startWebServer = (opts: { dataDir?: string } = {}): Promise<TestServer> =>
  startServer({ ...opts, staticDir: path.join(ROOT, 'dist/client') });

/** A page in its own context, as a separate person on a separate laptop. */
export async function personPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'ja-JP' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  return { context, page };
}

/** The notes as the list view shows them (how a screen reader, and these tests, read the board). */
export async function listNotes(page: Page) {
  return page.$$eval('[data-testid="list-view"] [data-note-id]', (els) =>
    els.map((el) => ({
      id: el.getAttribute('data-note-id')!,
      x: Number(el.getAttribute('data-x')),
      y: Number(el.getAttribute('data-y')),
      text: el.querySelector('.note-text')?.textContent ?? '',
    })),
  );
}

/** Generous: the machine is shared; this says "arrives", not "arrives fast". */
export const ARRIVES = 10_000;

/**
 * What one browser test may take: three times the slowest seen on a loaded 2-core machine (an
 * IME and offline test took 30 s there). A budget against hanging, never a measure of speed.
 */
export const BROWSER_TEST = { timeout: 120_000 };

/**
 * One served client and one Chromium for a test file, started before its tests and stopped after.
 * Read `world.srv` and `world.browser` inside tests (they exist once the hooks ran).
 */
export function webWorld(opts: { dataDir?: string } = {}) {
  const world = {} as { srv: TestServer; browser: Browser };
  beforeAll(async () => {
    world.srv = await startWebServer(opts);
    world.browser = await launchBrowser();
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.srv?.stop();
    if (world.srv) await removeDir(world.srv.dataDir);
  });
  return world;
}

/** Opens a board link and joins through the form as a person would, until the badge says connected. */
export async function joinBoard(page: Page, url: string, name: string, affiliation?: string): Promise<void> {
  page.setDefaultTimeout(ARRIVES);
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  if (affiliation) await page.getByTestId('join-affiliation').selectOption(affiliation);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('stage').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
}

/** Adds a note from the toolbar, types `text` and saves it with Ctrl+Enter; returns the note's id. */
export async function writeNoteFromToolbar(page: Page, text: string): Promise<string> {
  await page.getByTestId('add-note').click();
  const editor = page.getByTestId('note-editor');
  await editor.waitFor();
  const id = (await editor.getAttribute('data-note-id'))!;
  await page.keyboard.type(text);
  await page.keyboard.press('Control+Enter');
  await editor.waitFor({ state: 'hidden' });
  return id;
}
