import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, personPage, webWorld } from '../helpers/browser.js';
import { createBoard, opId, Peer } from '../helpers/server.js';
import { dotsIn, WallRecorder } from './wall-recorder.js';

const world = webWorld();

/** Two browsers and two sockets through a whole round on a shared machine. */
const ROUND = 180_000;

type Debug = {
  __onaji: {
    client: {
      you: { id: string; secret: string; role: string } | null;
      state: { votes: Record<string, Record<string, number>>; notes: Record<string, { text: string }> } | null;
      submit(op: Record<string, unknown>): { ok: boolean };
    };
  };
};

/** The facilitator acts through its own page's sync client, as its buttons do. */
const facDoes = async (page: Page, op: Record<string, unknown>) => {
  const res = await page.evaluate((o) => (window as unknown as Debug).__onaji.client.submit(o), op);
  expect(res.ok, JSON.stringify(op)).toBe(true);
};

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/wall-${name}.png` });

/** Waits until the wall has had every entry the facilitator's laptop has confirmed. */
async function sameSeq(fac: Page, wall: Page) {
  type Seq = { __onaji: { client: { confirmedBoard: { seq: number } | null; pendingOps: unknown[] } } };
  await fac.waitForFunction(() => (window as unknown as Seq).__onaji.client.pendingOps.length === 0);
  const seq = await fac.evaluate(() => (window as unknown as Seq).__onaji.client.confirmedBoard!.seq);
  await wall.waitForFunction((s) => ((window as unknown as Seq).__onaji.client.confirmedBoard?.seq ?? 0) >= s, seq);
}

/** A box's part of the wall's height, as the back row sees it. */
const heightShare = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return el ? el.getBoundingClientRect().height / innerHeight : 0;
  }, selector);

describe('the wall is a public screen', BROWSER_TEST, () => {
  it('[PR1][PR3][V1][V2][F8] opened from the facilitator’s own browser, the wall receives no private note and no hidden dot until the reveal and the end of the round', async () => {
    const board = await createBoard(world.srv.url, { title: '協働のまちづくり会議', template: 'same-table' });
    const fac = await personPage(world.browser, { width: 1366, height: 768 });
    fac.page.setDefaultTimeout(ARRIVES);
    await fac.page.goto(board.urls.facilitate);
    await fac.page.getByTestId('join-name').fill('進行役');
    await fac.page.getByTestId('join-submit').click();
    await fac.page.getByTestId('stage').waitFor();
    await fac.page.waitForFunction(() => (window as unknown as Debug).__onaji.client.you?.role === 'facilitator');

    // The facilitator opens the wall from its panel, in its own browser (which holds the key).
    const link = fac.page.getByTestId('open-present');
    expect(await link.getAttribute('href')).toBe(`/b/${board.id}/present`);
    let wall: WallRecorder | undefined;
    fac.context.on('page', (p) => (wall ??= new WallRecorder(p)));
    await Promise.all([fac.page.waitForEvent('popup'), link.click()]);
    const page = wall!.page;
    await page.setViewportSize({ width: 1920, height: 1080 });
    page.setDefaultTimeout(ARRIVES);
    expect(await page.evaluate(() => localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('onaji:key:'))!))).toBe(board.facilitatorKey);
    await page.getByTestId('present-welcome').waitFor();
    await page.waitForFunction(() => (window as unknown as Debug).__onaji?.client.you?.role === 'projector');
    expect(await page.evaluate(() => (window as unknown as Debug).__onaji.client.you)).toEqual({ id: '', secret: '', role: 'projector' });
    expect(await page.getByTestId('join-name').count()).toBe(0);

    // Before ①: the join screen fills the wall.
    const welcomeQr = await heightShare(page, '[data-testid="present-welcome"] [data-testid="present-qr"]');
    console.log(`[wall] welcome QR: ${(welcomeQr * 100).toFixed(1)} % of the height`);
    expect(welcomeQr).toBeGreaterThanOrEqual(0.6);
    expect(await page.getByTestId('present-code').textContent()).toMatch(/^\d{6}$/);
    await shot(page, '0-welcome');

    const a = new Peer(world.srv.url);
    const b = new Peer(world.srv.url);
    const ackA = await a.join({ boardId: board.id, name: '市民の佐藤', affiliation: 'citizen' });
    const ackB = await b.join({ boardId: board.id, name: 'NPOの田中', affiliation: 'npo' });
    if (!ackA.ok || !ackB.ok) throw new Error('participants could not join');
    await page.waitForFunction(() => document.querySelector('[data-testid="present-online"]')?.getAttribute('data-count') === '2');
    // The wall is nobody: the facilitator's list names the people, never a projector.
    await fac.page.waitForFunction(() => document.querySelectorAll('[data-testid="participants"] [data-participant-id]').length === 3);
    expect(await fac.page.getByTestId('participants').textContent()).not.toContain('プロジェクター');

    // ① Private writing, with a timer.
    await facDoes(fac.page, { type: 'writing.private', on: true });
    await facDoes(fac.page, { type: 'timer.start', seconds: 600 });
    await page.getByTestId('present-card').waitFor();
    const secrets = { a: `佐藤の秘密案-${Date.now().toString(36)}`, b: `田中の秘密案-${Date.now().toString(36)}`, fac: `進行役の下書き-${Date.now().toString(36)}` };
    const add = (p: Peer, id: string, text: string, x: number) => p.send({ opId: opId(), type: 'note.add', note: { id, text, x, y: 200 } });
    expect((await add(a, 'n_a', secrets.a, 100)).ok).toBe(true);
    expect((await add(b, 'n_b', secrets.b, 400)).ok).toBe(true);
    await facDoes(fac.page, { type: 'note.add', note: { id: 'n_f', text: secrets.fac, x: 700, y: 200 } });
    // The facilitator's laptop has everything; the wall, the count only.
    await fac.page.waitForFunction(() => Object.keys((window as unknown as Debug).__onaji.client.state?.notes ?? {}).length >= 3);
    await sameSeq(fac.page, page);
    // The balance still counts the room's notes (from the server's public counts, T9).
    await page.waitForFunction(() => document.querySelector('.balance-row[data-kind="notes"]')?.getAttribute('data-total') === '2');

    const card = (await page.getByTestId('present-card').boundingBox())!;
    const cardQr = await heightShare(page, '[data-testid="present-card"] [data-testid="present-qr"]');
    const timer = await heightShare(page, '[data-testid="present-card"] [data-testid="timer"]');
    console.log(`[wall] card QR: ${(cardQr * 100).toFixed(1)} %, timer: ${(timer * 100).toFixed(1)} % of the height`);
    expect(cardQr).toBeGreaterThanOrEqual(0.25);
    expect(timer).toBeGreaterThanOrEqual(0.1);
    // The short link, each part on one line.
    const url = await page.getByTestId('present-join-url').getAttribute('data-url');
    expect(url).toMatch(new RegExp(`^http://[^/]+/j/\\d{6}$`));
    expect(await page.locator('[data-testid="present-join-url"] .link-part').evaluateAll((els) => els.map((el) => el.getClientRects().length))).toEqual([1, 1, 1]);
    // The board is fitted beside the card, not under it.
    const stage = (await page.getByTestId('stage').boundingBox())!;
    const overlaps = stage.x < card.x + card.width && card.x < stage.x + stage.width && stage.y < card.y + card.height && card.y < stage.y + stage.height;
    expect(overlaps, `stage ${JSON.stringify(stage)} card ${JSON.stringify(card)}`).toBe(false);
    await shot(page, '1-private');

    const before = (await wall!.seen()) + (await wall!.screen());
    for (const s of Object.values(secrets)) expect(before.includes(s), `private text before the reveal: ${s}`).toBe(false);
    expect(wall!.frames).toBeGreaterThan(5);
    expect(await page.evaluate(() => (window as unknown as { __onaji: { client: { hiddenNotes: { get(): number } } } }).__onaji.client.hiddenNotes.get())).toBe(3);

    // ② The reveal: every note reaches the wall at once.
    const revealed = wall!.mark();
    await facDoes(fac.page, { type: 'writing.private', on: false });
    await page.waitForFunction((t) => Object.values((window as unknown as Debug).__onaji.client.state?.notes ?? {}).some((n) => n.text === t), secrets.b);
    const after = (await wall!.seen((c) => c >= revealed)) + (await wall!.screen());
    for (const s of Object.values(secrets)) expect(after.includes(s), `the reveal brings ${s}`).toBe(true);
    await shot(page, '2-reveal');

    // ③ A hidden round: A puts two dots on B's note, B one on A's, the facilitator one on its own.
    const round = wall!.mark();
    await facDoes(fac.page, { type: 'voting.start', budget: 3, hidden: true });
    await page.waitForFunction(() => !!document.querySelector('[data-testid="present-state"]')?.textContent);
    for (const [p, noteId] of [[a, 'n_b'], [a, 'n_b'], [b, 'n_a']] as const) expect((await p.send({ opId: opId(), type: 'vote.add', noteId })).ok).toBe(true);
    await facDoes(fac.page, { type: 'vote.add', noteId: 'n_f' });
    // The facilitator's laptop keeps the live tally (V5).
    await fac.page.waitForFunction(() => (window as unknown as Debug).__onaji.client.state?.votes['n_b']?.[Object.keys((window as unknown as Debug).__onaji.client.state!.votes['n_b']!)[0]!] === 2);
    await sameSeq(fac.page, page);
    await shot(page, '3-vote');
    const during = wall!.events((c) => c >= round);
    expect(during.length).toBeGreaterThan(0);
    expect(dotsIn(during), 'hidden dots reached the wall').toEqual([]);
    const duringText = (await wall!.seen((c) => c >= round)) + (await wall!.screen());
    for (const id of [ackA.you.id, ackB.you.id]) expect(duringText.includes(`"by":"${id}"`), `voter ${id} named on the wall`).toBe(false);
    expect(await page.locator('[data-votes]:not([data-votes="0"])').count()).toBe(0);

    // ④ The end of the round: every dot, everywhere, at once.
    const ended = wall!.mark();
    await facDoes(fac.page, { type: 'voting.end' });
    await page.getByTestId('results-overall').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="results-overall"] li[data-note-id="n_b"]')?.getAttribute('data-votes') === '2');
    const revealedDots = dotsIn(wall!.events((c) => c >= ended));
    expect(revealedDots.length, 'the end of the round brings the dots').toBeGreaterThan(0);
    expect((await wall!.seen((c) => c >= ended)).includes(`"${ackA.you.id}":2`), 'the end of the round names the voters').toBe(true);
    await shot(page, '4-results');

    // A timer reaching zero says so on the wall.
    await facDoes(fac.page, { type: 'timer.start', seconds: 1 });
    await page.getByTestId('wall-timer-done').waitFor();
    expect(await page.getByTestId('wall-timer-done').textContent()).toContain('時間です');
    await shot(page, '5-time-up');

    a.close();
    b.close();
    await fac.context.close();
  }, ROUND);

  it('[PR6][PR4] a phone whose network dies shows as gone on the wall within seconds, and the wall never counts itself', async () => {
    const board = await createBoard(world.srv.url, { title: '接続の確認' });
    const wallPage = await personPage(world.browser, { width: 1920, height: 1080 });
    await wallPage.page.goto(board.urls.present);
    await wallPage.page.getByTestId('present-welcome').waitFor({ timeout: ARRIVES });
    const phone = await world.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'ja-JP' });
    const page = await phone.newPage();
    await page.goto(`${world.srv.url}/b/${board.id}`);
    await page.getByTestId('join-name').fill('電話の人');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('stage').waitFor({ timeout: ARRIVES });
    const count = () => wallPage.page.getByTestId('present-online').getAttribute('data-count');
    await wallPage.page.waitForFunction(() => document.querySelector('[data-testid="present-online"]')?.getAttribute('data-count') === '1', null, { timeout: ARRIVES });
    await shot(wallPage.page, 'welcome-one-online');

    // The phone leaves the Wi-Fi: nothing reaches the server any more, no goodbye either.
    const cut = Date.now();
    await phone.setOffline(true);
    await wallPage.page.waitForFunction(() => document.querySelector('[data-testid="present-online"]')?.getAttribute('data-count') === '0', null, { timeout: ARRIVES });
    console.log(`[wall] the phone showed as gone ${Date.now() - cut} ms after its network died`);
    expect(await count()).toBe('0');
    await phone.close();
    await wallPage.context.close();
  }, ROUND);
});
