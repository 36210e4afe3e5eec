import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Board, Note, Section } from '../../shared/model.js';
import { overlaps, sectionSlots } from '../../shared/placement.js';
import { ARRIVES, BROWSER_TEST, joinBoard, personPage, webWorld, writeNoteFromToolbar } from '../helpers/browser.js';
import { createBoard, opId, Peer, ROOT } from '../helpers/server.js';

const world = webWorld();
const SHOTS = path.join(ROOT, 'test-results', 'placement');
const ROUND = 120_000;

type Person = { context: BrowserContext; page: Page };
type Debug = { __onaji: { client: { state: Board | null; pendingOps: unknown[] }; nextFrame(): Promise<void> } };

const open: (Person | Peer)[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) {
    if (p instanceof Peer) p.close();
    else await p.context.close();
  }
});

async function person(viewport: { width: number; height: number }, touch = false): Promise<Person> {
  const p = touch ? await phonePage(viewport) : await personPage(world.browser, viewport);
  p.page.setDefaultTimeout(ARRIVES);
  open.push(p);
  return p;
}

async function phonePage(viewport: { width: number; height: number }): Promise<Person> {
  const context = await world.browser.newContext({ viewport, locale: 'ja-JP', hasTouch: true, isMobile: true });
  return { context, page: await context.newPage() };
}

const join = (p: Person, url: string, name: string, affiliation: string) => joinBoard(p.page, url, name, affiliation);

async function peer(boardId: string, name: string, extra: Record<string, unknown> = {}) {
  const p = new Peer(world.srv.url);
  open.push(p);
  const ack = await p.join({ boardId, name, ...extra });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return p;
}

async function serverBoard(boardId: string): Promise<Board> {
  const room = await world.srv.app.registry.get(boardId);
  if (!room) throw new Error('no room');
  return room.board;
}

const addFromToolbar = writeNoteFromToolbar;

/** The notes this page shows once nothing of its own is waiting for the server. */
async function settledNotes(page: Page): Promise<Record<string, Note>> {
  await page.waitForFunction(() => (window as unknown as Debug).__onaji.client.pendingOps.length === 0, null, { timeout: ARRIVES });
  return page.evaluate(() => (window as unknown as Debug).__onaji.client.state!.notes);
}

async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await page.evaluate(() => (window as unknown as Debug).__onaji.nextFrame());
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

const inside = (n: Note, s: Section) => n.x >= s.x && n.y >= s.y && n.x + n.width <= s.x + s.width && n.y + n.height <= s.y + s.height;

describe('[N1][N2] a new note goes to a free cell', BROWSER_TEST, () => {
  it(
    '[N1][N2] an NPO participant on a laptop adds notes: they land in the NPO column, apart, and clear of a note they cannot see',
    async () => {
      const board = await createBoard(world.srv.url, { title: '置き場所', template: 'same-table' });
      const fac = await peer(board.id, '進行役', { facilitatorKey: board.facilitatorKey });
      const sections = Object.values((await serverBoard(board.id)).sections);
      const npo = sections.find((s) => s.affiliation === 'npo')!;
      expect(await fac.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
      // Hidden from the participant: it holds the cell the participant's screen thinks is free.
      const first = sectionSlots(npo)[0]!;
      expect(await fac.send({ opId: opId(), type: 'note.add', note: { id: 'n_hidden', text: 'ひみつ', ...first } })).toMatchObject({ ok: true });

      const laptop = await person({ width: 1366, height: 768 });
      await join(laptop, board.urls.join, 'NPOの人', 'npo');
      const a = await addFromToolbar(laptop.page, 'こども食堂の場所を提供');
      const b = await addFromToolbar(laptop.page, '見守りボランティア');
      const shown = await settledNotes(laptop.page);
      expect(Object.keys(shown).sort()).toEqual([a, b].sort());
      const server = await serverBoard(board.id);
      for (const id of [a, b]) {
        expect(shown[id]!.sectionId, id).toBe(npo.id);
        expect(inside(shown[id]!, npo), id).toBe(true);
        expect({ x: shown[id]!.x, y: shown[id]!.y }, 'the screen shows the spot the server settled').toEqual({ x: server.notes[id]!.x, y: server.notes[id]!.y });
      }
      const all = Object.values(server.notes);
      for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!), `${all[i]!.id}/${all[j]!.id}`).toBe(false);
      await shot(laptop.page, 'laptop-npo-two-notes');
    },
    ROUND,
  );

  it(
    '[N2] with N, a citizen zoomed into the shared goal writes there; a double-click still puts the note where it was clicked',
    async () => {
      const board = await createBoard(world.srv.url, { title: '置き場所', template: 'same-table' });
      const laptop = await person({ width: 1366, height: 768 });
      await join(laptop, board.urls.join, '市民', 'citizen');
      const goal = Object.values((await serverBoard(board.id)).sections).find((s) => s.title === '共通の目的')!;
      // Bring the shared goal to fill the screen, as a person who zoomed in on it would.
      await laptop.page.evaluate((g) => {
        const cam = (window as unknown as { __onaji: { camera: { fit(r: unknown, pad: number, max: number): void } } }).__onaji.camera;
        cam.fit({ x: g.x, y: g.y, width: g.width, height: g.height }, 0, 4);
      }, goal);
      await laptop.page.getByTestId('stage').click({ position: { x: 5, y: 5 } });
      await laptop.page.keyboard.press('n');
      const editor = laptop.page.getByTestId('note-editor');
      await editor.waitFor();
      const id = (await editor.getAttribute('data-note-id'))!;
      await laptop.page.keyboard.press('Escape');
      await editor.waitFor({ state: 'hidden' });
      const notes = await settledNotes(laptop.page);
      expect(notes[id]!.sectionId).toBe(goal.id);
      expect({ x: notes[id]!.x, y: notes[id]!.y }).toEqual(sectionSlots(goal)[0]);

      // Closing the editor glides the view back to where it was: click once it has arrived.
      await expect
        .poll(async () => {
          const view = () => laptop.page.evaluate(() => JSON.stringify((window as unknown as { __onaji: { camera: { view: { get(): unknown } } } }).__onaji.camera.view.get()));
          const a = await view();
          await laptop.page.waitForTimeout(250);
          return a === (await view());
        }, { timeout: ARRIVES })
        .toBe(true);
      const box = (await laptop.page.getByTestId('stage').boundingBox())!;
      const point = { x: box.x + box.width * 0.8, y: box.y + box.height * 0.7 };
      // The board point under the click, read before the editor moves the view.
      const target = await laptop.page.evaluate((p) => {
        const d = (window as unknown as { __onaji: { camera: { toBoard(p: unknown): { x: number; y: number } } } }).__onaji;
        const stage = document.querySelector('[data-testid="stage"]')!.getBoundingClientRect();
        return d.camera.toBoard({ x: p.x - stage.left, y: p.y - stage.top });
      }, point);
      await laptop.page.mouse.dblclick(point.x, point.y);
      await editor.waitFor();
      const clicked = (await editor.getAttribute('data-note-id'))!;
      await laptop.page.keyboard.press('Escape');
      const after = await settledNotes(laptop.page);
      const n = after[clicked]!;
      const centre = { dx: Math.abs(n.x + n.width / 2 - target.x), dy: Math.abs(n.y + n.height / 2 - target.y) };
      expect(after[clicked]).toBeDefined();
      // Within a pixel or two of the click (the stage's own offset is fractional).
      expect(centre.dx).toBeLessThanOrEqual(4);
      expect(centre.dy).toBeLessThanOrEqual(4);
    },
    ROUND,
  );
});

describe('[N3] the facilitator tidies', BROWSER_TEST, () => {
  it(
    '[N3] tidy by votes puts the most voted note first, in reading order; undo puts them back',
    async () => {
      const board = await createBoard(world.srv.url, { title: '整理', template: 'same-table' });
      const cofac = await peer(board.id, '副進行', { facilitatorKey: board.facilitatorKey });
      const voter = await peer(board.id, '投票する人', { affiliation: 'citizen' });
      const outcomes = Object.values((await serverBoard(board.id)).sections).find((s) => s.title === '期待する成果')!;
      // Scattered inside the section (their centres in it), out of the order a tidy gives.
      const low = outcomes.y + outcomes.height - 220;
      const spots = { n_zero: [outcomes.x + 40, low], n_two: [outcomes.x + 900, low - 20], n_one: [outcomes.x + 500, outcomes.y + 200] };
      for (const [id, [x, y]] of Object.entries(spots)) expect(await voter.send({ opId: opId(), type: 'note.add', note: { id, text: id, x, y } })).toMatchObject({ ok: true });
      expect(await cofac.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: false })).toMatchObject({ ok: true });
      for (const id of ['n_two', 'n_two', 'n_one']) expect(await voter.send({ opId: opId(), type: 'vote.add', noteId: id })).toMatchObject({ ok: true });
      expect(await cofac.send({ opId: opId(), type: 'voting.end' })).toMatchObject({ ok: true });
      const before = structuredClone((await serverBoard(board.id)).notes);

      const fac = await person({ width: 1366, height: 768 });
      await join(fac, board.urls.facilitate, '進行役', 'government');
      // Open by default on a laptop; it loads when a facilitator joins.
      await fac.page.getByTestId('facilitator-panel').waitFor();
      await fac.page.getByTestId('tidy-section').selectOption(outcomes.id);
      await fac.page.getByTestId('tidy-votes').click();

      const slots = sectionSlots(outcomes);
      const expected = { n_two: slots[0], n_one: slots[1], n_zero: slots[2] };
      await expect.poll(async () => {
        const n = (await serverBoard(board.id)).notes;
        return Object.fromEntries(Object.keys(expected).map((id) => [id, { x: n[id]!.x, y: n[id]!.y }]));
      }, { timeout: ARRIVES }).toEqual(expected);
      const shown = await settledNotes(fac.page);
      for (const [id, p] of Object.entries(expected)) expect({ x: shown[id]!.x, y: shown[id]!.y }).toEqual(p);
      await expect.poll(() => fac.page.getByTestId('toast').first().textContent(), { timeout: ARRIVES }).toContain('期待する成果');
      await fac.page.getByTestId('facilitator-panel').scrollIntoViewIfNeeded();
      await shot(fac.page, 'laptop-facilitator-tidied-by-votes');

      await fac.page.getByTestId('undo').click();
      await expect.poll(async () => {
        const n = (await serverBoard(board.id)).notes;
        return Object.keys(spots).every((id) => n[id]!.x === before[id]!.x && n[id]!.y === before[id]!.y);
      }, { timeout: ARRIVES }).toBe(true);
    },
    ROUND,
  );
});

describe('[N3] the facilitator gathers', BROWSER_TEST, () => {
  it(
    '[N3] shift-clicked notes are gathered into one block at the first one, apart from every other note',
    async () => {
      const board = await createBoard(world.srv.url, { title: '集める', template: 'same-table' });
      const writer = await peer(board.id, '書いた人', { affiliation: 'company' });
      const spread = { g_first: [100, 1700], g_b: [1500, 700], g_c: [2100, 1900], other: [330, 1700] };
      for (const [id, [x, y]] of Object.entries(spread)) expect(await writer.send({ opId: opId(), type: 'note.add', note: { id, text: id, x, y } })).toMatchObject({ ok: true });

      const fac = await person({ width: 1366, height: 768 });
      await join(fac, board.urls.facilitate, '進行役', 'government');
      // Open by default on a laptop; it loads when a facilitator joins.
      await fac.page.getByTestId('facilitator-panel').waitFor();
      await fac.page.waitForFunction(() => Object.keys((window as unknown as Debug).__onaji.client.state?.notes ?? {}).length === 4, null, { timeout: ARRIVES });
      await fac.page.evaluate(() => (window as unknown as Debug).__onaji.nextFrame());
      for (const [i, id] of ['g_first', 'g_b', 'g_c'].entries()) {
        const r = await fac.page.evaluate((id) => (window as unknown as { __onaji: { noteScreenRect(id: string): { x: number; y: number; width: number; height: number } } }).__onaji.noteScreenRect(id), id);
        if (i > 0) await fac.page.keyboard.down('Shift');
        await fac.page.mouse.click(r.x + r.width / 2, r.y + r.height / 3);
        if (i > 0) await fac.page.keyboard.up('Shift');
      }
      await expect.poll(() => fac.page.getByTestId('gather-selected').textContent(), { timeout: ARRIVES }).toContain('3');
      await fac.page.getByTestId('gather-selected').click();

      await expect.poll(async () => {
        const n = (await serverBoard(board.id)).notes;
        return ['g_b', 'g_c'].every((id) => Math.hypot(n[id]!.x - n['g_first']!.x, n[id]!.y - n['g_first']!.y) < 400);
      }, { timeout: ARRIVES }).toBe(true);
      const n = Object.values((await serverBoard(board.id)).notes);
      for (let i = 0; i < n.length; i++) for (let j = i + 1; j < n.length; j++) expect(overlaps(n[i]!, n[j]!), `${n[i]!.id}/${n[j]!.id}`).toBe(false);
      const other = n.find((x) => x.id === 'other')!;
      expect({ x: other.x, y: other.y }).toEqual({ x: 330, y: 1700 });
      await shot(fac.page, 'laptop-facilitator-gathered');
    },
    ROUND,
  );
});

describe('[N1] three screens at the same moment', BROWSER_TEST, () => {
  it(
    '[N1][V1] a 1920×1080, a 1366×768 and a touch 390×844 participant of one partner add notes at once during private writing: none overlaps, each sees its own at the settled spot',
    async () => {
      const board = await createBoard(world.srv.url, { title: '置き場所の確認', template: 'same-table' });
      const fac = await peer(board.id, '進行役', { facilitatorKey: board.facilitatorKey });
      const seats = [
        { key: 'wide', name: '大画面の人', viewport: { width: 1920, height: 1080 }, touch: false },
        { key: 'laptop', name: 'ノートPCの人', viewport: { width: 1366, height: 768 }, touch: false },
        { key: 'phone', name: 'スマホの人', viewport: { width: 390, height: 844 }, touch: true },
      ];
      const people: Person[] = [];
      for (const s of seats) {
        const p = await person(s.viewport, s.touch);
        await join(p, board.urls.join, s.name, 'npo');
        people.push(p);
      }
      expect(await fac.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
      for (const p of people) await p.page.waitForFunction(() => (window as unknown as Debug).__onaji.client.state?.settings.privateWriting === true, null, { timeout: ARRIVES });

      // Each screen sees an empty NPO column, so each guesses its first cell; the server decides.
      for (let round = 0; round < 2; round++) {
        await Promise.all(people.map((p) => p.page.getByTestId('add-note').click()));
        await Promise.all(
          people.map(async (p, i) => {
            await p.page.getByTestId('note-editor').waitFor();
            await p.page.keyboard.type(`${seats[i]!.name}のふせん${round + 1}`);
            await p.page.keyboard.press('Control+Enter');
            await p.page.getByTestId('note-editor').waitFor({ state: 'hidden' });
          }),
        );
      }
      const server = await serverBoard(board.id);
      const all = Object.values(server.notes);
      expect(all).toHaveLength(6);
      for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!), `${all[i]!.id}/${all[j]!.id}`).toBe(false);
      const npo = Object.values(server.sections).find((s) => s.affiliation === 'npo')!;
      for (const n of all) expect(n.sectionId, n.text).toBe(npo.id);
      for (const [i, p] of people.entries()) {
        const shown = await settledNotes(p.page);
        expect(Object.keys(shown), 'private writing: only its own notes').toHaveLength(2);
        for (const n of Object.values(shown)) expect({ x: n.x, y: n.y }).toEqual({ x: server.notes[n.id]!.x, y: server.notes[n.id]!.y });
        await shot(p.page, `${seats[i]!.key}-private-writing-two-notes-each`);
      }
      expect(await fac.send({ opId: opId(), type: 'writing.private', on: false })).toMatchObject({ ok: true });
      for (const [i, p] of people.entries()) {
        await p.page.waitForFunction(() => Object.keys((window as unknown as Debug).__onaji.client.state?.notes ?? {}).length === 6, null, { timeout: ARRIVES });
        await shot(p.page, `${seats[i]!.key}-after-reveal`);
      }
    },
    ROUND,
  );
});
