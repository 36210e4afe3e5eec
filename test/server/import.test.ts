import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import { migrateSnapshot, parseSnapshot, SNAPSHOT_VERSION, type Snapshot } from '../../shared/snapshot.js';
import type { CreateBoardResponse } from '../../shared/protocol.js';
import { opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { bearer, contentOf, exportSnapshot, FakeClock, getExport, MAY_FIRST_JST, ok, postImport, workshop, type Workshop } from './workshop.fixtures.js';

const clock = new FakeClock(MAY_FIRST_JST);
let srv: TestServer;
let ws: Workshop;
let original: Snapshot;
const extra: Peer[] = [];
beforeAll(async () => {
  srv = await startServer({ clock });
  ws = await workshop(srv);
  original = await exportSnapshot(srv, ws.b.id, ws.b.facilitatorKey);
});
afterAll(async () => {
  for (const p of [...ws.peers, ...extra]) p.close();
  await srv.stop();
  await removeDir(srv.dataDir);
});

const boardCount = async () => Object.keys(JSON.parse(await readFile(path.join(srv.dataDir, 'index.json'), 'utf8')).boards).length;
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

async function importOk(body: unknown): Promise<CreateBoardResponse> {
  const res = await postImport(srv, JSON.stringify(body));
  if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateBoardResponse;
}

describe('import', () => {
  it('[X9] export → import → export gives the same board content under a new id, code and key', async () => {
    const created = await importOk(original);
    expect(created.id).not.toBe(ws.b.id);
    expect(created.code).toMatch(/^\d{6}$/);
    expect(created.code).not.toBe(ws.b.code);
    expect(created.facilitatorKey).not.toBe(ws.b.facilitatorKey);
    expect(created.urls.facilitate).toContain(`/b/${created.id}#key=`);
    const again = await exportSnapshot(srv, created.id, created.facilitatorKey);
    expect(again.board.id).toBe(created.id);
    expect(again.board.seq).toBe(0);
    expect(contentOf(again.board)).toEqual(contentOf(original.board));
    expect((await fetch(`${srv.url}/api/boards/${created.id}`)).status).toBe(200);
  });

  it('[X9] the imported board is a board of its own: the old key and old identities do not open it, the original is untouched', async () => {
    const created = await importOk(original);
    expect((await getExport(srv, created.id, 'json', ws.b.facilitatorKey)).status).toBe(403);
    const returning = new Peer(srv.url);
    extra.push(returning);
    const ack = await returning.join({ boardId: created.id, name: '山田 太郎', participant: { id: ws.citizen.you!.id, secret: ws.citizen.you!.secret } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const fac = new Peer(srv.url);
    extra.push(fac);
    const facAck = await fac.join({ boardId: created.id, name: '新しい進行', facilitatorKey: created.facilitatorKey });
    expect(facAck.ok && facAck.you.role).toBe('facilitator');
    await ok(fac.send({ opId: opId(), type: 'note.delete', ids: ['g1', 'g2'] }));
    const now = await exportSnapshot(srv, ws.b.id, ws.b.facilitatorKey);
    expect(now.board).toEqual(original.board);
  });

  it('[X9] a running timer is stopped, and sections are derived again from where notes lie', async () => {
    const board = structuredClone(original.board);
    board.timer = { endsAt: MAY_FIRST_JST + 60_000, seconds: 60 };
    board.notes.u1!.sectionId = 'goal';
    const created = await importOk({ ...original, board });
    const again = await exportSnapshot(srv, created.id, created.facilitatorKey);
    expect(again.board.timer).toEqual({ endsAt: null, seconds: 60 });
    expect(again.board.notes.u1!.sectionId).toBeNull();
  });

  const refusals: [string, () => string, RegExp][] = [
    ['broken JSON', () => JSON.stringify(original).slice(0, -20), /not valid JSON/],
    ['NaN written into the file', () => JSON.stringify(original).replace('"x":10', '"x":NaN'), /not valid JSON/],
    ['a foreign file', () => '{"hello":1}', /not an Onaji Table snapshot/],
    ['an array', () => '[1,2,3]', /not an Onaji Table snapshot/],
    ['a newer schemaVersion', () => JSON.stringify({ ...original, schemaVersion: 99 }), /schemaVersion 99.*newer/],
    ['a schemaVersion that is not a number', () => JSON.stringify({ ...original, schemaVersion: '1' }), /schemaVersion must be a whole number/],
    ['a coordinate that is null', () => JSON.stringify(original).replace('"x":10', '"x":null'), /board\.notes\.g1\.x/],
    ['an infinite coordinate', () => JSON.stringify(original).replace('"x":10', '"x":1e999'), /board\.notes\.g1\.x/],
    ['an unknown key', () => JSON.stringify({ ...original, board: { ...original.board, evil: true } }), /board: .*evil/i],
    ['the store document with its secrets', () => JSON.stringify({ ...original, meta: { code: '123456' } }), /meta/],
    ['a record filed under another id', () => JSON.stringify(original).replace('"g1":{"id":"g1"', '"g1":{"id":"gX"'), /board\.notes\.g1: its id is gX/],
    ['votes on a note that does not exist', () => JSON.stringify({ ...original, board: { ...original.board, votes: { ghost: { [ws.npo.you!.id]: 1 } } } }), /board\.votes\.ghost: no such note/],
    ['note text over the limit', () => JSON.stringify(original).replace('"text":"空き家を活用する"', `"text":"${'あ'.repeat(LIMITS.noteText + 1)}"`), /board\.notes\.g2\.text/],
  ];

  it.each(refusals)('[X9] %s is refused with 400 and a message, and no board is made or changed', async (_name, body, message) => {
    const before = await boardCount();
    const res = await postImport(srv, body());
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(message);
    expect(await boardCount()).toBe(before);
    expect((await exportSnapshot(srv, ws.b.id, ws.b.facilitatorKey)).board).toEqual(original.board);
  });

  it(`[X9] a body over ${LIMITS.importBytes} bytes is refused with 413 before it is parsed`, async () => {
    const before = await boardCount();
    const huge = JSON.stringify({ ...original, board: { ...original.board, title: 'x'.repeat(LIMITS.importBytes) } });
    const res = await postImport(srv, huge);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).message).toMatch(/larger than 10485760 bytes/);
    expect(await boardCount()).toBe(before);
    // The server is still fine.
    expect((await postImport(srv, JSON.stringify(original))).status).toBe(201);
  });

  it('[X9] a body that is not sent as JSON is refused with 415', async () => {
    const res = await fetch(`${srv.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(original) });
    expect(res.status).toBe(415);
  });

  it('[X9] a saved checkpoint file imports like an export', async () => {
    await ok(ws.fac.send({ opId: opId(), type: 'snapshot.save', label: '持ち帰り' }));
    const list = (await (await fetch(`${srv.url}/api/boards/${ws.b.id}/snapshots`, { headers: bearer(ws.b.facilitatorKey) })).json()) as { id: string; label: string }[];
    const sid = list.find((s) => s.label === '持ち帰り')!.id;
    const file = await (await fetch(`${srv.url}/api/boards/${ws.b.id}/snapshots/${sid}`, { headers: bearer(ws.b.facilitatorKey) })).text();
    const res = await postImport(srv, file);
    expect(res.status).toBe(201);
  });
});

describe('snapshot migrations', () => {
  it('[X9] every version up to the current one is migrated step by step, then validated', () => {
    const seen: number[] = [];
    const table = {
      1: (old: Record<string, unknown>) => (seen.push(1), { ...old, board: { ...(old.board as object), renamedInV2: undefined } }),
      2: (old: Record<string, unknown>) => (seen.push(2), { ...old, exportedAt: String(old.exportedAt) }),
    };
    const migrated = migrateSnapshot({ ...original, schemaVersion: 1 }, table, 3);
    expect(seen).toEqual([1, 2]);
    expect(migrated.ok && migrated.value.schemaVersion).toBe(3);
  });

  it('[X9] a version with no migration step is refused with a message', () => {
    expect(migrateSnapshot({ ...original, schemaVersion: 1 }, {}, 2)).toEqual({ ok: false, message: 'no migration from schemaVersion 1' });
  });

  it('[X9] the current version needs no migration and parses as is', () => {
    expect(SNAPSHOT_VERSION).toBe(1);
    const parsed = parseSnapshot(JSON.parse(JSON.stringify(original)));
    expect(parsed.ok && parsed.value.board).toEqual(original.board);
  });
});
