import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST, launchBrowser, listNotes, personPage } from '../helpers/browser.js';
import { createBoard, FLOOD_ALLOWED, opId, Peer, removeDir, ROOT, startServer, type TestServer } from '../helpers/server.js';

// The page applies others' ops once per animation frame. These hold it to what a person sees:
// a hidden tab (no frames at all) still keeps up, and a burst of others' moves during one's own
// moves ends with every screen where the server says.

/** Generous: the machine is shared; this says "arrives", not "arrives fast". */
const ARRIVES = 20_000;

let srv: TestServer;
let browser: Browser;
const peers: Peer[] = [];
beforeAll(async () => {
  // Others' bursts here are faster than a participant may send (L3); capacity is not the point.
  srv = await startServer({ staticDir: path.join(ROOT, 'dist/client'), limits: FLOOD_ALLOWED });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const p of peers) p.close();
  await browser?.close();
  await srv?.stop();
  if (srv) await removeDir(srv.dataDir);
});

type Debug = {
  __onaji: {
    client: {
      state: { notes: Record<string, { id: string; x: number; y: number }> } | null;
      submit(op: Record<string, unknown>): { ok: boolean };
    };
  };
};

async function joinAs(page: Page, url: string, name: string) {
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-affiliation').selectOption('citizen');
  await page.getByTestId('join-submit').click();
  await page.getByTestId('stage').waitFor({ timeout: ARRIVES });
  await settled(page);
}

/**
 * Connected, with nothing of ours waiting for the server. Polled on a timer: Playwright polls on
 * animation frames by default, and the hidden tab below has none.
 */
const settled = (page: Page) =>
  page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="connection"]');
      return el?.getAttribute('data-state') === 'connected' && el.getAttribute('data-pending') === '0';
    },
    null,
    { timeout: ARRIVES, polling: 100 },
  );

async function otherPerson(boardId: string, name: string): Promise<Peer> {
  const peer = new Peer(srv.url);
  peers.push(peer);
  const ack = await peer.join({ boardId, name, affiliation: 'company' });
  if (!ack.ok) throw new Error(`join refused: ${ack.error.code}`);
  return peer;
}

async function send(peer: Peer, op: Record<string, unknown>) {
  const ack = await peer.send({ opId: opId(), ...op });
  if (!ack.ok) throw new Error(`${String(op.type)} refused: ${ack.error.code}`);
}

/** The notes' positions as the server holds them, read by a fresh join. */
async function serverPositions(boardId: string) {
  const peer = await otherPerson(boardId, 'check');
  const ack = await peer.join({ boardId, name: 'check', participant: { id: peer.you!.id, secret: peer.you!.secret } });
  peer.close();
  if (!ack.ok || !('board' in ack)) throw new Error('no board in the join answer');
  return Object.fromEntries(ack.board.notes.map((n) => [n.id, { x: n.x, y: n.y }]));
}

const pagePositions = (page: Page) =>
  page.evaluate(() => {
    const notes = (window as unknown as Debug).__onaji.client.state?.notes ?? {};
    return Object.fromEntries(Object.values(notes).map((n) => [n.id, { x: n.x, y: n.y }]));
  });

describe('others’ ops applied per animation frame', BROWSER_TEST, () => {
  it('a participant whose tab gets no animation frames (hidden) still sees others’ notes and moves', async () => {
    const board = await createBoard(srv.url);
    const a = await personPage(browser);
    // A hidden tab: the browser runs no animation frames at all.
    await a.context.addInitScript(() => {
      window.requestAnimationFrame = () => 0;
      window.cancelAnimationFrame = () => {};
    });
    await joinAs(a.page, board.urls.join, '隠れたタブ');
    await a.page.getByTestId('toggle-list').click();
    await a.page.getByTestId('list-view').waitFor();

    const peer = await otherPerson(board.id, '企業の人');
    for (let i = 0; i < 12; i++) await send(peer, { type: 'note.add', note: { id: `n_hidden_${i}`, text: `付箋${i}`, x: i * 250, y: 0 } });
    for (let i = 0; i < 12; i++) await send(peer, { type: 'note.move', moves: [{ id: `n_hidden_${i}`, x: i * 250, y: 400 + i }] });

    await expect
      .poll(async () => (await listNotes(a.page)).map((n) => `${n.id}@${n.x},${n.y}`).sort(), { timeout: ARRIVES })
      .toEqual([...Array(12).keys()].map((i) => `n_hidden_${i}@${i * 250},${400 + i}`).sort());
    await a.context.close();
  });

  it('[C1] own moves during a burst of others’ moves: the page ends where the server says', async () => {
    const board = await createBoard(srv.url);
    const a = await personPage(browser);
    await joinAs(a.page, board.urls.join, 'ドラッグする人');
    const peer = await otherPerson(board.id, '行政の人');
    const ids = [...Array(40).keys()].map((i) => `n_burst_${i}`);
    await Promise.all(ids.map((id, i) => send(peer, { type: 'note.add', note: { id, text: id, x: (i % 8) * 220, y: Math.floor(i / 8) * 160 } })));
    const mine = { type: 'note.add', note: { id: 'n_mine', text: 'わたしの', x: 0, y: 1000 } };
    expect(await a.page.evaluate((op) => (window as unknown as Debug).__onaji.client.submit(op).ok, mine)).toBe(true);
    await expect.poll(async () => Object.keys(await pagePositions(a.page)).length, { timeout: ARRIVES }).toBe(41);

    // Others move every note many times, as fast as the server takes them, while A drags its own
    // note with a live move every 20 ms: A's moves stay pending behind the burst.
    const burst = Promise.all(
      [...Array(400).keys()].map((k) => send(peer, { type: 'note.move', moves: [{ id: ids[k % ids.length]!, x: 3000 + k, y: 2000 + (k % 7) }] })),
    );
    await a.page.evaluate(async () => {
      const c = (window as unknown as Debug).__onaji.client;
      for (let i = 1; i <= 40; i++) {
        c.submit({ type: 'note.move', moves: [{ id: 'n_mine', x: i * 10, y: 1000 + i }] });
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await burst;
    await settled(a.page);

    const truth = await serverPositions(board.id);
    expect(truth.n_mine).toEqual({ x: 400, y: 1040 });
    await expect.poll(() => pagePositions(a.page), { timeout: ARRIVES }).toEqual(truth);
    await a.context.close();
  });
});
