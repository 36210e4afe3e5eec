import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.js';
import type { Board } from '../../shared/model.js';
import type { OpAck } from '../../shared/protocol.js';
import { Snapshot, type SnapshotInfo } from '../../shared/snapshot.js';
import { boardFromView, viewFor, type BoardView } from '../../shared/view.js';
import { AUTO_LABELS, AUTO_SNAPSHOT_EVERY_MS } from '../../server/rooms/snapshots.js';
import { replay } from '../helpers/replica.js';
import { createBoard, FLOOD_ALLOWED, opId, Peer, removeDir, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { bearer, contentOf, FakeClock, MAY_FIRST_JST, ok, workshop } from './workshop.fixtures.js';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function server(opts: { dataDir?: string; clock?: FakeClock; flood?: boolean } = {}) {
  const dataDir = opts.dataDir ?? (await tempDir());
  if (!opts.dataDir) cleanup.push(() => removeDir(dataDir));
  const srv = await startServer({ dataDir, clock: opts.clock, limits: opts.flood ? FLOOD_ALLOWED : undefined });
  let stopped = false;
  cleanup.unshift(async () => {
    if (!stopped) await srv.stop();
  });
  return {
    srv,
    /** Stop like `kill -9`: no flush, no compaction; only what is on disk survives. */
    crash: () => {
      stopped = true;
      srv.app.io.close();
      srv.app.http.close();
    },
  };
}

async function openWorkshop(srv: TestServer) {
  const w = await workshop(srv);
  cleanup.unshift(() => w.peers.forEach((p) => p.close()));
  return w;
}

const list = async (srv: TestServer, id: string, key: string): Promise<SnapshotInfo[]> => {
  const res = await fetch(`${srv.url}/api/boards/${id}/snapshots`, { headers: bearer(key) });
  expect(res.status).toBe(200);
  return (await res.json()) as SnapshotInfo[];
};
const serverBoard = async (srv: TestServer, id: string) => (await srv.app.registry.get(id))!.board;
const restore = (p: Peer, snapshotId: string) => p.send({ opId: opId(), type: 'snapshot.restore', snapshotId });
const save = (p: Peer, label: string) => p.send({ opId: opId(), type: 'snapshot.save', label });

type Reset = { seq: number; board: BoardView };
const resetsOf = (p: Peer) => p.received.filter((r) => r.event === 'reset').map((r) => r.args[0] as Reset);

/** What a client holds after the last reset it received: that board plus every op confirmed since. */
function replicaAfterReset(p: Peer): Board {
  const last = resetsOf(p).at(-1)!;
  return replay(last.board, p.entries.filter((e) => e.seq > last.seq));
}

describe('snapshots', () => {
  it('[X10][X13] snapshot.save gets a seq like any op, reaches everybody, and is listed and fetched as a JSON snapshot', async () => {
    const { srv } = await server();
    const w = await openWorkshop(srv);
    const ack = await ok(save(w.fac, '発散のあと'));
    const seq = (ack as OpAck & { seq: number }).seq;
    for (const p of w.peers) await p.waitFor(() => p.entries.find((e) => e.seq === seq && e.op?.type === 'snapshot.save'));
    const saved = (await list(srv, w.b.id, w.b.facilitatorKey)).find((s) => s.label === '発散のあと')!;
    expect(saved).toMatchObject({ label: '発散のあと', notes: 6, auto: false });
    const res = await fetch(`${srv.url}/api/boards/${w.b.id}/snapshots/${saved.id}`, { headers: bearer(w.b.facilitatorKey) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
    const snap = Snapshot.parse(await res.json());
    expect(snap.checkpoint).toEqual(saved);
    expect(contentOf(snap.board)).toEqual(contentOf(await serverBoard(srv, w.b.id)));
    expect(JSON.stringify(snap)).not.toContain(w.b.facilitatorKey);
  });

  it('[X10][O2] ops confirmed while a checkpoint is being written still reach everybody in seq order', async () => {
    const { srv } = await server();
    const w = await openWorkshop(srv);
    const from = w.fac.entries.length;
    let n = 0;
    const burst = () => Array.from({ length: 10 }, () => w.add(w.citizen, `burst${++n}`, `${n}`, 20 + n, 400));
    await Promise.all([...burst(), save(w.fac, '途中'), ...burst(), restore(w.fac, 'cNoSuchCheckpoint'), save(w.fac, '途中2'), ...burst()]);
    const last = (await serverBoard(srv, w.b.id)).seq;
    for (const p of w.peers) {
      await p.waitFor(() => p.entries.some((e) => e.seq === last));
      const seqs = p.entries.slice(p === w.fac ? from : 0).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    }
  });

  it('[X10] a participant may neither save nor restore; an unknown checkpoint is not_found', async () => {
    const { srv } = await server();
    const w = await openWorkshop(srv);
    expect(await save(w.citizen, 'x')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ok(save(w.fac, '本物'));
    const [sid] = (await list(srv, w.b.id, w.b.facilitatorKey)).filter((s) => !s.auto).map((s) => s.id);
    expect(await restore(w.citizen, sid!)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await restore(w.fac, 'cNoSuchCheckpoint')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await w.fac.send({ opId: opId(), type: 'snapshot.save', label: 'x'.repeat(LIMITS.snapshotLabel + 1) })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('[X13] the snapshot routes need the facilitator key: 401 without, 403 with a wrong one, 404 for an unknown checkpoint', async () => {
    const { srv } = await server();
    const w = await openWorkshop(srv);
    const other = await createBoard(srv.url);
    const sid = (await list(srv, w.b.id, w.b.facilitatorKey))[0]!.id;
    for (const url of [`/api/boards/${w.b.id}/snapshots`, `/api/boards/${w.b.id}/snapshots/${sid}`]) {
      expect((await fetch(srv.url + url)).status).toBe(401);
      expect((await fetch(srv.url + url, { headers: bearer(other.facilitatorKey) })).status).toBe(403);
      expect((await fetch(`${srv.url}${url}?key=${encodeURIComponent(w.b.facilitatorKey)}`)).status).toBe(200);
    }
    expect((await fetch(`${srv.url}/api/boards/${w.b.id}/snapshots/cNope`, { headers: bearer(w.b.facilitatorKey) })).status).toBe(404);
    expect((await fetch(`${srv.url}/api/boards/${w.b.id}/snapshots/..%2F..%2Findex`, { headers: bearer(w.b.facilitatorKey) })).status).toBe(404);
  });

  it('[X11] restore sends every socket a reset with the restored board; each replica equals the server, and seq stays gapless', async () => {
    const { srv } = await server();
    const w = await openWorkshop(srv);
    await ok(save(w.fac, '前半'));
    const checkpoint = (await list(srv, w.b.id, w.b.facilitatorKey)).find((s) => s.label === '前半')!;
    const atCheckpoint = await serverBoard(srv, w.b.id);
    const late = new Peer(srv.url);
    cleanup.unshift(() => late.close());
    await late.join({ boardId: w.b.id, name: '遅れて参加', affiliation: 'school' });
    await w.add(late, 'late1', '後から書いたメモ', 20, 300);
    await ok(w.npo.send({ opId: opId(), type: 'note.delete', ids: ['g1'] }));
    await ok(w.fac.send({ opId: opId(), type: 'board.update', title: '名前を変えた' }));
    await ok(w.fac.send({ opId: opId(), type: 'section.delete', id: 'role' }));
    const beforeRestore = await serverBoard(srv, w.b.id);

    const ack = await ok(restore(w.fac, checkpoint.id));
    const seq = (ack as OpAck & { seq: number }).seq;
    const after = await serverBoard(srv, w.b.id);
    expect(after.seq).toBe(seq);
    expect({ ...contentOf(after), participants: {} }).toEqual({ ...contentOf(atCheckpoint), participants: {} });
    expect(after.participants[late.you!.id]).toBeDefined();
    expect(after.id).toBe(w.b.id);

    const everyone = [...w.peers, late];
    for (const p of everyone) {
      const reset = await p.waitFor(() => resetsOf(p).find((r) => r.seq === seq));
      const viewer = { id: p.you!.id, role: p.you!.role as 'facilitator' | 'participant' };
      expect(reset.board).toEqual(viewFor(after, viewer));
      const seqs = p.entries.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
      expect(p.entries.at(-1)).toMatchObject({ seq, op: { type: 'snapshot.restore' } });
    }
    // Life goes on after the restore: replicas follow later ops too.
    await w.add(w.citizen, 'after1', '復元のあと', 30, 30);
    const final = await serverBoard(srv, w.b.id);
    for (const p of everyone) {
      await p.waitFor(() => p.entries.some((e) => e.seq === final.seq));
      const viewer = { id: p.you!.id, role: p.you!.role as 'facilitator' | 'participant' };
      expect(replicaAfterReset(p)).toEqual(boardFromView(viewFor(final, viewer)));
    }
    // The identity that joined after the checkpoint still works.
    const again = new Peer(srv.url);
    cleanup.unshift(() => again.close());
    expect((await again.join({ boardId: w.b.id, name: '遅れて参加', participant: { id: late.you!.id, secret: late.you!.secret } })).ok).toBe(true);
    void beforeRestore;
  });

  it('[X11] a restore is undone by restoring the automatic "before restore" checkpoint', async () => {
    const { srv } = await server();
    const w = await openWorkshop(srv);
    await ok(save(w.fac, '最初'));
    const first = (await list(srv, w.b.id, w.b.facilitatorKey)).find((s) => s.label === '最初')!;
    await w.add(w.city, 'extra', '消したくないメモ', 40, 40);
    await ok(w.fac.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: true }));
    await ok(w.npo.send({ opId: opId(), type: 'vote.add', noteId: 'extra' }));
    const beforeRestore = await serverBoard(srv, w.b.id);
    await ok(restore(w.fac, first.id));
    expect((await serverBoard(srv, w.b.id)).notes.extra).toBeUndefined();
    const snaps = await list(srv, w.b.id, w.b.facilitatorKey);
    const undo = snaps.at(-1)!;
    expect(undo).toMatchObject({ label: AUTO_LABELS.beforeRestore, auto: true, notes: 7 });
    await ok(restore(w.fac, undo.id));
    const undone = await serverBoard(srv, w.b.id);
    expect(contentOf(undone)).toEqual(contentOf(beforeRestore));
    expect(undone.notes.extra?.text).toBe('消したくないメモ');
  });

  it('[X11][O6] checkpoints and a restore survive a crash and a restart on the same DATA_DIR', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const first = await server({ dataDir });
    const w = await workshop(first.srv);
    await ok(save(w.fac, '戻る先'));
    const target = (await list(first.srv, w.b.id, w.b.facilitatorKey)).find((s) => s.label === '戻る先')!;
    const atTarget = await serverBoard(first.srv, w.b.id);
    await ok(w.citizen.send({ opId: opId(), type: 'note.delete', ids: ['g1', 'g2', 'g3'] }));
    await ok(restore(w.fac, target.id));
    await w.add(w.citizen, 'post', '復元後のメモ', 50, 50);
    const expected = await serverBoard(first.srv, w.b.id);
    const names = (await list(first.srv, w.b.id, w.b.facilitatorKey)).map((s) => s.label);
    w.peers.forEach((p) => p.close());
    first.crash();

    const second = await server({ dataDir });
    expect(await serverBoard(second.srv, w.b.id)).toEqual(expected);
    expect(contentOf(expected).notes.g1).toEqual(contentOf(atTarget).notes.g1);
    expect((await list(second.srv, w.b.id, w.b.facilitatorKey)).map((s) => s.label)).toEqual(names);
    // A client that last saw a seq before the restore gets the whole board, never ops it could not apply.
    const back = new Peer(second.srv.url);
    cleanup.unshift(() => back.close());
    const ack = await back.join({ boardId: w.b.id, name: '進行 花子', facilitatorKey: w.b.facilitatorKey, since: expected.seq - 3 });
    expect(ack.ok && 'board' in ack).toBe(true);
    await second.srv.stop();
    cleanup.shift();

    // And once more after a graceful stop, which folds the log (and the restore) into the document.
    const third = await server({ dataDir });
    const board = await serverBoard(third.srv, w.b.id);
    expect(contentOf(board).notes).toEqual(contentOf(expected).notes);
    expect(board.title).toBe(expected.title);
  });
});

describe('automatic checkpoints', () => {
  it('[X12] the server checkpoints when voting ends and when private writing is revealed', async () => {
    const { srv } = await server();
    const w = await openWorkshop(srv);
    const afterVote = (await list(srv, w.b.id, w.b.facilitatorKey)).filter((s) => s.auto);
    expect(afterVote.map((s) => s.label)).toEqual([AUTO_LABELS.votingEnd]);
    await ok(w.fac.send({ opId: opId(), type: 'writing.private', on: true }));
    await w.add(w.citizen, 'secret1', 'まだ秘密', 60, 60);
    await w.add(w.npo, 'secret2', 'これも秘密', 90, 60);
    expect((await list(srv, w.b.id, w.b.facilitatorKey)).filter((s) => s.auto)).toHaveLength(1);
    await ok(w.fac.send({ opId: opId(), type: 'writing.private', on: false }));
    const autos = (await list(srv, w.b.id, w.b.facilitatorKey)).filter((s) => s.auto);
    expect(autos.map((s) => s.label)).toEqual([AUTO_LABELS.votingEnd, AUTO_LABELS.reveal]);
    expect(autos[1]!.notes).toBe(8);
    const file = Snapshot.parse(await (await fetch(`${srv.url}/api/boards/${w.b.id}/snapshots/${autos[1]!.id}`, { headers: bearer(w.b.facilitatorKey) })).json());
    expect(file.board.notes.secret2?.text).toBe('これも秘密');
  });

  it('[X12] while the board changes, a checkpoint is taken every 10 minutes (fake clock, no timers)', async () => {
    const clock = new FakeClock(MAY_FIRST_JST);
    const { srv } = await server({ clock });
    const b = await createBoard(srv.url);
    const fac = new Peer(srv.url);
    cleanup.unshift(() => fac.close());
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    const autos = async () => (await list(srv, b.id, b.facilitatorKey)).filter((s) => s.auto).map((s) => [s.label, s.at - MAY_FIRST_JST]);
    let n = 0;
    const write = () => ok(fac.send({ opId: opId(), type: 'note.add', note: { id: `n${++n}`, text: `${n}`, x: n * 10, y: 0 } }));
    const minute = 60_000;

    clock.advance(5 * minute);
    await write();
    expect(await autos()).toEqual([]);
    clock.advance(5 * minute);
    await write();
    expect(await autos()).toEqual([[AUTO_LABELS.periodic, 10 * minute]]);
    clock.advance(9 * minute);
    await write();
    expect(await autos()).toHaveLength(1);
    // Twenty-one minutes in, but nothing changes: no checkpoint for an op that changes nothing.
    clock.advance(2 * minute);
    await ok(fac.send({ opId: opId(), type: 'timer.stop' }));
    expect(await autos()).toHaveLength(1);
    await write();
    expect(await autos()).toEqual([
      [AUTO_LABELS.periodic, 10 * minute],
      [AUTO_LABELS.periodic, 21 * minute],
    ]);
    expect(AUTO_SNAPSHOT_EVERY_MS).toBe(10 * minute);
  });

  it(`[X10] named checkpoints stop at ${LIMITS.snapshotsPerBoard} per board with limit`, async () => {
    const { srv } = await server({ flood: true });
    const b = await createBoard(srv.url);
    const fac = new Peer(srv.url);
    cleanup.unshift(() => fac.close());
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    const acks = await Promise.all(Array.from({ length: LIMITS.snapshotsPerBoard + 1 }, (_, i) => save(fac, `#${i}`)));
    expect(acks.filter((a) => a.ok)).toHaveLength(LIMITS.snapshotsPerBoard);
    expect(acks.at(-1)).toMatchObject({ ok: false, error: { code: 'limit' } });
    expect(await list(srv, b.id, b.facilitatorKey)).toHaveLength(LIMITS.snapshotsPerBoard);
  });
});
