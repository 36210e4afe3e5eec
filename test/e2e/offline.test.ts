import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST, launchBrowser, personPage } from '../helpers/browser.js';
import { createBoard, Peer, removeDir, ROOT, startServer, type TestServer } from '../helpers/server.js';
import type { EntryView } from '../../shared/view.js';

/** Generous: the machine is shared; this says "arrives", not "arrives fast". */
const ARRIVES = 20_000;
const LONG = 120_000;
const STATIC = path.join(ROOT, 'dist/client');

let browser: Browser;
const servers: TestServer[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop().catch(() => {});
  for (const d of new Set(servers.map((s) => s.dataDir))) await removeDir(d);
});

async function web(opts: { dataDir?: string; port?: number } = {}): Promise<TestServer> {
  const srv = await startServer({ ...opts, staticDir: STATIC });
  servers.push(srv);
  return srv;
}

type Note = { id: string; x: number; y: number; text: string };
type Debug = {
  __onaji: {
    client: {
      state: { notes: Record<string, Note> } | null;
      pendingOps: unknown[];
      submit(op: Record<string, unknown>): { ok: boolean; opId?: string };
    };
  };
};

async function joinAs(page: Page, url: string, name: string, affiliation: string) {
  await page.goto(url);
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-affiliation').selectOption(affiliation);
  await page.getByTestId('join-submit').click();
  await page.getByTestId('stage').waitFor({ timeout: ARRIVES });
  await waitConnected(page, 0);
}

/** Connected, and (when given) with exactly that many ops still waiting for the server. */
async function waitConnected(page: Page, pending?: number) {
  await page.waitForFunction(
    (p) => {
      const el = document.querySelector('[data-testid="connection"]');
      return el?.getAttribute('data-state') === 'connected' && (p === null || el.getAttribute('data-pending') === String(p));
    },
    pending ?? null,
    { timeout: ARRIVES },
  );
}

const submit = (page: Page, op: Record<string, unknown>) =>
  page.evaluate((o) => (window as unknown as Debug).__onaji.client.submit(o), op);

const notesOf = (page: Page) =>
  page.evaluate(() => {
    const notes = (window as unknown as Debug).__onaji.client.state?.notes ?? {};
    return Object.values(notes)
      .map((n) => ({ id: n.id, x: n.x, y: n.y, text: n.text }))
      .sort((a, b) => a.id.localeCompare(b.id));
  });

/** The server's own board and log, read by a facilitator peer that joins from seq 0. */
async function serverTruth(url: string, boardId: string, facilitatorKey: string) {
  const peer = new Peer(url);
  try {
    await Promise.race([peer.connected(), new Promise((_, fail) => setTimeout(() => fail(new Error(`no connection to ${url}`)), ARRIVES))]);
    const ack = await peer.join({ boardId, name: 'check', facilitatorKey });
    if (!ack.ok || !('board' in ack)) throw new Error('join failed');
    const notes = (ack.board.notes as Note[])
      .map((n) => ({ id: n.id, x: n.x, y: n.y, text: n.text }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const log = await peer.join({ boardId, name: 'check', facilitatorKey, participant: { id: peer.you!.id, secret: peer.you!.secret }, since: 0 });
    const entries: EntryView[] = log.ok && 'ops' in log ? log.ops : [];
    return { notes, entries };
  } finally {
    peer.close();
  }
}

const addsIn = (entries: EntryView[]) => entries.filter((e) => e.op?.type === 'note.add').map((e) => (e.op as { note: { id: string } }).note.id);

/** Both pages and the server show the same notes; returns them. */
async function converge(pages: Page[], url: string, boardId: string, key: string) {
  for (const p of pages) await waitConnected(p, 0);
  let truth = await serverTruth(url, boardId, key);
  const start = Date.now();
  for (;;) {
    const seen = await Promise.all(pages.map(notesOf));
    if (seen.every((s) => JSON.stringify(s) === JSON.stringify(truth.notes))) return truth;
    if (Date.now() - start > ARRIVES) expect(seen).toEqual(pages.map(() => truth.notes));
    await new Promise((r) => setTimeout(r, 250));
    truth = await serverTruth(url, boardId, key);
  }
}

/** A step that should end, failing with its name rather than with the whole test's timeout. */
const withDeadline = <T,>(p: Promise<T>, what: string): Promise<T> =>
  Promise.race([p, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`${what}: did not finish`)), 30_000))]);

function addOp(id: string, text: string, x: number, y: number) {
  return { type: 'note.add', note: { id, text, x, y, width: 200, height: 140, color: '#fff59d' } };
}

describe('flaky networks', BROWSER_TEST, () => {
  it('[C2] five seconds without a transport while both edit the same notes: all converge, each op once', async () => {
    const srv = await web();
    const board = await createBoard(srv.url);
    const a = await personPage(browser);
    const b = await personPage(browser);
    await joinAs(a.page, board.urls.join, '佐藤', 'citizen');
    await joinAs(b.page, board.urls.join, '鈴木', 'npo');
    expect((await submit(a.page, addOp('n_shared1', 'はじめ', 0, 0))).ok).toBe(true);
    expect((await submit(a.page, addOp('n_shared2', 'つぎ', 300, 0))).ok).toBe(true);
    await waitConnected(a.page, 0);
    await b.page.waitForFunction(() => Object.keys((window as unknown as Debug).__onaji.client.state?.notes ?? {}).length === 2, null, { timeout: ARRIVES });

    await a.context.setOffline(true);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') !== 'connected', null, { timeout: ARRIVES });
    // Both edit the same notes while A has no transport; B's edits reach the server at once.
    for (const [page, who] of [[a.page, 'A'], [b.page, 'B']] as const) {
      expect((await submit(page, { type: 'note.move', moves: [{ id: 'n_shared1', x: who === 'A' ? 40 : 80, y: 20 }] })).ok).toBe(true);
      expect((await submit(page, { type: 'note.update', id: 'n_shared2', patch: { text: `${who}が書いた` } })).ok).toBe(true);
      expect((await submit(page, addOp(`n_off_${who}`, `${who}の新しい付箋`, who === 'A' ? 0 : 300, 300))).ok).toBe(true);
    }
    await new Promise((r) => setTimeout(r, 5000));
    expect(await a.page.getByTestId('connection').getAttribute('data-pending')).toBe('3');
    await a.context.setOffline(false);

    const truth = await converge([a.page, b.page], srv.url, board.id, board.facilitatorKey);
    expect(truth.notes.map((n) => n.id)).toEqual(['n_off_A', 'n_off_B', 'n_shared1', 'n_shared2']);
    // A's edits were sent last, so they are the last word.
    expect(truth.notes.find((n) => n.id === 'n_shared2')!.text).toBe('Aが書いた');
    const adds = addsIn(truth.entries);
    expect(adds.sort()).toEqual(['n_off_A', 'n_off_B', 'n_shared1', 'n_shared2']);
    await a.context.close();
    await b.context.close();
  }, LONG);

  it('[C2][L13] the server restarts while a client has pending ops: the clients come back by themselves and converge', async () => {
    let srv = await web();
    const { dataDir } = srv;
    const port = Number(new URL(srv.url).port);
    const board = await createBoard(srv.url);
    const a = await personPage(browser);
    const b = await personPage(browser);
    await joinAs(a.page, board.urls.join, '佐藤', 'citizen');
    await joinAs(b.page, board.urls.join, '鈴木', 'company');
    expect((await submit(a.page, addOp('n_before', 'まえ', 0, 0))).ok).toBe(true);
    await waitConnected(a.page, 0);

    await withDeadline(srv.stop(), 'server stop');
    servers.splice(servers.indexOf(srv), 1);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') !== 'connected', null, { timeout: ARRIVES });
    expect((await submit(a.page, addOp('n_during_A', 'A: 停止中', 0, 300))).ok).toBe(true);
    expect((await submit(a.page, { type: 'note.move', moves: [{ id: 'n_before', x: 60, y: 10 }] })).ok).toBe(true);
    expect((await submit(b.page, addOp('n_during_B', 'B: 停止中', 300, 300))).ok).toBe(true);
    expect(await a.page.getByTestId('connection').getAttribute('data-pending')).toBe('2');

    srv = await withDeadline(web({ dataDir, port }), `restart on port ${port}`);
    const truth = await converge([a.page, b.page], srv.url, board.id, board.facilitatorKey);
    expect(truth.notes.map((n) => n.id)).toEqual(['n_before', 'n_during_A', 'n_during_B']);
    expect(truth.notes.find((n) => n.id === 'n_before')).toMatchObject({ x: 60, y: 10 });
    // The stop folded the old log into the document; the new server's log holds what came after.
    const lines = (await readFile(path.join(dataDir, 'boards', `${board.id}.log`), 'utf8')).split('\n').filter(Boolean);
    const logged = lines.map((l) => JSON.parse(l) as { op?: { type?: string; note?: { id: string } } });
    expect(logged.filter((l) => l.op?.type === 'note.add').map((l) => l.op!.note!.id).sort()).toEqual(['n_during_A', 'n_during_B']);
    await a.context.close();
    await b.context.close();
  }, LONG);

  it('[C2] a reload while offline keeps the pending notes, and they arrive once', async () => {
    const srv = await web();
    const board = await createBoard(srv.url);
    const a = await personPage(browser);
    const b = await personPage(browser);
    await joinAs(a.page, board.urls.join, '佐藤', 'citizen');
    await joinAs(b.page, board.urls.join, '鈴木', 'government');

    await a.context.setOffline(true);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-state') !== 'connected', null, { timeout: ARRIVES });
    expect((await submit(a.page, addOp('n_kept1', 'オフラインで1', 0, 0))).ok).toBe(true);
    expect((await submit(a.page, addOp('n_kept2', 'オフラインで2', 300, 0))).ok).toBe(true);

    // The page must load again, so only the socket stays blocked for the reload.
    await a.page.route('**/socket.io/**', (route) => route.abort());
    await a.context.setOffline(false);
    await a.page.reload();
    await a.page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.getAttribute('data-pending') === '2', null, { timeout: ARRIVES });
    const restored = await a.page.evaluate(() => (window as unknown as Debug).__onaji.client.pendingOps.length);
    expect(restored).toBe(2);

    await a.page.unroute('**/socket.io/**');
    const truth = await converge([a.page, b.page], srv.url, board.id, board.facilitatorKey);
    expect(truth.notes.map((n) => n.id)).toEqual(['n_kept1', 'n_kept2']);
    expect(addsIn(truth.entries).sort()).toEqual(['n_kept1', 'n_kept2']);
    // Confirmed ops leave storage.
    const stored = await a.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('onaji:pending:')).map((k) => localStorage.getItem(k)));
    expect(stored.filter((v) => v !== null)).toEqual([]);

    // A reload after the ops were delivered resends nothing, and one that had reached the server
    // before the page went away is applied once.
    await a.page.reload();
    await waitConnected(a.page, 0);
    expect(addsIn((await serverTruth(srv.url, board.id, board.facilitatorKey)).entries).sort()).toEqual(['n_kept1', 'n_kept2']);
    await a.context.close();
    await b.context.close();
  }, LONG);
});
