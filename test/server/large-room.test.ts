import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Board, Participant } from '../../shared/model.js';
import type { CursorBatch, JoinAck, JoinRequest, PresenceDelta, PresenceEntry } from '../../shared/protocol.js';
import { viewFor, type BoardView, type EntryView } from '../../shared/view.js';
import type { Clock } from '../../server/log.js';
import { createBoard, opId, Peer, serverPerTest, type TestServer } from '../helpers/server.js';

const { server, cleanup } = serverPerTest();

/** Time for the throttle of P2 only: every pointer message is far enough from the last one. */
function farApartClock(): Clock {
  let t = 0;
  return { now: () => (t += 1000) };
}

async function peer(srv: TestServer, req: Omit<JoinRequest, 'name'> & { name?: string }) {
  const p = new Peer(srv.url);
  cleanup.unshift(() => p.close());
  const ack = await p.join({ name: 'someone', ...req });
  if (!ack.ok) throw new Error(JSON.stringify(ack));
  return { peer: p, ack: ack as Extract<JoinAck, { ok: true }> };
}

const events = <T>(p: Peer, name: string) => p.received.filter((r) => r.event === name).map((r) => r.args[0] as T);
const batches = (p: Peer) => events<CursorBatch>(p, 'cursors');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loaded = (srv: TestServer, id: string): Board => srv.app.registry.peek(id)!.board;

describe('a large room: pointers', () => {
  it('[RM1][RM2][P2] a board gets its pointers as batches, latest position wins, one message per batch; old clients one by one; `none` gets none', async () => {
    const srv = await server({ clock: farApartClock() });
    const { id } = await createBoard(srv.url);
    const a = await peer(srv, { boardId: id, name: 'A', pointers: 'batched' });
    const e = await peer(srv, { boardId: id, name: 'E', pointers: 'batched' });
    const b = await peer(srv, { boardId: id, name: 'B', pointers: 'batched' });
    const old = await peer(srv, { boardId: id, name: 'Old' });
    const phone = await peer(srv, { boardId: id, name: 'Phone', pointers: 'none' });
    const wall = await peer(srv, { boardId: id, name: 'wall', projector: true, pointers: 'none' });
    const seq = loaded(srv, id).seq;
    for (let i = 1; i <= 10; i++) {
      a.peer.socket.emit('cursor', { x: i, y: 100 });
      e.peer.socket.emit('cursor', { x: -i, y: 200 });
    }
    await b.peer.waitFor(() => batches(b.peer).some((m) => m.list.some(([pid, x]) => pid === a.ack.you.id && x === 10)) && batches(b.peer).some((m) => m.list.some(([pid, x]) => pid === e.ack.you.id && x === -10)));
    // Single cursors are volatile (P2): a busy socket may miss some, so only their form is checked.
    await old.peer.waitFor(() => events(old.peer, 'cursor').length > 0);
    await sleep(300);
    const got = batches(b.peer);
    // 20 pointer messages, a handful of batches: what moved meanwhile goes out at its last position only.
    expect(got.length).toBeLessThanOrEqual(4);
    for (const m of got) {
      const ids = m.list.map(([pid]) => pid);
      expect(new Set(ids).size).toBe(ids.length);
      expect(m.anonymous).toBeUndefined();
    }
    const lastOf = (pid: string) => got.flatMap((m) => m.list.filter(([p]) => p === pid)).at(-1);
    expect(lastOf(a.ack.you.id)).toEqual([a.ack.you.id, 10, 100]);
    expect(lastOf(e.ack.you.id)).toEqual([e.ack.you.id, -10, 200]);
    expect(got.flatMap((m) => m.list).length).toBeLessThan(20);
    // A batched socket takes no single cursors; an old client takes each one, as before (P2).
    expect(events(b.peer, 'cursor')).toEqual([]);
    for (const c of events(old.peer, 'cursor')) expect(c).toEqual({ id: expect.stringMatching(new RegExp(`^(${a.ack.you.id}|${e.ack.you.id})$`)), x: expect.any(Number), y: expect.any(Number) });
    expect(batches(old.peer)).toEqual([]);
    // `none`: nothing at all, on a phone and on the wall.
    for (const p of [phone, wall]) {
      expect(events(p.peer, 'cursor')).toEqual([]);
      expect(batches(p.peer)).toEqual([]);
    }
    // Pointers are never stored: the board did not move, and a newcomer hears nothing of them.
    expect(loaded(srv, id).seq).toBe(seq);
    const late = await peer(srv, { boardId: id, name: 'Late', pointers: 'batched' });
    await sleep(250);
    expect(batches(late.peer)).toEqual([]);
    expect(late.peer.traffic()).not.toContain('"x":10,');
  });

  it('[RM1][LK3][F9] on an anonymous board a batch names connections, never participants, and says so', async () => {
    const srv = await server({ clock: farApartClock() });
    const { id, facilitatorKey } = await createBoard(srv.url);
    const fac = await peer(srv, { boardId: id, name: 'F', facilitatorKey, pointers: 'batched' });
    const a = await peer(srv, { boardId: id, name: 'A', pointers: 'batched' });
    const b = await peer(srv, { boardId: id, name: 'B', pointers: 'batched' });
    expect(await fac.peer.send({ opId: opId(), type: 'board.update', anonymous: true })).toMatchObject({ ok: true });
    a.peer.socket.emit('cursor', { x: 5, y: 6 });
    const batch = await b.peer.waitFor(() => batches(b.peer).find((m) => m.list.length > 0));
    expect(batch.anonymous).toBe(true);
    const [[pointer, x, y]] = batch.list as [[string, number, number]];
    expect([x, y]).toEqual([5, 6]);
    // The sender can leave its own pointer out: its join answer named it.
    expect(pointer).toBe(a.ack.pointerId);
    expect(pointer).toMatch(/^c_/);
    expect(Object.keys(loaded(srv, id).participants)).not.toContain(pointer);
    expect(b.peer.traffic()).not.toContain(`"${a.ack.you.id}",5`);
  });
});

/** The P1 list as a client keeps it from a join with `presence: 'delta'` (RM3): the board's participants, the ack's `online`, then ops and deltas. */
class PresenceReplica {
  participants = new Map<string, Participant>();
  online: Set<string>;
  constructor(p: Peer, ack: Extract<JoinAck, { ok: true }>) {
    const board = (ack as { board: BoardView }).board;
    for (const x of board.participants) this.participants.set(x.id, x);
    this.online = new Set(ack.online);
    p.socket.on('op', (e: EntryView) => {
      const op = e.op;
      if (op?.type === 'participant.join') this.participants.set(op.participant.id, { ...this.participants.get(op.participant.id), ...op.participant } as Participant);
      if (op?.type === 'participant.update') {
        const was = this.participants.get(op.id)!;
        this.participants.set(op.id, { ...was, ...(op.name ? { name: op.name } : {}), ...(op.removed ? { removed: true } : {}) });
      }
    });
    p.socket.on('presence', (d: PresenceDelta) => (d.online ? this.online.add(d.id) : this.online.delete(d.id)));
  }
  list(): PresenceEntry[] {
    return [...this.participants.values()]
      .filter((x) => !x.removed)
      .map((x) => ({ id: x.id, name: x.name, affiliation: x.affiliation, role: x.role, online: this.online.has(x.id) }));
  }
}

const byId = (l: PresenceEntry[]) => [...l].sort((x, y) => x.id.localeCompare(y.id));

describe('a large room: presence', () => {
  it('[RM3][P1] a join, a second tab, a rename, a leave and a removal each send one small change; applied, they give the list a fresh join gets', async () => {
    const srv = await server();
    const { id, facilitatorKey } = await createBoard(srv.url);
    const fac = await peer(srv, { boardId: id, name: 'F', facilitatorKey, presence: 'delta' });
    const watcher = await peer(srv, { boardId: id, name: 'Watcher', affiliation: 'npo', presence: 'delta' });
    expect(new Set(watcher.ack.online)).toEqual(new Set([fac.ack.you.id, watcher.ack.you.id]));
    const replica = new PresenceReplica(watcher.peer, watcher.ack);
    const old = await peer(srv, { boardId: id, name: 'Old' });

    const mark = watcher.peer.received.length;
    const a = await peer(srv, { boardId: id, name: 'A', affiliation: 'citizen', presence: 'delta' });
    await watcher.peer.waitFor(() => replica.online.has(a.ack.you.id));
    const deltas = () => events<PresenceDelta>({ received: watcher.peer.received.slice(mark) } as Peer, 'presence');
    expect(deltas()).toEqual([{ id: a.ack.you.id, online: true }]);
    // The arriving socket is not told of itself: its answer says so.
    expect(events(a.peer, 'presence')).toEqual([]);
    expect(a.ack.online).toContain(a.ack.you.id);
    // Nobody who asked for deltas gets the whole list; an old client gets it once per change, not twice.
    expect(events(watcher.peer, 'participants')).toEqual([]);
    await old.peer.waitFor(() => events<PresenceEntry[]>(old.peer, 'participants').at(-1)?.some((x) => x.id === a.ack.you.id));
    await sleep(200);
    expect(events<PresenceEntry[]>(old.peer, 'participants').filter((l) => l.some((x) => x.id === a.ack.you.id)).length).toBe(1);

    // A second tab of the same person: still one person online, nothing to tell.
    const tab = await peer(srv, { boardId: id, name: 'A', participant: { id: a.ack.you.id, secret: a.ack.you.secret }, presence: 'delta' });
    tab.peer.close();
    await sleep(300);
    expect(deltas()).toHaveLength(1);

    // A rename reaches the list as its op.
    expect(await fac.peer.send({ opId: opId(), type: 'participant.update', id: a.ack.you.id, name: 'A さん' })).toMatchObject({ ok: true });
    await watcher.peer.waitFor(() => replica.participants.get(a.ack.you.id)?.name === 'A さん');
    expect(deltas()).toHaveLength(1);

    // The last socket leaves: one change.
    a.peer.close();
    await watcher.peer.waitFor(() => !replica.online.has(a.ack.you.id));
    expect(deltas()).toEqual([
      { id: a.ack.you.id, online: true },
      { id: a.ack.you.id, online: false },
    ]);

    // A removal: the op takes the person off the list, the closed socket says offline.
    expect(await fac.peer.send({ opId: opId(), type: 'participant.update', id: old.ack.you.id, removed: true })).toMatchObject({ ok: true });
    await watcher.peer.waitFor(() => !replica.online.has(old.ack.you.id));

    const fresh = await peer(srv, { boardId: id, name: 'Fresh' });
    const list = await fresh.peer.waitFor(() => events<PresenceEntry[]>(fresh.peer, 'participants').at(-1));
    await watcher.peer.waitFor(() => replica.online.has(fresh.ack.you.id));
    expect(byId(replica.list())).toEqual(byId(list));
    expect(list.find((x) => x.id === a.ack.you.id)).toMatchObject({ name: 'A さん', online: false });
    expect(list.find((x) => x.id === old.ack.you.id)).toBeUndefined();
  });

  it('[RM3][PR4] the wall arriving or leaving changes nobody\'s list; a gzip join answer lists the joiner online', async () => {
    const srv = await server();
    const { id } = await createBoard(srv.url);
    const watcher = await peer(srv, { boardId: id, name: 'Watcher', presence: 'delta' });
    const wall = await peer(srv, { boardId: id, name: 'wall', projector: true, presence: 'delta', pointers: 'none' });
    expect(wall.ack.online).toEqual([watcher.ack.you.id]);
    wall.peer.close();
    const z = await peer(srv, { boardId: id, name: 'Z', presence: 'delta', encoding: 'gzip' });
    expect(new Set(z.ack.online)).toEqual(new Set([watcher.ack.you.id, z.ack.you.id]));
    await watcher.peer.waitFor(() => events(watcher.peer, 'presence').length >= 1);
    await sleep(200);
    expect(events(watcher.peer, 'presence')).toEqual([{ id: z.ack.you.id, online: true }]);
  });
});

describe('a large room: resets', () => {
  it('[RM4][V1][V2][V3][PR3] every socket gets exactly viewFor at a reveal and at the end of a hidden round, whichever group it shares', async () => {
    const srv = await server();
    const { id, facilitatorKey } = await createBoard(srv.url);
    const fac = await peer(srv, { boardId: id, name: 'F', facilitatorKey });
    const writers = [];
    for (const n of ['A', 'B', 'C']) writers.push(await peer(srv, { boardId: id, name: n }));
    const quiet = [await peer(srv, { boardId: id, name: 'Q1' }), await peer(srv, { boardId: id, name: 'Q2', presence: 'delta' })];
    const wall = await peer(srv, { boardId: id, name: 'wall', projector: true });
    const all = [fac, ...writers, ...quiet, wall];
    const resetsOf = (p: Peer) => events<{ seq: number; board: BoardView }>(p, 'reset');
    const expectViews = async (seq: number) => {
      const board = loaded(srv, id);
      for (const s of all) {
        const got = await s.peer.waitFor(() => resetsOf(s.peer).find((r) => r.seq === seq));
        const viewer = s.ack.you.role === 'projector' ? { id: '', role: 'participant' as const } : { id: s.ack.you.id, role: s.ack.you.role as 'participant' };
        expect(got.board).toEqual(JSON.parse(JSON.stringify(viewFor(board, viewer))));
      }
    };
    const send = (s: { peer: Peer }, op: Record<string, unknown>) => s.peer.send({ opId: opId(), ...op });
    expect(await send(fac, { type: 'writing.private', on: true })).toMatchObject({ ok: true });
    for (const [i, w] of writers.entries()) expect(await send(w, { type: 'note.add', note: { id: `n_${i}`, text: `意見 ${i}`, x: i * 200, y: 0 } })).toMatchObject({ ok: true });
    expect(await send(fac, { type: 'board.update', anonymous: true })).toMatchObject({ ok: true });
    const toggled = loaded(srv, id).seq;
    await expectViews(toggled);
    // The quiet ones and the wall saw the same thing; each writer its own.
    expect(resetsOf(quiet[0]!.peer).at(-1)).toEqual(resetsOf(wall.peer).at(-1));
    const reveal = await send(fac, { type: 'writing.private', on: false });
    if (!reveal.ok) throw new Error('reveal');
    await expectViews(reveal.seq);
    expect(await send(fac, { type: 'board.update', anonymous: false })).toMatchObject({ ok: true });
    expect(await send(fac, { type: 'voting.start', budget: 3, hidden: true })).toMatchObject({ ok: true });
    for (const w of writers) expect(await send(w, { type: 'vote.add', noteId: 'n_0' })).toMatchObject({ ok: true });
    const end = await send(fac, { type: 'voting.end' });
    if (!end.ok) throw new Error('end');
    await expectViews(end.seq);
    expect(resetsOf(writers[1]!.peer).at(-1)!.board.notes.find((n) => n.id === 'n_0')!.votes).toBe(3);
  });

  it('[RM4][O2] resets spread over turns of the event loop still reach each socket before any later entry', async () => {
    // Every group in a turn of its own, so entries confirmed together with the reset must wait for it.
    const srv = await server({ limits: { resetSliceMs: 0 } });
    const { id, facilitatorKey } = await createBoard(srv.url);
    const fac = await peer(srv, { boardId: id, name: 'F', facilitatorKey });
    const seats = [];
    for (let i = 0; i < 12; i++) seats.push(await peer(srv, { boardId: id, name: `P${i}` }));
    expect(await fac.peer.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
    for (const [i, s] of seats.entries()) await s.peer.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}`, text: `メモ ${i}`, x: i * 10, y: 0 } });
    // Submitted in one turn, the toggle and the ops after it share one log write and are confirmed
    // together (the sockets that receive them are real; only the sender is the room's own caller).
    const room = srv.app.registry.peek(id)!;
    const actor = { id: fac.ack.you.id, role: 'facilitator' as const };
    const acks = [
      room.submit({ opId: opId(), type: 'board.update', anonymous: true }, actor),
      ...Array.from({ length: 5 }, (_, i) => room.submit({ opId: opId(), type: 'note.add', note: { id: `f_${i}`, text: `後 ${i}`, x: 0, y: 300 + i * 10 } }, actor)),
    ];
    const [toggle, ...later] = await Promise.all(acks);
    if (!toggle!.ok) throw new Error('toggle');
    const last = later.at(-1)!;
    if (!last.ok) throw new Error('later');
    for (const s of [fac, ...seats]) {
      await s.peer.waitFor(() => s.peer.entries.some((e) => e.seq === last.seq));
      type Got = { reset?: number; op?: number };
      const order = s.peer.received.flatMap((r): Got[] => (r.event === 'reset' ? [{ reset: (r.args[0] as { seq: number }).seq }] : r.event === 'op' ? [{ op: (r.args[0] as EntryView).seq }] : []));
      const at = order.findIndex((x) => x.reset === toggle!.seq);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(order.slice(0, at).filter((x) => x.op !== undefined && x.op > toggle!.seq)).toEqual([]);
      expect(order.slice(at).filter((x) => x.op !== undefined && x.op > toggle!.seq).map((x) => x.op)).toEqual(later.map((a) => (a as { seq: number }).seq));
    }
  });

  it('[RM6][RM4][J7] a join that asked for gzipped resets gets each reset as the gzip of exactly its view, still before later entries', async () => {
    const srv = await server({ limits: { resetSliceMs: 0 } });
    const { id, facilitatorKey } = await createBoard(srv.url);
    const fac = await peer(srv, { boardId: id, name: 'F', facilitatorKey, resets: 'gzip' });
    const a = await peer(srv, { boardId: id, name: 'A', resets: 'gzip', encoding: 'gzip' });
    const b = await peer(srv, { boardId: id, name: 'B', resets: 'gzip' });
    const plain = await peer(srv, { boardId: id, name: 'Plain', encoding: 'gzip' });
    const wall = await peer(srv, { boardId: id, name: 'wall', projector: true, resets: 'gzip' });
    expect(await fac.peer.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
    for (const [i, s] of [a, b].entries()) expect(await s.peer.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}`, text: `ひみつ ${i}`, x: i * 200, y: 0 } })).toMatchObject({ ok: true });
    const room = srv.app.registry.peek(id)!;
    const actor = { id: fac.ack.you.id, role: 'facilitator' as const };
    const boards = new Map<number, Board>();
    room.onConfirmed((c) => boards.set(c.entry.seq, c.after));
    const [toggle, after] = await Promise.all([
      room.submit({ opId: opId(), type: 'board.update', anonymous: true }, actor),
      room.submit({ opId: opId(), type: 'note.add', note: { id: 'f_0', text: 'あと', x: 0, y: 400 } }, actor),
    ]);
    if (!toggle!.ok || !after!.ok) throw new Error('refused');
    const board = boards.get(toggle.seq)!;
    for (const s of [fac, a, b, wall]) {
      await s.peer.waitFor(() => s.peer.entries.some((e) => e.seq === after.seq));
      const i = s.peer.received.findIndex((r) => r.event === 'reset' && (r.args[0] as { seq: number }).seq === toggle.seq);
      expect(i).toBeGreaterThanOrEqual(0);
      const msg = s.peer.received[i]!.args[0] as { seq: number; boardGzip: Buffer; board?: unknown };
      expect(msg.board).toBeUndefined();
      const viewer = s.ack.you.role === 'projector' ? { id: '', role: 'participant' as const } : { id: s.ack.you.id, role: s.ack.you.role as 'participant' };
      expect(JSON.parse(gunzipSync(msg.boardGzip).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(viewFor(board, viewer))));
      const laterAt = s.peer.received.findIndex((r) => r.event === 'op' && (r.args[0] as EntryView).seq === after.seq);
      expect(laterAt).toBeGreaterThan(i);
    }
    // Asking for gzip at the join alone leaves resets plain (J7).
    const r = await plain.peer.waitFor(() => events<{ seq: number; board?: BoardView }>(plain.peer, 'reset').find((m) => m.seq === toggle.seq));
    expect(r.board).toEqual(JSON.parse(JSON.stringify(viewFor(board, { id: plain.ack.you.id, role: 'participant' }))));
  });
});
