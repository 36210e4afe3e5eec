import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AFFILIATION_COLORS } from '../../shared/balance.js';
import { imageHeader } from '../../client/ui/records/imageLayout.js';
import { ARRIVES, BROWSER_TEST, personPage, webWorld } from '../helpers/browser.js';
import { createBoard, opId, Peer } from '../helpers/server.js';

// The picture of the board an organizer takes home (X2): a title, a date and a legend above the
// board, and no note lying on another.

type DecodedPng = { width: number; height: number; data: Buffer };
const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(png: Buffer): DecodedPng } } };

const world = webWorld();

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

describe('the picture of the board', BROWSER_TEST, () => {
  it('[X2] carries the title, the date and a legend of the affiliations, and spreads a pile of notes', async () => {
    const board = await createBoard(world.srv.url, { title: '防災ワークショップ', template: 'kpt' });
    const writer = new Peer(world.srv.url);
    expect((await writer.join({ boardId: board.id, name: '市民 山田', affiliation: 'citizen' })).ok).toBe(true);
    // Three notes on one spot: in the picture each is readable.
    for (const [id, text] of [['p1', '避難所の運営を地域で分担する'], ['p2', '要配慮者の名簿を共有する'], ['p3', '防災訓練を学校と一緒に開く']] as const)
      expect((await writer.send({ opId: opId(), type: 'note.add', note: { id, text, x: 40, y: 200 } })).ok).toBe(true);
    writer.close();

    const { page } = await personPage(world.browser);
    page.setDefaultTimeout(ARRIVES);
    await page.goto(board.urls.facilitate);
    await page.getByTestId('join-name').fill('進行役');
    await page.getByTestId('join-affiliation').selectOption('government');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('record-menu').click();
    await page.getByTestId('records-panel').waitFor();
    const [d] = await Promise.all([page.waitForEvent('download', { timeout: ARRIVES * 2 }), page.getByTestId('export-png').click()]);
    const bytes = await readFile((await d.path())!);
    await writeFile('test-results/board-image.png', bytes);
    const png = PNG.sync.read(bytes);
    const px = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];

    // The band above the board: its height in pixels from the board's width.
    const boardWidth = 1860 * 1.05;
    const scale = png.width / boardWidth;
    const band = Math.floor(imageHeader(boardWidth).height * scale);
    let ink = 0;
    let citizen = 0;
    const want = hex(AFFILIATION_COLORS.citizen);
    for (let y = 0; y < band; y += 2)
      for (let x = 0; x < png.width; x += 2) {
        const [r, g, b] = px(x, y) as [number, number, number];
        if (r < 80 && g < 80 && b < 80) ink++;
        if (Math.abs(r - want[0]!) < 6 && Math.abs(g - want[1]!) < 6 && Math.abs(b - want[2]!) < 6) citizen++;
      }
    // The title and the date are written there, and the citizens' colour is in the legend.
    expect(ink).toBeGreaterThan(500);
    expect(citizen).toBeGreaterThan(50);

    // The three notes of the pile: drawn at three places, so three notes' worth of note paper.
    const paper = hex('#fff59d');
    let yellow = 0;
    for (let y = band; y < png.height; y += 2)
      for (let x = 0; x < png.width; x += 2) {
        const [r, g, b] = px(x, y) as [number, number, number];
        if (Math.abs(r - paper[0]!) < 4 && Math.abs(g - paper[1]!) < 4 && Math.abs(b - paper[2]!) < 4) yellow++;
      }
    const onePaper = (200 * 140 * scale * scale) / 4;
    expect(yellow).toBeGreaterThan(onePaper * 2.2);
    await page.context().close();
  }, 120_000);
});
