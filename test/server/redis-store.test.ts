import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BoardView } from '../../shared/view.js';
import type { SnapshotInfo } from '../../shared/snapshot.js';
import type { TemplateInfo } from '../../shared/templates/schema.js';
import { silentLog, type Log } from '../../server/log.js';
import { redisKeys } from '../../server/store/redis-scripts.js';
import { RedisStore } from '../../server/store/redis-store.js';
import { AppendConflict } from '../../server/store/types.js';
import { freshPrefix, startRedisApp, type RedisApp } from '../helpers/redis-app.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { createBoard, opId, Peer } from '../helpers/server.js';
import { bearer } from './workshop.fixtures.js';

// [RS1–RS3] The Redis store behaves as the file store does, against a real redis-server with
// AOF and `appendfsync always`: boards, the op log as a stream, join codes, checkpoints,
// templates, compaction, dedupe across restarts, and compare-and-append.

let redis: TestRedis;
let raw: ReturnType<typeof createClient>;
beforeAll(async () => {
  redis = await startRedis();
  raw = createClient({ url: redis.url });
  await raw.connect();
});
afterAll(async () => {
  await raw?.close();
  await redis?.dispose();
});

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function node(prefix: string, opts: Parameters<typeof startRedisApp>[2] = {}): Promise<RedisApp> {
  const n = await startRedisApp(redis.url, prefix, opts);
  cleanup.push(() => n.stop());
  return n;
}

async function peer(n: RedisApp, boardId: string, extra: Record<string, unknown> = {}) {
  const p = new Peer(n.url);
  cleanup.unshift(() => p.close());
  const ack = await p.join({ boardId, name: '参加者', affiliation: 'citizen', ...extra } as never);
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return { p, ack };
}

const boardOf = (ack: Awaited<ReturnType<Peer['join']>>): BoardView => {
  if (!ack.ok || !('board' in ack)) throw new Error(`join: ${JSON.stringify(ack)}`);
  return ack.board;
};

const addNote = (p: Peer, id: string, text = id) => p.send({ opId: opId(), type: 'note.add', note: { id, text, x: 10, y: 10 } });

describe('Redis store', () => {
  it('[RS1][O6][S4] a board, its acknowledged ops and its join code live in Redis: a restart of the node (without a fold) keeps all of them', async () => {
    const prefix = freshPrefix();
    const a = await node(prefix);
    const b = await createBoard(a.url, { title: 'レディス' });
    const { p } = await peer(a, b.id);
    const acks = await Promise.all(Array.from({ length: 60 }, (_, i) => addNote(p, `n_${i}`, `メモ${i}`)));
    expect(acks.every((x) => x.ok)).toBe(true);
    expect(acks.map((x) => (x.ok ? x.seq : 0)).sort((x, y) => x - y)).toStrictEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    const keys = redisKeys(prefix);
    // One stream entry per op, ids are the seqs: a reload reads them in order (RS1).
    const stream = (await raw.xRange(keys.log(b.id), '-', '+')) ?? [];
    expect(stream.map((e) => e.id)).toStrictEqual(Array.from({ length: 61 }, (_, i) => `${i + 1}-0`));
    await a.crash();

    const again = await node(prefix);
    expect(await (await fetch(`${again.url}/api/join/${b.code}`)).json()).toStrictEqual({ id: b.id });
    const board = boardOf((await peer(again, b.id)).ack);
    expect(board.title).toBe('レディス');
    expect(board.notes.map((n) => n.text).sort()).toStrictEqual(Array.from({ length: 60 }, (_, i) => `メモ${i}`).sort());
    expect(board.seq).toBe(62);
  });

  it('[RS3][S3][O3] the stream is folded into the document; a resent opId is applied once after a restart, folded or not', async () => {
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const a = await node(prefix, { compaction: { logToDoc: 1e9, minLogChars: 1e9, maxOps: 50, idleMs: 0, idleOps: 0 } });
    const b = await createBoard(a.url);
    const { p, ack } = await peer(a, b.id);
    const you = ack.ok ? ack.you : null;
    const first = { opId: opId(), type: 'note.add', note: { id: 'n_first', text: '最初', x: 0, y: 0 } };
    const firstAck = await p.send(first);
    for (let i = 0; i < 120; i++) expect((await p.send({ opId: opId(), type: 'note.move', moves: [{ id: 'n_first', x: i, y: 0 }] })).ok).toBe(true);
    const last = { opId: opId(), type: 'note.update', id: 'n_first', patch: { text: '最後' } };
    const lastAck = await p.send(last);
    // Folded at 50 and 100 ops: the document holds seq 101, the stream only what came after.
    const folded = Number(await raw.hGet(keys.board(b.id), 'folded'));
    expect(folded).toBeGreaterThanOrEqual(100);
    const rest = (await raw.xRange(keys.log(b.id), '-', '+')) ?? [];
    expect(rest.length).toBe(123 - folded);
    expect(rest[0]!.id).toBe(`${folded + 1}-0`);
    await a.crash();

    const again = await node(prefix);
    const back = await peer(again, b.id, { participant: { id: you!.id, secret: you!.secret } });
    const note = boardOf(back.ack).notes.find((n) => n.id === 'n_first')!;
    expect(note).toMatchObject({ x: 119, text: '最後' });
    // Folded (the first) or still in the stream (the last): the same answer, applied once.
    expect(await back.p.send(first)).toStrictEqual(firstAck);
    expect(await back.p.send(last)).toStrictEqual(lastAck);
    // The resumed join was one more entry; the resends were none.
    expect(Number(await raw.hGet(keys.board(b.id), 'head'))).toBe(124);
  });

  it('[RS2] compare-and-append: an entry that does not follow the log\'s last seq is refused with AppendConflict and nothing is written', async () => {
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const a = await node(prefix);
    const b = await createBoard(a.url);
    const { p } = await peer(a, b.id);
    expect((await addNote(p, 'n_1')).ok).toBe(true);
    // A second node holding the same board at the same position (a stale copy once the first moves on).
    const other = await RedisStore.open(redis.url, silentLog, { prefix });
    cleanup.push(() => other.close());
    const loaded = (await other.load(b.id))!;
    expect((await addNote(p, 'n_2')).ok).toBe(true);
    const before = await raw.xLen(keys.log(b.id));
    const mine = loaded.entries.at(-1)!;
    const stale = { ...mine, seq: mine.seq + 1, op: { ...mine.op, opId: 'op_stale' } };
    const refused = await other.append(b.id, stale).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppendConflict);
    expect(refused).toMatchObject({ expected: mine.seq, found: mine.seq + 1 });
    await expect(other.append(b.id, { ...stale, seq: mine.seq + 5 })).rejects.toBeInstanceOf(AppendConflict);
    expect(await raw.xLen(keys.log(b.id))).toBe(before);
    // A document behind the stored one never replaces it.
    await expect(other.compact(b.id, loaded.doc)).resolves.toBeUndefined();
    await expect(other.compact(b.id, { ...loaded.doc, board: { ...loaded.doc.board, seq: 999 } })).rejects.toBeInstanceOf(AppendConflict);
    expect((await addNote(p, 'n_3')).ok).toBe(true);
  });

  it('[RS1][X10][X11] checkpoints are listed, fetched and restored after a restart', async () => {
    const prefix = freshPrefix();
    const a = await node(prefix);
    const b = await createBoard(a.url);
    const { p } = await peer(a, b.id, { facilitatorKey: b.facilitatorKey });
    await addNote(p, 'n_kept', '残す');
    expect((await p.send({ opId: opId(), type: 'snapshot.save', label: '前半' })).ok).toBe(true);
    await addNote(p, 'n_later', 'あとで');
    await a.crash();

    const again = await node(prefix);
    const res = await fetch(`${again.url}/api/boards/${b.id}/snapshots`, { headers: bearer(b.facilitatorKey) });
    const list = (await res.json()) as SnapshotInfo[];
    expect(list.map((s) => s.label)).toStrictEqual(['前半']);
    const one = await fetch(`${again.url}/api/boards/${b.id}/snapshots/${list[0]!.id}`, { headers: bearer(b.facilitatorKey) });
    expect(one.status).toBe(200);
    const f = await peer(again, b.id, { facilitatorKey: b.facilitatorKey });
    expect((await f.p.send({ opId: opId(), type: 'snapshot.restore', snapshotId: list[0]!.id })).ok).toBe(true);
    await again.crash();
    const third = await node(prefix);
    const board = boardOf((await peer(third, b.id)).ack);
    expect(board.notes.map((n) => n.id)).toStrictEqual(['n_kept']);
    const after = (await (await fetch(`${third.url}/api/boards/${b.id}/snapshots`, { headers: bearer(b.facilitatorKey) })).json()) as SnapshotInfo[];
    expect(after.map((s) => s.auto ?? false)).toStrictEqual([false, true]);
  });

  it('[RS1][S10] checkpoints in Redis keep their byte budget: automatic ones go first, oldest first; named ones are kept, and one over the budget is refused with limit', async () => {
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const a = await node(prefix, { snapshotBytesPerBoard: 9_000 });
    const b = await createBoard(a.url, { title: '自動' });
    const { p } = await peer(a, b.id, { facilitatorKey: b.facilitatorKey });
    const send = (op: Record<string, unknown>) => p.send({ opId: opId(), ...op });
    expect(await send({ type: 'snapshot.save', label: '名前付き' })).toMatchObject({ ok: true });
    for (let i = 0; i < 8; i++) {
      await send({ type: 'writing.private', on: true });
      await send({ type: 'note.add', note: { id: `n_${i}`, text: `メモ ${i}`, x: i * 220, y: 0 } });
      expect(await send({ type: 'writing.private', on: false })).toMatchObject({ ok: true });
    }
    const list = (await (await fetch(`${a.url}/api/boards/${b.id}/snapshots`, { headers: bearer(b.facilitatorKey) })).json()) as SnapshotInfo[];
    expect(list[0]).toMatchObject({ label: '名前付き', auto: false });
    const autos = list.filter((i) => i.auto);
    expect(autos.length).toBeGreaterThan(0);
    expect(autos.length).toBeLessThan(8);
    expect(autos.at(-1)!.notes).toBe(8);
    const stored = Object.values(await raw.hGetAll(keys.snaps(b.id)));
    expect(stored.length).toBe(list.length);
    expect(stored.reduce((n, t) => n + Buffer.byteLength(t), 0)).toBeLessThanOrEqual(9_000);
    let refused: unknown = null;
    for (let i = 0; i < 10 && !refused; i++) {
      const r = await send({ type: 'snapshot.save', label: `名前 ${i}` });
      if (!r.ok) refused = r;
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'limit' } });
  });

  it('[RS1][T5][T7][T12] custom templates live in Redis; one that does not parse is moved aside and not offered', async () => {
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const a = await node(prefix);
    const b = await createBoard(a.url);
    const body = { boardId: b.id, title: { ja: '居場所', en: 'Places' }, description: { ja: '説明', en: 'About' }, includeNotes: false };
    const saved = await fetch(`${a.url}/api/templates`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(b.facilitatorKey) }, body: JSON.stringify(body) });
    expect(saved.status).toBe(201);
    const { id } = (await saved.json()) as { id: string };
    await raw.hSet(keys.templates, 'custom-damaged00000', '{"schemaVersion":1,"template":');
    await a.crash();

    const again = await node(prefix);
    const custom = ((await (await fetch(`${again.url}/api/templates`)).json()) as TemplateInfo[]).filter((t) => t.custom);
    expect(custom.map((t) => t.id)).toStrictEqual([id]);
    expect(await raw.hExists(keys.templates, 'custom-damaged00000')).toBe(0);
    expect(Object.keys(await raw.hGetAll(keys.aside)).some((k) => k.startsWith('template:custom-damaged00000:'))).toBe(true);
    const made = await createBoard(again.url, { template: id });
    expect(made.code).toMatch(/^\d{6}$/);
    expect((await fetch(`${again.url}/api/templates/${id}`, { method: 'DELETE', headers: bearer(b.facilitatorKey) })).status).toBe(204);
    expect(await raw.hExists(keys.templates, id)).toBe(0);
  });

  it('[RS1][X9] an exported board imported again is a new board in Redis, written as the import worker made it, and survives a restart', async () => {
    const prefix = freshPrefix();
    const a = await node(prefix);
    const b = await createBoard(a.url, { title: '持ち帰り' });
    const { p } = await peer(a, b.id);
    await addNote(p, 'n_home', '家で続き');
    const exported = await (await fetch(`${a.url}/api/boards/${b.id}/export?format=json`, { headers: bearer(b.facilitatorKey) })).text();
    const res = await fetch(`${a.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: exported });
    expect(res.status).toBe(201);
    const made = (await res.json()) as { id: string; code: string };
    expect(made.id).not.toBe(b.id);
    const { p: q } = await peer(a, made.id);
    expect((await addNote(q, 'n_new', '新しい')).ok).toBe(true);
    await a.crash();
    const again = await node(prefix);
    expect(await (await fetch(`${again.url}/api/join/${made.code}`)).json()).toStrictEqual({ id: made.id });
    const board = boardOf((await peer(again, made.id)).ack);
    expect(board.title).toBe('持ち帰り');
    expect(board.notes.map((n) => n.text).sort()).toStrictEqual(['家で続き', '新しい'].sort());
  });

  it('[RS1][L15] a board document that does not parse is moved aside: the board answers 503, never 404, and is never overwritten', async () => {
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const a = await node(prefix);
    const b = await createBoard(a.url);
    await a.crash();
    await raw.hSet(keys.board(b.id), 'doc', '{"schemaVersion":1,"board":{"id":"x"}');
    const again = await node(prefix);
    expect((await fetch(`${again.url}/api/boards/${b.id}`)).status).toBe(503);
    expect((await fetch(`${again.url}/api/boards/${b.id}`)).status).toBe(503);
    expect((await fetch(`${again.url}/api/boards/bNoSuchBoardAtAll12345`)).status).toBe(404);
    const p = new Peer(again.url);
    cleanup.unshift(() => p.close());
    expect(await p.join({ boardId: b.id, name: 'x' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await raw.hExists(keys.board(b.id), 'doc')).toBe(0);
    expect(Object.values(await raw.hGetAll(keys.aside))).toContain('{"schemaVersion":1,"board":{"id":"x"}');
  });

  it('[RS6][S6] a stream entry that does not parse costs that entry only: the stream is kept aside, written back in order, and new ops follow it and survive', async () => {
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const lines: string[] = [];
    const log: Log = { info: () => {}, warn: (m, d) => lines.push(`${m} ${JSON.stringify(d)}`), error: (m) => lines.push(m) };
    const a = await node(prefix);
    const b = await createBoard(a.url);
    const { p, ack } = await peer(a, b.id);
    const you = ack.ok ? ack.you : null;
    for (let i = 0; i < 4; i++) expect((await addNote(p, `n_${i}`)).ok).toBe(true);
    await a.crash();
    // An entry gone from the middle, and a torn one past the board's head, as a hand edit or a bug could leave.
    await raw.xDel(keys.log(b.id), '3-0');
    await raw.xAdd(keys.log(b.id), '6-0', { e: '{"seq":6,"by":' });
    expect(Number(await raw.hGet(keys.board(b.id), 'head'))).toBe(5);

    const again = await node(prefix, { log });
    const back = await peer(again, b.id, { participant: { id: you!.id, secret: you!.secret } });
    expect(boardOf(back.ack).notes.map((n) => n.id).sort()).toStrictEqual(['n_0', 'n_2', 'n_3']);
    expect(lines.some((l) => l.startsWith('op log replay left entries out') && l.includes('"unreadable":1') && l.includes('"missingSeqs":1'))).toBe(true);
    expect((await addNote(back.p, 'n_new')).ok).toBe(true);
    const asides = await raw.keys(`${prefix}aside:log:*`);
    expect(asides).toHaveLength(1);
    expect(await raw.xLen(asides[0]!)).toBe(5);
    // Head was set back to 5; the resumed join and the new note followed it.
    expect(Number(await raw.hGet(keys.board(b.id), 'head'))).toBe(7);
    await again.crash();
    const third = await node(prefix);
    expect(boardOf((await peer(third, b.id)).ack).notes.map((n) => n.id).sort()).toStrictEqual(['n_0', 'n_2', 'n_3', 'n_new']);
  });

  it('[RS1][BU1] boards beyond the memory budget are folded into Redis and let go; each comes back whole', async () => {
    const prefix = freshPrefix();
    const keys = redisKeys(prefix);
    const a = await node(prefix, { limits: { boardsInMemory: 1 } });
    const boards = [await createBoard(a.url), await createBoard(a.url), await createBoard(a.url)];
    for (const [i, b] of boards.entries()) {
      const { p } = await peer(a, b.id);
      for (let j = 0; j < 5; j++) expect((await addNote(p, `n_${i}_${j}`)).ok).toBe(true);
      p.close();
      await p.waitFor(() => !p.socket.connected);
    }
    // An unloaded board is folded: its document holds every op, its stream none.
    for (let i = 0; i < 200 && (await raw.xLen(keys.log(boards[0]!.id))) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await raw.xLen(keys.log(boards[0]!.id))).toBe(0);
    expect(a.app.registry.has(boards[0]!.id)).toBe(false);
    for (const [i, b] of boards.entries()) {
      const board = boardOf((await peer(a, b.id)).ack);
      expect(board.notes.map((n) => n.id).sort()).toStrictEqual(Array.from({ length: 5 }, (_, j) => `n_${i}_${j}`));
    }
  });

  it('[RS1] at start the node reads Redis\'s persistence settings and warns when an ack would not survive a Redis crash', async () => {
    const lines: string[] = [];
    const log: Log = { info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
    const safe = await RedisStore.open(redis.url, log, { prefix: freshPrefix() });
    await safe.close();
    expect(safe.persistence).toMatchObject({ appendonly: 'yes', appendfsync: 'always', safe: true });
    expect(lines.filter((l) => l.includes('WARNING'))).toStrictEqual([]);
    const lax = await startRedis({ appendfsync: 'everysec' });
    try {
      const risky = await RedisStore.open(lax.url, log, { prefix: freshPrefix() });
      await risky.close();
      expect(risky.persistence).toMatchObject({ appendfsync: 'everysec', safe: false });
      expect(lines.some((l) => l.startsWith('warn WARNING') && l.includes('appendfsync always'))).toBe(true);
    } finally {
      await lax.dispose();
    }
  });
});
