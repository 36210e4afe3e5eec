import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { silentLog, systemClock } from '../../server/log.js';
import { COMPACTION, type CompactionPolicy } from '../../server/rooms/compaction.js';
import { FileStore } from '../../server/store/file-store.js';
import { createBoard, FLOOD_ALLOWED, opId, type Peer } from '../helpers/server.js';
import { boardFile, boardOf, dataDir, later, peer, readText, server } from './storage.fixtures.js';
import { exportSnapshot, postImport } from './workshop.fixtures.js';

// When the op log is folded into the document (S3): by size, after many ops, or when the board
// is quiet; never at a moment that loses what was acknowledged (O6).

/** A server on `dir` with its own compaction policy, stopped like kill -9 (nothing folded) by `crash`. */
async function serverWith(dir: string, compaction: CompactionPolicy) {
  const store = await FileStore.open(dir, silentLog);
  const app = createApp({ store, clock: systemClock, log: silentLog, limits: FLOOD_ALLOWED, compaction });
  await new Promise<void>((r) => app.http.listen(0, '127.0.0.1', r));
  let stopped = false;
  const crash = async () => {
    stopped = true;
    app.io.close();
    app.http.close();
    await store.close();
  };
  later(async () => {
    if (!stopped) await crash();
  });
  return { url: `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`, crash };
}

const lines = async (dir: string, id: string) => (await readText(boardFile(dir, id, 'log'))).split('\n').filter(Boolean).length;
const move = (p: Peer, x: number) => p.send({ opId: opId(), type: 'note.move', moves: [{ id: 'n_0', x, y: 0 }] });
const until = async (cond: () => Promise<boolean>, ms = 5_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (await cond()) return;
  throw new Error('timed out');
};

/** A board of `n` notes with long texts (a large document), its facilitator joined. */
async function largeBoard(url: string, n: number) {
  const made = await createBoard(url, { title: '大きなボード' });
  const snapshot = await exportSnapshot({ url } as never, made.id, made.facilitatorKey);
  const notes: Record<string, unknown> = {};
  for (let i = 0; i < n; i++)
    notes[`n_${i}`] = { id: `n_${i}`, text: `${i}番目の長いふせん：`.padEnd(1000, 'あ'), x: (i % 20) * 220, y: Math.floor(i / 20) * 160, width: 200, height: 140, color: '#fff59d', sectionId: null, authorId: 'template', authorName: '例', affiliation: 'other', createdAt: 1, updatedAt: 1 };
  const res = await postImport({ url } as never, JSON.stringify({ ...snapshot, board: { ...snapshot.board, notes } }));
  if (res.status !== 201) throw new Error(`import: ${res.status}`);
  const b = (await res.json()) as { id: string; facilitatorKey: string };
  const fac = await peer(url);
  await fac.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey });
  return { b, fac };
}

describe('compaction', () => {
  it('[S3][O6] small ops on a large board are not folded every 500; the log is folded once it outgrows the document, and nothing acknowledged is lost', async () => {
    const dir = await dataDir();
    const first = await server(dir, { limits: FLOOD_ALLOWED });
    const { b, fac } = await largeBoard(first.srv.url, 300);
    for (let i = 0; i < 600; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => move(fac, i + k)));
    // 600 moves are far smaller than the 300 long notes they would rewrite.
    expect(await lines(dir, b.id)).toBeGreaterThanOrEqual(600);

    // Long edits make the log outgrow the document: it is folded, the edits are in the document.
    const doc = (await readText(boardFile(dir, b.id, 'json'))).length;
    const edit = (i: number) => fac.send({ opId: opId(), type: 'note.update', id: `n_${i % 300}`, patch: { text: `書き直し${i}：`.padEnd(2000, 'い') } });
    let sent = 0;
    while (sent * 2000 < doc) await Promise.all(Array.from({ length: 20 }, () => edit(sent++)));
    await until(async () => (await lines(dir, b.id)) < 100);
    const folded = JSON.parse(await readText(boardFile(dir, b.id, 'json'))) as { board: { seq: number; notes: Record<string, { text: string; x: number }> } };
    expect(folded.board.notes.n_0!.x).toBe(599);
    expect(folded.board.seq).toBeGreaterThan(600);

    await first.crash();
    const second = await server(dir);
    const board = await boardOf(second.srv.url, b.id, b.facilitatorKey);
    expect(board.notes.find((n) => n.id === 'n_0')?.x).toBe(599);
    const last = sent - 1;
    expect(board.notes.find((n) => n.id === `n_${last % 300}`)?.text).toBe(`書き直し${last}：`.padEnd(2000, 'い'));
  });

  it('[S3][O6] a board that goes quiet has its log folded; a handful of ops is left in the log', async () => {
    const dir = await dataDir();
    const first = await serverWith(dir, { ...COMPACTION, idleMs: 300, idleOps: 100 });
    const few = await createBoard(first.url);
    const many = await createBoard(first.url);
    const a = await peer(first.url);
    const c = await peer(first.url);
    await a.join({ boardId: few.id, name: 'A' });
    await c.join({ boardId: many.id, name: 'C' });
    await a.send({ opId: opId(), type: 'note.add', note: { id: 'n_0', text: '少し', x: 0, y: 0 } });
    await c.send({ opId: opId(), type: 'note.add', note: { id: 'n_0', text: 'たくさん', x: 0, y: 0 } });
    for (let i = 0; i < 10; i++) await move(a, i);
    for (let i = 0; i < 150; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => move(c, i + k)));

    await until(async () => (await lines(dir, many.id)) === 0);
    const doc = JSON.parse(await readText(boardFile(dir, many.id, 'json'))) as { board: { notes: Record<string, { x: number }> } };
    expect(doc.board.notes.n_0!.x).toBe(149);
    await new Promise((r) => setTimeout(r, 600));
    expect(await lines(dir, few.id)).toBeGreaterThanOrEqual(10);

    await first.crash();
    const second = await server(dir);
    expect((await boardOf(second.srv.url, many.id, many.facilitatorKey)).notes[0]?.x).toBe(149);
    expect((await boardOf(second.srv.url, few.id, few.facilitatorKey)).notes[0]?.x).toBe(9);
  });

  it('[S3][O6] however small the ops, the log is folded after maxOps of them', async () => {
    const dir = await dataDir();
    const first = await serverWith(dir, { ...COMPACTION, maxOps: 300, idleMs: 0 });
    const b = await createBoard(first.url);
    const a = await peer(first.url);
    await a.join({ boardId: b.id, name: 'A' });
    await a.send({ opId: opId(), type: 'note.add', note: { id: 'n_0', text: '小さい', x: 0, y: 0 } });
    for (let i = 0; i < 350; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => move(a, i + k)));
    await until(async () => (await lines(dir, b.id)) < 100);

    await first.crash();
    const second = await server(dir);
    expect((await boardOf(second.srv.url, b.id, b.facilitatorKey)).notes[0]?.x).toBe(349);
  });
});
