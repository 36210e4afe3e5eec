import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ARRIVES, BROWSER_TEST, webWorld } from '../helpers/browser.js';
import { createBoard } from '../helpers/server.js';
import {
  notesOf,
  openScreen,
  overlapping,
  pageText,
  recordTraffic,
  scrollsSideways,
  settled,
  settledTextSizes,
  shoot,
  SIZES,
  smallest,
  waitAttr,
  type Hooks,
  type Screen,
} from './room.fixtures.js';

// One workshop in one room, on the three screens of DESIGN.md §7: the facilitator's laptop (which
// also drives the projector page, so the wall runs in a browser that holds the key), a participant's
// laptop, a participant's phone and a third participant. ① → ⑤, with screenshots of each screen at
// each phase in test-results/room/.

const world = webWorld();
const WORKSHOP = 300_000;
const screens: Screen[] = [];
afterAll(async () => {
  for (const s of screens) await s.context.close().catch(() => {});
});

const SECRETS = { laptop: 'ひみつ：防災倉庫の鍵の管理', phone: 'ひみつ：夜道の街灯を増やす', third: 'ひみつ：企業の駐車場を避難場所に' } as const;

async function joinByForm(page: Page, name: string, affiliation: string) {
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-affiliation').selectOption(affiliation);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('stage').waitFor();
  await waitAttr(page, 'connection', 'data-state', 'connected');
}

/** Types into the editor that the add button opened and saves it as this screen does (keys on a laptop, the sheet's button on a phone). */
async function finishNote(s: Screen, text: string, phone: boolean): Promise<string> {
  const editor = s.page.getByTestId('note-editor');
  await editor.waitFor();
  const id = (await editor.getAttribute('data-note-id'))!;
  await editor.fill(text);
  if (phone) await s.page.getByTestId('note-editor-save').tap();
  else await s.page.keyboard.press('Control+Enter');
  await editor.waitFor({ state: 'hidden' });
  return id;
}

const idOf = (page: Page) => page.evaluate(() => (window as unknown as Hooks).__onaji!.client.you!.id);

async function tapVote(s: Screen, noteId: string, phone: boolean) {
  await s.page.evaluate(() => (window as unknown as Hooks).__onaji!.nextFrame());
  const p = await s.page.evaluate((id) => (window as unknown as Hooks).__onaji!.voteButtonPoint(id, 'add'), noteId);
  if (!p) throw new Error(`no vote button for ${noteId} on ${s.name}`);
  if (phone) await s.page.touchscreen.tap(p.x, p.y);
  else await s.page.mouse.click(p.x, p.y);
}

describe('a workshop in the room, on the projector, a laptop and a phone', BROWSER_TEST, () => {
  it('[PR1][PH1][V1][V2][N1] ① → ⑤: the wall shows only what the room may see, notes land apart, the phone takes part fully', async () => {
    const url = world.srv.url;
    const board = await createBoard(url, { title: 'まちの防災 協働ワークショップ', template: 'same-table' });
    const summary = (await (await fetch(`${url}/api/boards/${board.id}`)).json()) as { code: string };

    // The facilitator's laptop, and the projector page opened from it: same browser, same key.
    const fac = await openScreen(world.browser, 'facilitator', SIZES.laptop);
    screens.push(fac);
    await fac.page.goto(board.urls.facilitate);
    await joinByForm(fac.page, '進行役', 'government');
    const wallPage = await fac.context.newPage();
    await wallPage.setViewportSize(SIZES.projector);
    wallPage.setDefaultTimeout(ARRIVES);
    const traffic = recordTraffic(wallPage);
    const wall: Screen = { name: 'projector', context: fac.context, page: wallPage };
    await wallPage.goto(`${url}/b/${board.id}/present`);
    await wallPage.getByTestId('present-welcome').waitFor();

    const laptop = await openScreen(world.browser, 'laptop', SIZES.laptop);
    const phone = await openScreen(world.browser, 'phone', SIZES.phone, true);
    const third = await openScreen(world.browser, 'third', SIZES.laptop);
    screens.push(laptop, phone, third);
    await laptop.page.goto(`${url}/b/${board.id}`);
    await joinByForm(laptop.page, '山田（NPO）', 'npo');
    // The phone joins as most phones will: the home page, the six-digit code.
    await phone.page.goto(`${url}/`);
    await phone.page.getByTestId('join-code').fill(summary.code);
    await phone.page.getByTestId('join-code-submit').tap();
    await joinByForm(phone.page, '佐藤', 'citizen');
    await third.page.goto(`${url}/j/${summary.code}`);
    await joinByForm(third.page, '田中（企業）', 'company');
    const people = [laptop, phone, third];
    await waitAttr(wallPage, 'present-online', 'data-count', '3').catch(() => {});
    await shoot([wall, fac, laptop, phone], '0-join');
    expect(await scrollsSideways(phone.page)).toBe(false);

    // ① Write alone. The wall leaves its join screen and says which step the room is in.
    await fac.page.getByTestId('phase-private').click();
    await wallPage.getByTestId('present-welcome').waitFor({ state: 'detached' });
    for (const p of people) await p.page.getByTestId('notice-private').waitFor();
    for (const p of [...people, wall]) await waitAttr(p.page, 'phase-now', 'data-phase', 'private');

    // Three people press "add" at the same moment; none can see the others' notes, and still
    // no note lands on another once the server has settled them (N1).
    await Promise.all(people.map((p) => (p === phone ? p.page.getByTestId('add-note').tap() : p.page.getByTestId('add-note').click())));
    const ids = {
      laptop: await finishNote(laptop, SECRETS.laptop, false),
      phone: await finishNote(phone, SECRETS.phone, true),
      third: await finishNote(third, SECRETS.third, false),
    };
    for (const p of people) await settled(p.page);
    await fac.page.waitForFunction((n) => Object.keys((window as unknown as Hooks).__onaji!.client.state!.notes).length >= n, 3);
    const written = (await notesOf(fac.page)).filter((n) => Object.values(ids).includes(n.id));
    expect(written).toHaveLength(3);
    expect(overlapping(written)).toBe(false);
    // The phone participant writes two more; the NPO laptop's first note is in the NPO column.
    for (const text of ['通学路の危ない場所を地図に', '子どもの見守り当番']) {
      await phone.page.getByTestId('add-note').tap();
      await finishNote(phone, text, true);
    }
    await settled(phone.page);
    expect(await scrollsSideways(phone.page)).toBe(false);
    // Each sees its own notes and only a count of the others'.
    expect(await pageText(laptop.page)).not.toContain(SECRETS.phone);
    await shoot([wall, fac, laptop, phone], '1-private');

    // Nothing private reached the wall: not a frame, not a body, not a word on the page.
    const beforeReveal = `${traffic.all()}\n${await pageText(wallPage)}`;
    for (const secret of Object.values(SECRETS)) expect(beforeReveal).not.toContain(secret);
    expect(beforeReveal).not.toContain('子どもの見守り当番');

    // ② Reveal: now everything reaches the wall, so the check above could have failed.
    await fac.page.getByTestId('phase-reveal').click();
    await wallPage.waitForFunction((s) => Object.values((window as unknown as Hooks).__onaji?.client.state?.notes ?? {}).some((n) => n.text === s), SECRETS.phone);
    for (const secret of Object.values(SECRETS)) expect(traffic.all()).toContain(secret);
    await laptop.page.waitForFunction((s) => Object.values((window as unknown as Hooks).__onaji!.client.state!.notes).some((n) => n.text === s), SECRETS.phone);
    const wallSizes = await settledTextSizes(wallPage);
    expect(smallest(Object.values(wallSizes.notes)), JSON.stringify(wallSizes)).toBeGreaterThanOrEqual(20);
    expect(smallest(wallSizes.sections.map((s) => s.title))).toBeGreaterThanOrEqual(18);
    expect(overlapping(await notesOf(fac.page))).toBe(false);
    await shoot([wall, fac, laptop, phone], '2-reveal');

    // ③ A secret vote: the wall learns nobody's dots until the round ends.
    await fac.page.getByTestId('vote-hidden').check();
    await fac.page.getByTestId('phase-vote').click();
    for (const p of [...people, wall]) await waitAttr(p.page, 'phase-now', 'data-phase', 'vote');
    const voteMark = traffic.mark();
    const voters = { laptop: await idOf(laptop.page), phone: await idOf(phone.page) };
    await waitAttr(phone.page, 'votes-left', 'data-left', '3');
    await tapVote(phone, ids.laptop, true);
    await waitAttr(phone.page, 'votes-left', 'data-left', '2');
    await tapVote(laptop, ids.phone, false);
    await waitAttr(laptop.page, 'votes-left', 'data-left', '2');
    await waitAttr(fac.page, 'vote-progress', 'data-online', '3');
    expect(await scrollsSideways(phone.page)).toBe(false);
    await shoot([wall, fac, laptop, phone], '3-vote');
    const duringVote = traffic.since(voteMark);
    expect(duringVote).not.toContain('"vote.add"');
    for (const id of Object.values(voters)) expect(duringVote).not.toContain(`"${id}":1`);
    expect(await wallPage.evaluate(() => (window as unknown as Hooks).__onaji!.client.state!.votes)).toEqual({});

    // ④ Results reach every screen; on the phone they open into view.
    await fac.page.getByTestId('phase-results').click();
    for (const p of [fac, wall, laptop, phone]) await p.page.getByTestId('results-overall').waitFor();
    const after = traffic.since(voteMark);
    expect(after).toContain(`"${voters.phone}":1`);
    const box = (await phone.page.getByTestId('results-overall').boundingBox())!;
    expect(box.y).toBeLessThan(SIZES.phone.height);
    expect(box.y + Math.min(box.height, 100)).toBeGreaterThan(0);
    expect(await scrollsSideways(phone.page)).toBe(false);
    await shoot([wall, fac, laptop, phone], '4-results');

    // ⑤ Reflect, on every screen, with same-table's own question.
    await fac.page.getByTestId('phase-reflect').click();
    for (const p of [...people, wall]) await waitAttr(p.page, 'phase-now', 'data-phase', 'reflect');
    expect(await phone.page.getByTestId('reflection-prompt').textContent()).toContain('共通の目的');
    expect(await scrollsSideways(phone.page)).toBe(false);
    await shoot([wall, fac, laptop, phone], '5-reflect');
  }, WORKSHOP);
});
