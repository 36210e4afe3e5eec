import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sectionAt } from '../../shared/geometry.js';
import type { CreateBoardResponse } from '../../shared/protocol.js';
import type { Snapshot } from '../../shared/snapshot.js';
import { createBoard, opId, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { bearer, exportSnapshot, FakeClock, getExport, MAY_FIRST_JST, ok, workshop, type Workshop } from './workshop.fixtures.js';

const clock = new FakeClock(MAY_FIRST_JST);
let srv: TestServer;
let ws: Workshop;
let original: Snapshot;
beforeAll(async () => {
  srv = await startServer({ clock });
  ws = await workshop(srv);
  original = await exportSnapshot(srv, ws.b.id, ws.b.facilitatorKey);
  clock.advance(7 * 24 * 60 * 60_000);
});
afterAll(async () => {
  for (const p of ws.peers) p.close();
  await srv.stop();
  await removeDir(srv.dataDir);
});

const next = (body: unknown, key: string | null = ws.b.facilitatorKey, id = ws.b.id) =>
  fetch(`${srv.url}/api/boards/${id}/next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? bearer(key) : {}) },
    body: JSON.stringify(body),
  });

async function nextOk(body: unknown): Promise<CreateBoardResponse> {
  const res = await next(body);
  if (res.status !== 201) throw new Error(`next: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateBoardResponse;
}

describe('next session (引き継ぎ)', () => {
  it('[X14] carries the chosen sections\' notes into "前回から" sections of a new board, most votes first', async () => {
    const created = await nextOk({ carrySections: ['goal'], title: '協働ワークショップ 第2回' });
    const { board } = await exportSnapshot(srv, created.id, created.facilitatorKey);
    expect(board.title).toBe('協働ワークショップ 第2回');
    expect(board.previous).toEqual({ id: ws.b.id, title: '協働ワークショップ 第1回' });
    expect(board.createdAt).toBe(clock.t);
    const carried = Object.values(board.sections).filter((s) => s.title.startsWith('前回から'));
    expect(carried.map((s) => [s.title, s.en?.title])).toEqual([['前回から: 目的', 'From last time: 目的']]);
    const notes = Object.values(board.notes);
    expect(notes.map((n) => n.text)).toEqual(['空き家を活用する', '子どもの居場所をつくる', '予算の見通しを共有する']);
    for (const n of notes) {
      expect(n.sectionId).toBe(carried[0]!.id);
      expect(sectionAt(board.sections, n)).toBe(carried[0]!.id);
    }
    expect(notes.map((n) => [n.authorName, n.affiliation])).toEqual([
      ['NPO 鈴木', 'npo'],
      ['山田 太郎', 'citizen'],
      ['市役所 田中', 'government'],
    ]);
    // A new session votes afresh and its people join anew.
    expect(board.votes).toEqual({});
    expect(board.participants).toEqual({});
    expect(board.seq).toBe(0);
  });

  it('[X14] the original board is unchanged', async () => {
    await nextOk({ carrySections: ['goal', 'role'] });
    expect((await exportSnapshot(srv, ws.b.id, ws.b.facilitatorKey)).board).toEqual(original.board);
  });

  it('[X14] the new board\'s html and md reports name the board it came from', async () => {
    const created = await nextOk({ carrySections: ['role'] });
    const html = await (await getExport(srv, created.id, 'html', created.facilitatorKey)).text();
    expect(html).toContain('<dt>前回のボード</dt><dd>協働ワークショップ 第1回</dd>');
    const md = await (await getExport(srv, created.id, 'md', created.facilitatorKey)).text();
    expect(md).toContain('- 前回のボード: 協働ワークショップ 第1回');
    expect(md).toContain('## 前回から: 役割');
  });

  it('[X14] without a body it copies nothing, keeps the template and titles the board as the next one', async () => {
    const created = await nextOk({});
    const { board } = await exportSnapshot(srv, created.id, created.facilitatorKey);
    expect(board.title).toBe('協働ワークショップ 第1回（次回）');
    expect(board.template).toBe(original.board.template);
    expect(board.notes).toEqual({});
  });

  it('[X14] needs the facilitator key; an unknown section or template is 400', async () => {
    const other = await createBoard(srv.url);
    expect((await next({}, null)).status).toBe(401);
    expect((await next({}, other.facilitatorKey)).status).toBe(403);
    expect((await next({}, ws.b.facilitatorKey, 'bNoSuchBoard')).status).toBe(404);
    const unknown = await next({ carrySections: ['nope'] });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/no section nope/);
    expect((await next({ template: 'no-such-template' })).status).toBe(400);
    expect((await next({ carrySections: 'goal' })).status).toBe(400);
  });
});

describe('next session follows what the source board hides (LK1)', () => {
  async function fresh(title: string) {
    const w = await workshop(srv, title);
    cleanupPeers.push(...w.peers);
    const nextOf = async (body: unknown) => {
      const res = await next(body, w.b.facilitatorKey, w.b.id);
      if (res.status !== 201) throw new Error(`next: ${res.status} ${await res.text()}`);
      const created = (await res.json()) as CreateBoardResponse;
      return (await exportSnapshot(srv, created.id, created.facilitatorKey)).board;
    };
    return { w, nextOf };
  }
  const cleanupPeers: { close: () => void }[] = [];
  afterAll(() => {
    for (const p of cleanupPeers) p.close();
  });

  it('[X14][V1][LK1] during private writing no unrevealed note reaches the new board', async () => {
    const { w, nextOf } = await fresh('非公開の回');
    await ok(w.fac.send({ opId: opId(), type: 'writing.private', on: true }));
    await w.add(w.citizen, 'secret1', 'まだ誰にも見せていない案', 20, 300);
    const board = await nextOf({ carrySections: ['goal', 'role'] });
    const texts = Object.values(board.notes).map((n) => n.text);
    expect(texts).not.toContain('まだ誰にも見せていない案');
    // The wall shows no note of anybody while writing is private; nor does the new board.
    expect(texts).toEqual([]);
    // Revealed, the same handover carries everything.
    await ok(w.fac.send({ opId: opId(), type: 'writing.private', on: false }));
    expect(Object.values((await nextOf({ carrySections: ['goal'] })).notes).map((n) => n.text)).toContain('まだ誰にも見せていない案');
  });

  it('[X14][F9][LK1] on an anonymous board the carried notes name no author and no affiliation', async () => {
    const { w, nextOf } = await fresh('匿名の回');
    await ok(w.fac.send({ opId: opId(), type: 'board.update', anonymous: true }));
    const board = await nextOf({ carrySections: ['goal', 'role'] });
    const notes = Object.values(board.notes);
    expect(notes).toHaveLength(5);
    const ids = [w.citizen, w.npo, w.city].map((p) => p.you!.id);
    for (const n of notes) {
      expect(n.authorName).toBe('');
      expect(n.affiliation).toBe('other');
      expect(ids).not.toContain(n.authorId);
    }
    const raw = JSON.stringify(board);
    for (const name of ['山田 太郎', 'NPO 鈴木', '市役所 田中', ...ids]) expect(raw).not.toContain(name);
  });

  it('[X14][V2][LK1] during a hidden vote the carried notes are not ordered by the hidden tallies', async () => {
    const { w, nextOf } = await fresh('秘密投票の回');
    await ok(w.fac.send({ opId: opId(), type: 'voting.start', budget: 5, hidden: true }));
    // g3 (written last) gets every dot: ordered by hidden tallies it would come first.
    for (const p of [w.citizen, w.npo, w.city]) for (let i = 0; i < 3; i++) await ok(p.send({ opId: opId(), type: 'vote.add', noteId: 'g3' }));
    const board = await nextOf({ carrySections: ['goal'] });
    expect(Object.values(board.notes).map((n) => n.text)).toEqual(['子どもの居場所をつくる', '空き家を活用する', '予算の見通しを共有する']);
    // Once the round ends the tallies are everybody's, and the order follows them.
    await ok(w.fac.send({ opId: opId(), type: 'voting.end' }));
    expect(Object.values((await nextOf({ carrySections: ['goal'] })).notes)[0]!.text).toBe('予算の見通しを共有する');
  });
});
