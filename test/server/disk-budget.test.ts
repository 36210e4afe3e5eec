import { readdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { silentLog, systemClock } from '../../server/log.js';
import { FileStore, type FileStoreOptions } from '../../server/store/file-store.js';
import { LIMIT_MESSAGES } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import { Snapshot } from '../../shared/snapshot.js';
import type { OpAck } from '../../shared/protocol.js';
import { mountSmallDisk } from '../helpers/small-disk.js';
import { createBoard, FLOOD_ALLOWED, opId, Peer, removeDir, tempDir } from '../helpers/server.js';

// Budgets for what a visitor can write (S9, S10): a board's checkpoints stay within their bytes,
// and below the free-space floor nothing a visitor does is written, never half made.

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(dir: string, opts: FileStoreOptions) {
  const store = await FileStore.open(dir, silentLog, opts);
  const app = createApp({ store, clock: systemClock, log: silentLog, limits: FLOOD_ALLOWED });
  await new Promise<void>((r) => app.http.listen(0, '127.0.0.1', r));
  cleanup.push(async () => {
    await app.close();
    await new Promise<void>((r) => app.http.close(() => r()));
  });
  return { url: `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`, store };
}

async function bytesUnder(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? await bytesUnder(p) : (await stat(p)).size;
  }
  return n;
}

const post = (url: string, pathname: string, body: unknown) =>
  fetch(url + pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** A snapshot of a board as large as an import may be: thousands of long notes. */
async function bigSnapshot(url: string): Promise<string> {
  const b = await createBoard(url, { title: '大きな板' });
  const f = new Peer(url);
  cleanup.push(() => f.close());
  await f.join({ boardId: b.id, name: 'F', facilitatorKey: b.facilitatorKey });
  await f.send({ opId: opId(), type: 'note.add', note: { id: 'n_seed', text: 'seed', x: 0, y: 0 } });
  const res = await fetch(`${url}/api/boards/${b.id}/export?format=json`, { headers: { authorization: `Bearer ${b.facilitatorKey}` } });
  const snap = Snapshot.parse(await res.json());
  const seed = snap.board.notes.n_seed!;
  const notes: typeof snap.board.notes = {};
  for (let i = 0; i < 4_600; i++) notes[`n_${i}`] = { ...seed, id: `n_${i}`, text: `${i} `.padEnd(LIMITS.noteText - 60, 'x'), x: (i % 60) * 200, y: Math.floor(i / 60) * 200 };
  let body = JSON.stringify({ ...snap, board: { ...snap.board, notes } });
  while (Buffer.byteLength(body) > LIMITS.importBytes - 4_096) {
    delete notes[`n_${Object.keys(notes).length - 1}`];
    body = JSON.stringify({ ...snap, board: { ...snap.board, notes } });
  }
  return body;
}

describe('disk budgets', () => {
  it('[S9][S10] the settings: 100 MB floor and 200 MB of checkpoints per board unless set; nonsense is refused at start', () => {
    const mb = 1024 * 1024;
    expect(readConfig({})).toMatchObject({ minFreeDiskBytes: 100 * mb, snapshotBytesPerBoard: 200 * mb });
    expect(readConfig({ MIN_FREE_DISK_MB: '0', SNAPSHOT_MB_PER_BOARD: '1.5' })).toMatchObject({ minFreeDiskBytes: 0, snapshotBytesPerBoard: 1.5 * mb });
    expect(() => readConfig({ SNAPSHOT_MB_PER_BOARD: '0' })).toThrow(/SNAPSHOT_MB_PER_BOARD/);
    expect(() => readConfig({ MIN_FREE_DISK_MB: 'lots' })).toThrow(/MIN_FREE_DISK_MB/);
  });

  it('[S10] a 10 MB import plus 100 snapshot.save keeps the board within its snapshot budget; the saves over it are refused with limit', { timeout: 120_000 }, async () => {
    const dir = await tempDir('onaji-budget-');
    cleanup.push(() => removeDir(dir));
    const budget = 48 * 1024 * 1024;
    const { url } = await serve(dir, { snapshotBytesPerBoard: budget });
    const body = await bigSnapshot(url);
    const res = await post(url, '/api/boards/import', body);
    expect(res.status).toBe(201);
    const board = (await res.json()) as { id: string; facilitatorKey: string };
    const f = new Peer(url);
    cleanup.push(() => f.close());
    await f.join({ boardId: board.id, name: 'F', facilitatorKey: board.facilitatorKey });

    const acks: OpAck[] = await Promise.all(Array.from({ length: 100 }, (_, i) => f.send({ opId: opId(), type: 'snapshot.save', label: `保存 ${i}` })));
    const saved = acks.filter((a) => a.ok).length;
    const refused = acks.filter((a) => !a.ok);
    expect(saved).toBeGreaterThan(0);
    expect(refused.length).toBe(100 - saved);
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'limit', message: LIMIT_MESSAGES.snapshotBudget } });
    const onDisk = await bytesUnder(path.join(dir, 'boards', `${board.id}.snapshots`));
    expect(onDisk).toBeLessThanOrEqual(budget);
    const list = await (await fetch(`${url}/api/boards/${board.id}/snapshots`, { headers: { authorization: `Bearer ${board.facilitatorKey}` } })).json();
    expect(list).toHaveLength(saved);
    console.log(`[disk-budget] board ${Buffer.byteLength(body)} B; 100 saves would write ${100 * Math.round(onDisk / saved)} B; ${saved} kept, ${onDisk} B on disk (budget ${budget} B), ${refused.length} refused`);
  });

  it('[S10] automatic checkpoints are dropped oldest first to stay within the budget; named ones are kept', async () => {
    const dir = await tempDir('onaji-budget-');
    cleanup.push(() => removeDir(dir));
    const { url } = await serve(dir, { snapshotBytesPerBoard: 9_000 });
    const b = await createBoard(url, { title: '自動' });
    const f = new Peer(url);
    cleanup.push(() => f.close());
    await f.join({ boardId: b.id, name: 'F', facilitatorKey: b.facilitatorKey });
    const send = (op: Record<string, unknown>) => f.send({ opId: opId(), ...op });
    expect(await send({ type: 'snapshot.save', label: '名前付き' })).toMatchObject({ ok: true });
    // Each reveal takes an automatic checkpoint (F-rules); the budget holds only a few.
    for (let i = 0; i < 8; i++) {
      await send({ type: 'writing.private', on: true });
      await send({ type: 'note.add', note: { id: `n_${i}`, text: `メモ ${i}`, x: i * 220, y: 0 } });
      expect(await send({ type: 'writing.private', on: false })).toMatchObject({ ok: true });
    }
    const list = (await (await fetch(`${url}/api/boards/${b.id}/snapshots`, { headers: { authorization: `Bearer ${b.facilitatorKey}` } })).json()) as { label: string; auto: boolean; notes: number }[];
    expect(list[0]).toMatchObject({ label: '名前付き', auto: false });
    const autos = list.filter((i) => i.auto);
    expect(autos.length).toBeGreaterThan(0);
    expect(autos.length).toBeLessThan(8);
    expect(autos[autos.length - 1]!.notes).toBe(8); // the newest is kept
    expect(await bytesUnder(path.join(dir, 'boards', `${b.id}.snapshots`))).toBeLessThanOrEqual(9_000);
  });

  it('[S9] below the free-space floor, creating, importing, ops, checkpoints and templates are refused with limit and nothing is half made; freeing space lets them in again', { timeout: 60_000 }, async () => {
    const disk = await mountSmallDisk(8 * 1024 * 1024);
    let free = Infinity;
    let dir: string;
    if (disk) {
      cleanup.push(() => disk.remove());
      dir = path.join(disk.dir, 'data');
    } else {
      // Never skipped: where no tmpfs can be mounted, the reading of free space is injected instead.
      console.warn('[disk-budget] mount refused here; the free-space reading is injected instead of a tmpfs');
      dir = await tempDir('onaji-floor-');
      cleanup.push(() => removeDir(dir));
    }
    const { url } = await serve(dir, { minFreeBytes: 4 * 1024 * 1024, ...(disk ? {} : { freeBytes: async () => free }) });
    const b = await createBoard(url, { title: '床' });
    const f = new Peer(url);
    cleanup.push(() => f.close());
    await f.join({ boardId: b.id, name: 'F', facilitatorKey: b.facilitatorKey });
    expect(await f.send({ opId: opId(), type: 'note.add', note: { id: 'n_before', text: 'まだ余裕', x: 0, y: 0 } })).toMatchObject({ ok: true });
    const exported = await (await fetch(`${url}/api/boards/${b.id}/export?format=json`, { headers: { authorization: `Bearer ${b.facilitatorKey}` } })).text();
    const boardsBefore = (await readdir(path.join(dir, 'boards'))).sort();

    // Leave about 2 MB free: under the 4 MB floor.
    if (disk) await disk.fill().then(() => disk.free()).then(async () => {
      const { open } = await import('node:fs/promises');
      const fh = await open(path.join(disk.dir, 'filler'), 'w');
      await fh.write(Buffer.alloc(6 * 1024 * 1024 - (await bytesUnder(dir)), 1));
      await fh.close();
    });
    else free = 2 * 1024 * 1024;
    await new Promise((r) => setTimeout(r, 1_100)); // the reading is at most a second old

    const full = { code: 'limit', message: LIMIT_MESSAGES.diskFull };
    const created = await post(url, '/api/boards', { title: '新しい' });
    expect(created.status).toBe(507);
    expect(await created.json()).toEqual({ error: full });
    const imported = await post(url, '/api/boards/import', exported);
    expect(imported.status).toBe(507);
    const template = await fetch(`${url}/api/templates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${b.facilitatorKey}` },
      body: JSON.stringify({ boardId: b.id, title: { ja: '型', en: 'T' } }),
    });
    expect(template.status).toBe(507);
    expect(await template.json()).toEqual({ error: full });
    expect(await readdir(path.join(dir, 'templates')).catch(() => [])).toEqual([]);
    expect(await f.send({ opId: opId(), type: 'note.add', note: { id: 'n_full', text: '満杯', x: 300, y: 0 } })).toEqual({ ok: false, error: full });
    expect(await f.send({ opId: opId(), type: 'snapshot.save', label: '満杯' })).toEqual({ ok: false, error: full });
    expect((await readdir(path.join(dir, 'boards'))).sort()).toEqual(boardsBefore);
    // Somebody already on the board still gets back in.
    const again = new Peer(url);
    cleanup.push(() => again.close());
    expect(await again.join({ boardId: b.id, name: 'F', facilitatorKey: b.facilitatorKey, participant: { id: f.you!.id, secret: f.you!.secret } })).toMatchObject({ ok: true });

    if (disk) await disk.free();
    else free = Infinity;
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await post(url, '/api/boards', { title: '新しい' })).status).toBe(201);
    expect(await f.send({ opId: opId(), type: 'note.add', note: { id: 'n_full', text: '満杯', x: 300, y: 0 } })).toMatchObject({ ok: true });
  });
});
