import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { imageHeader } from '../../client/ui/records/imageLayout.js';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, personPage, webWorld } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';

// pngjs comes with `qrcode` (it renders PNGs on the server side); it has no types of its own.
type DecodedPng = { width: number; height: number; data: Buffer };
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(png: Buffer): DecodedPng } } };

const world = webWorld();

const TODAY = /_\d{4}-\d{2}-\d{2}\./;

type Rect = { x: number; y: number; width: number; height: number };
type Debug = {
  __onaji: {
    client: { state: { sections: Record<string, Rect & { id: string; title: string }>; notes: Record<string, Rect & { text: string }> } | null; submit(op: unknown): { ok: boolean } };
    camera: { set(v: { x: number; y: number; scale: number }): void };
  };
};

async function join(page: Page, url: string, name: string, affiliation?: string) {
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  if (affiliation) await page.getByTestId('join-affiliation').selectOption(affiliation);
  await page.getByTestId('join-submit').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') === 'connected', null, { timeout: ARRIVES });
}

/** Adds notes through the sync client, each at the top left of a section, and waits until the server has them all. */
async function addNotes(page: Page, texts: string[]) {
  await page.evaluate((texts) => {
    const client = (window as unknown as Debug).__onaji.client;
    const sections = Object.values(client.state!.sections);
    texts.forEach((text, i) => {
      const s = sections[i % sections.length]!;
      client.submit({ type: 'note.add', note: { id: `rec_${i}_${Date.now().toString(36)}`, text, x: s.x + 20 + 10 * Math.floor(i / sections.length), y: s.y + 90 } });
    });
  }, texts);
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0', null, { timeout: ARRIVES });
}

async function download(page: Page, testId: string): Promise<{ download: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: ARRIVES * 2 }), page.getByTestId(testId).click()]);
  return { download: d, bytes: await readFile((await d.path())!) };
}

async function openRecord(page: Page) {
  await page.getByTestId('record-menu').click();
  await page.getByTestId('records-panel').waitFor();
}

describe('the record menu', BROWSER_TEST, () => {
  it('[X2] the board image is a PNG of the whole board, in its proportions, with the Japanese text drawn', async () => {
    // KPT: a board of a few sections keeps the picture (and decoding it here) small.
    const board = await createBoard(world.srv.url, { title: '防災ワークショップ', template: 'kpt' });
    const { page } = await personPage(world.browser);
    await join(page, board.urls.facilitate, '進行役');
    await addNotes(page, ['避難所の運営を地域で分担する', '要配慮者の名簿を共有する', '防災訓練を学校と一緒に開く']);
    // Zoomed far out, the live canvas drops note text; the picture must not.
    await page.evaluate(() => (window as unknown as Debug).__onaji.camera.set({ x: 0, y: 0, scale: 0.1 }));
    const bounds = await page.evaluate(() => {
      const b = (window as unknown as Debug).__onaji.client.state!;
      const all = [...Object.values(b.notes), ...Object.values(b.sections)];
      const x = Math.min(...all.map((r) => r.x));
      const y = Math.min(...all.map((r) => r.y));
      const first = Object.values(b.notes)[0]!;
      return { x, y, width: Math.max(...all.map((r) => r.x + r.width)) - x, height: Math.max(...all.map((r) => r.y + r.height)) - y, note: first as Rect };
    });

    await openRecord(page);
    const { download: d, bytes } = await download(page, 'export-png');
    expect(d.suggestedFilename()).toMatch(/^防災ワークショップ_\d{4}-\d{2}-\d{2}\.png$/);
    // The PNG signature, then the IHDR chunk with the size.
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    // The board with its margins, under a band with its title, date and legend.
    const band = imageHeader(bounds.width * 1.05).height;
    expect(Math.abs(width / height / ((bounds.width * 1.05) / (bounds.height * 1.05 + band)) - 1)).toBeLessThan(0.02);
    // Pixel ratio 2: at least twice the board's own size.
    expect(width).toBeGreaterThanOrEqual(bounds.width * 2);

    const png = PNG.sync.read(bytes);
    expect([png.width, png.height]).toEqual([width, height]);
    const px = (x: number, y: number) => {
      const i = (y * png.width + x) * 4;
      return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!] as const;
    };
    let painted = 0;
    for (let y = 0; y < png.height; y += 4)
      for (let x = 0; x < png.width; x += 4) {
        const [r, g, b, a] = px(x, y);
        if (a > 0 && (r < 250 || g < 250 || b < 250)) painted++;
      }
    expect(painted / ((png.width / 4) * (png.height / 4))).toBeGreaterThan(0.5);

    // Dark pixels of text inside the first note: the Japanese words are drawn, not just the paper.
    const scale = width / (bounds.width * 1.05);
    const left = Math.round((bounds.note.x - bounds.x + bounds.width * 0.025) * scale);
    const top = Math.round((band + bounds.note.y - bounds.y + bounds.height * 0.025) * scale);
    let ink = 0;
    for (let y = top; y < top + bounds.note.height * scale; y++)
      for (let x = left; x < left + bounds.note.width * scale; x++) {
        const [r, g, b] = px(x, y);
        if (r < 100 && g < 100 && b < 100) ink++;
      }
    expect(ink).toBeGreaterThan(200);
  });

  it('[X1][X2][X4] the CSV download starts with the UTF-8 BOM and holds the Japanese notes', async () => {
    const board = await createBoard(world.srv.url, { title: '協働ワークショップ', template: 'kpt' });
    const { page } = await personPage(world.browser);
    await join(page, board.urls.facilitate, '進行役');
    await addNotes(page, ['続けたいこと：月一回の定例会']);
    await openRecord(page);
    const { download: d, bytes } = await download(page, 'export-csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(d.suggestedFilename()).toMatch(/^協働ワークショップ_\d{4}-\d{2}-\d{2}\.csv$/);
    const text = bytes.toString('utf8');
    expect(text).toContain('続けたいこと：月一回の定例会');
    expect(text).toContain('\r\n');

    const json = await download(page, 'export-json');
    expect(json.download.suggestedFilename()).toMatch(TODAY);
    expect(JSON.parse(json.bytes.toString('utf8')).schemaVersion).toBe(1);
  });

  it('[X10][X11][X13] a named checkpoint is listed, previewed and restored, with the state before the restore kept', async () => {
    const board = await createBoard(world.srv.url, { title: 'チェックポイント', template: 'kpt' });
    const { page } = await personPage(world.browser);
    await join(page, board.urls.facilitate, '進行役');
    await addNotes(page, ['最初のふせん']);
    await openRecord(page);
    await page.getByTestId('snapshot-label').fill('グループ発表の前');
    await page.getByTestId('snapshot-save').click();
    const saved = page.locator('[data-testid="snapshot-list"] li', { hasText: 'グループ発表の前' });
    await saved.waitFor({ timeout: ARRIVES });
    expect(await saved.textContent()).toContain('1');

    await saved.getByTestId('snapshot-preview').click();
    const preview = page.getByTestId('snapshot-preview-body');
    await preview.waitFor({ timeout: ARRIVES });
    expect(await preview.locator('tbody tr').count()).toBe(3);
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    // Esc closed the preview, not the panel.
    expect(await page.getByTestId('records-panel').isVisible()).toBe(true);

    await addNotes(page, ['あとから足したふせん', 'もう一枚']);
    expect(await page.evaluate(() => Object.keys((window as unknown as Debug).__onaji.client.state!.notes).length)).toBe(3);
    await saved.getByTestId('snapshot-restore').click();
    await page.getByTestId('snapshot-restore-confirm').click();
    await page.waitForFunction(() => Object.keys((window as unknown as Debug).__onaji.client.state!.notes).length === 1, null, { timeout: ARRIVES });
    const before = page.locator('[data-testid="snapshot-list"] li[data-auto="true"]', { hasText: '復元前' });
    await before.waitFor({ timeout: ARRIVES });
    expect(await before.textContent()).toContain('3');
  });

  it('[X14] the next session carries the chosen section and opens the new board', async () => {
    const board = await createBoard(world.srv.url, { title: '第1回 協働会議', template: 'same-table' });
    const { page } = await personPage(world.browser);
    await join(page, board.urls.facilitate, '進行役');
    const next = await page.evaluate(() => Object.values((window as unknown as Debug).__onaji.client.state!.sections).find((s) => s.title === '次のステップ')!);
    await page.evaluate((s) => {
      (window as unknown as Debug).__onaji.client.submit({ type: 'note.add', note: { id: 'next_1', text: '来月までに役割分担表をつくる', x: s.x + 20, y: s.y + 90 } });
    }, next);
    await openRecord(page);
    await page.getByTestId('next-session').click();
    // 次のステップ is ticked by default.
    expect(await page.locator(`[data-testid="next-carry"][data-section-id="${next.id}"]`).isChecked()).toBe(true);
    await page.getByTestId('next-title').fill('第2回 協働会議');
    await page.getByTestId('next-submit').click();
    await page.waitForURL((url) => url.pathname.startsWith('/b/') && !url.pathname.includes(board.id), { timeout: ARRIVES });
    await join(page, page.url(), '進行役');
    const carried = await page.evaluate(() => {
      const b = (window as unknown as Debug).__onaji.client.state!;
      return { sections: Object.values(b.sections).map((s) => s.title), notes: Object.values(b.notes).map((n) => n.text) };
    });
    expect(carried.sections).toContain('前回から: 次のステップ');
    expect(carried.notes).toEqual(['来月までに役割分担表をつくる']);
  });
});

describe('import from JSON on the home page', BROWSER_TEST, () => {
  it('[X9] a broken file is refused with the server’s reason; an exported board becomes a new board', async () => {
    const { page } = await personPage(world.browser);
    await page.goto(world.srv.url + '/');
    await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"schemaVersion": 99, "board": {}}') });
    const error = page.getByTestId('import-error');
    await error.waitFor({ timeout: ARRIVES });
    expect(await error.textContent()).toContain('schemaVersion 99');

    const board = await createBoard(world.srv.url, { title: '持ち帰ったボード', template: 'kpt' });
    const file = await (await fetch(`${world.srv.url}/api/boards/${board.id}/export?format=json`, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).text();
    await page.getByTestId('import-file').setInputFiles({ name: 'board.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.waitForURL(/\/b\/[^/#]+/, { timeout: ARRIVES });
    const id = new URL(page.url()).pathname.split('/')[2]!;
    expect(id).not.toBe(board.id);
    await join(page, page.url(), '進行役');
    expect(await page.evaluate(() => Object.values((window as unknown as Debug).__onaji.client.state!.sections).length)).toBe(3);
    // The record menu loads when a facilitator joins: it arrives, it is not refused.
    await page.getByTestId('record-menu').waitFor();
    expect(await page.getByTestId('record-menu').isVisible()).toBe(true);
  });
});

describe('the results page', BROWSER_TEST, () => {
  it('[V1][V2] anybody with the link reads ranked results and the balance, and nothing still hidden', async () => {
    const board = await createBoard(world.srv.url, { title: '結果の公開', template: 'kpt' });
    const fac = await personPage(world.browser);
    await join(fac.page, board.urls.facilitate, '進行役');
    const a = await personPage(world.browser);
    await join(a.page, `${world.srv.url}/b/${board.id}`, '市民A', 'citizen');
    await addNotes(a.page, ['公開されたふせん', '二枚目のふせん', '三枚目']);
    const ids = await a.page.evaluate(() => Object.keys((window as unknown as Debug).__onaji.client.state!.notes));

    // A round of votes: two dots on the first note, one each on the others (a tie for second place).
    await fac.page.evaluate(() => (window as unknown as Debug).__onaji.client.submit({ type: 'voting.start', budget: 4, hidden: false }));
    await fac.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0');
    await a.page.waitForFunction(() => (window as unknown as { __onaji: { client: { state: { voting: { open: boolean } } } } }).__onaji.client.state.voting.open, null, { timeout: ARRIVES });
    await a.page.evaluate((ids) => {
      const c = (window as unknown as Debug).__onaji.client;
      for (const id of [ids[0], ids[0], ids[1], ids[2]]) c.submit({ type: 'vote.add', noteId: id });
    }, ids);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0', null, { timeout: ARRIVES });
    await fac.page.evaluate(() => (window as unknown as Debug).__onaji.client.submit({ type: 'voting.end' }));
    await fac.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0');

    const reader = await personPage(world.browser);
    await reader.page.goto(`${world.srv.url}/b/${board.id}/results`);
    const overall = reader.page.getByTestId('results-page-overall');
    await overall.waitFor({ timeout: ARRIVES });
    const ranks = await overall.locator('li').evaluateAll((els) => els.map((el) => [el.getAttribute('data-rank'), el.getAttribute('data-votes'), el.getAttribute('data-tied')]));
    expect(ranks).toEqual([['1', '2', 'false'], ['2', '1', 'true'], ['2', '1', 'true']]);
    expect(await overall.locator('li').first().textContent()).toContain('公開されたふせん');
    const votes = reader.page.locator('[data-testid="balance-chart"] [data-kind="votes"]');
    expect(await votes.getAttribute('data-total')).toBe('4');
    expect(await votes.locator('[data-affiliation="citizen"]').getAttribute('data-share')).toBe('1.0000');
    // No join form, no identity: reading the results is not joining the board.
    expect(await reader.page.getByTestId('join-name').count()).toBe(0);

    // Private writing on: a note written now stays off the page until the reveal.
    await fac.page.evaluate(() => (window as unknown as Debug).__onaji.client.submit({ type: 'writing.private', on: true }));
    await fac.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '0');
    await addNotes(a.page, ['まだ秘密のふせん']);
    await reader.page.getByTestId('results-refresh').click();
    await reader.page.locator('.notice-private').waitFor({ timeout: ARRIVES });
    expect(await reader.page.getByTestId('results-page').textContent()).not.toContain('まだ秘密のふせん');
  });
});
