import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { JoinAck, PresenceEntry } from '../../shared/protocol.js';
import type { BoardView } from '../../shared/view.js';
import { opId, Peer, serverWorld } from '../helpers/server.js';
import { addNote, lastReset, marker, presence, refused, replicaOf, resets, Table, type Seat } from './facilitation.fixtures.js';

const world = serverWorld();

/** The wall, as `/b/<id>/present` joins: no key, no identity. */
const wall = (t: Table, extra: Record<string, unknown> = {}) => t.join('プロジェクター', { projector: true, ...extra });

const op = (s: Seat, body: Record<string, unknown>) => s.peer.send({ opId: opId(), ...body });

async function table() {
  const t = await Table.open(world.srv, world.peers);
  const fac = await t.facilitator();
  const a = await t.join('A', { affiliation: 'citizen' });
  const b = await t.join('B', { affiliation: 'government' });
  return { t, fac, a, b };
}

const lastPresence = (s: Seat) => presence(s) ?? [];

describe('the projector (PR)', () => {
  it('[PR1][PR4] joins as nobody: no identity, no participant record, no participant.join, not in presence or balance', async () => {
    const { t, fac, a } = await table();
    const before = await t.board();
    const aHeard = a.peer.received.length;
    const p = await wall(t);
    expect({ id: p.id, secret: p.secret, role: p.role }).toEqual({ id: '', secret: '', role: 'projector' });
    // Nothing happened on the board: no op, no new record, nobody's list changed.
    const after = await t.board();
    expect(after.seq).toBe(before.seq);
    expect(Object.keys(after.participants).sort()).toEqual(Object.keys(before.participants).sort());
    await t.barrier(fac);
    expect(a.peer.received.slice(aHeard).map((r) => r.event)).toEqual(['op']);
    // The wall learns who is in the room, and is not among them.
    await p.peer.waitFor(() => presence(p));
    const list = lastPresence(p);
    expect(list.map((e: PresenceEntry) => e.name).sort()).toEqual(['A', 'B', '進行役']);
    expect(list.every((e) => e.online)).toBe(true);
    expect(p.view.participants.map((x) => x.name)).not.toContain('プロジェクター');
    // T9: online counts participants only.
    const summary = (await (await fetch(`${world.srv.url}/api/boards/${t.boardId}`)).json()) as { balance: { totals: { participants: number; online: number } } };
    expect(summary.balance.totals).toMatchObject({ participants: 2, online: 2 });
    expect([...world.srv.app.onlineOf(t.boardId)].sort()).toEqual([a.id, t.seats[2]!.id, fac.id].sort());
  });

  it('[PR1][J6] projector beside a facilitator key or a participant identity is invalid', async () => {
    const { t, a } = await table();
    for (const extra of [{ facilitatorKey: t.facilitatorKey }, { participant: { id: a.id, secret: a.secret } }]) {
      const peer = new Peer(world.srv.url);
      world.peers.push(peer);
      const ack = await peer.join({ boardId: t.boardId, name: 'プロジェクター', projector: true, ...extra } as never);
      expect(ack, JSON.stringify(extra).slice(0, 20)).toMatchObject(refused('invalid'));
    }
    expect((await t.board()).participants[a.id]?.role).toBe('participant');
  });

  it('[PR2][O5] every op from the projector is forbidden and changes nothing', async () => {
    const { t, fac } = await table();
    const p = await wall(t);
    await addNote(fac, 'n_f', 'ふせん', 0, 0);
    expect(await op(fac, { type: 'voting.start', budget: 3, hidden: false })).toMatchObject({ ok: true });
    const before = await t.board();
    for (const body of [
      { type: 'note.add', note: { id: 'n_wall', text: '壁から', x: 0, y: 0 } },
      { type: 'note.move', moves: [{ id: 'n_f', x: 9, y: 9 }] },
      { type: 'vote.add', noteId: 'n_f' },
      { type: 'writing.private', on: true },
      { type: 'timer.start', seconds: 60 },
    ])
      expect(await op(p, body), body.type).toMatchObject(refused('forbidden'));
    expect(await t.board()).toBe(before);
  });

  it('[PR5][P2] the projector’s cursors are dropped; it receives others’ as a participant does', async () => {
    const { t, fac, a } = await table();
    const p = await wall(t);
    p.peer.socket.emit('cursor', { x: 111, y: 222 });
    a.peer.socket.emit('cursor', { x: 333, y: 444 });
    await p.peer.waitFor(() => p.peer.received.some((r) => r.event === 'cursor'));
    await t.barrier(fac);
    const cursors = (s: Seat) => s.peer.received.filter((r) => r.event === 'cursor').map((r) => r.args[0]);
    expect(cursors(p)).toEqual([{ id: a.id, x: 333, y: 444 }]);
    expect(JSON.stringify(cursors(fac))).not.toContain('111');
    expect(JSON.stringify(cursors(a))).not.toContain('111');
  });

  it('[PR3][V1][J4][J7] during private writing the projector gets counts only: join, gzip join, since, live, reset; the reveal brings the text', async () => {
    const { t, fac, a, b } = await table();
    const seen = (await t.board()).seq;
    expect(await op(fac, { type: 'writing.private', on: true })).toMatchObject({ ok: true });
    const textA = marker('A');
    const textB = marker('B');
    const textF = marker('F');
    await addNote(a, 'n_a', textA, 0);
    await addNote(fac, 'n_f', textF, 600);
    const p = await wall(t);
    expect(p.view).toMatchObject({ notes: [], hiddenNotes: 2, settings: { privateWriting: true } });
    // A rejoin with since across hidden entries gets a fresh view, not the entries (J4).
    const late = new Peer(world.srv.url);
    world.peers.push(late);
    const since = await late.join({ boardId: t.boardId, name: 'プロジェクター', projector: true, since: seen });
    expect(since.ok && 'board' in since && since.board).toMatchObject({ notes: [], hiddenNotes: 2 });
    const zipped = await new Peer(world.srv.url).join({ boardId: t.boardId, name: 'プロジェクター', projector: true, encoding: 'gzip' });
    const unzipped = gunzipped(zipped);
    expect(unzipped.board).toMatchObject({ notes: [], hiddenNotes: 2 });
    for (const m of [textA, textF]) expect(JSON.stringify(unzipped)).not.toContain(m);
    // Live: redacted entries with the live count.
    const added = await addNote(b, 'n_b', textB, 300);
    if (!added.ok) throw new Error('add');
    await t.settled(added.seq);
    expect(p.peer.entries.find((e) => e.seq === added.seq)).toEqual({ seq: added.seq, by: '', at: expect.any(Number), op: null, hiddenNotes: 3 });
    for (const m of [textA, textB, textF]) {
      expect(p.peer.traffic()).not.toContain(m);
      expect(late.traffic()).not.toContain(m);
    }
    await t.expectConsistent();
    // The reveal: everybody's text reaches the wall at once.
    const reveal = await op(fac, { type: 'writing.private', on: false });
    if (!reveal.ok) throw new Error('reveal');
    await p.peer.waitFor(() => lastReset(p)?.seq === reveal.seq);
    expect(lastReset(p)!.board.notes.map((n) => n.text).sort()).toEqual([textA, textB, textF].sort());
    expect(replicaOf(p).notes['n_b']?.text).toBe(textB);
  });

  it('[PR3][V2][F9] during a hidden vote the projector gets no dots and no voter ids, at join or live; the end of the round brings them', async () => {
    const { t, fac, a, b } = await table();
    await addNote(fac, 'n_1', 'ひとつめ', 0);
    await addNote(fac, 'n_2', 'ふたつめ', 300);
    expect(await op(fac, { type: 'voting.start', budget: 3, hidden: true })).toMatchObject({ ok: true });
    const v1 = await op(a, { type: 'vote.add', noteId: 'n_1' });
    const p = await wall(t);
    const v2 = await op(b, { type: 'vote.add', noteId: 'n_2' });
    const v3 = await op(fac, { type: 'vote.add', noteId: 'n_2' });
    if (!v1.ok || !v2.ok || !v3.ok) throw new Error('votes');
    await t.barrier(fac);
    expect(p.view.votes).toEqual({});
    expect(p.view.notes.map((n) => n.votes)).toEqual([0, 0]);
    for (const v of [v2, v3]) expect(p.peer.entries.find((e) => e.seq === v.seq)).toMatchObject({ by: '', op: null });
    // Who voted is not named by any entry of the round (the barrier's focus op names its sender, a facilitator's act).
    const round = JSON.stringify(p.peer.entries.filter((e) => e.op?.type !== 'focus'));
    for (const id of [a.id, b.id, fac.id]) expect(round).not.toContain(id);
    expect(JSON.stringify(p.view)).not.toContain('"votes":{"n_');
    await t.expectConsistent();
    const end = await op(fac, { type: 'voting.end' });
    if (!end.ok) throw new Error('end');
    await p.peer.waitFor(() => lastReset(p)?.seq === end.seq);
    expect(lastReset(p)!.board.votes).toEqual({ n_1: { [a.id]: 1 }, n_2: { [b.id]: 1, [fac.id]: 1 } });
    expect(resets(p)).toHaveLength(1);
  });

  it('[PR3][V3][F9] in anonymous mode the projector gets no author names', async () => {
    const { t, fac, a } = await table();
    expect(await op(fac, { type: 'board.update', anonymous: true })).toMatchObject({ ok: true });
    await addNote(a, 'n_a', '匿名のふせん', 0);
    const p = await wall(t);
    expect(p.view.notes).toMatchObject([{ id: 'n_a', authorName: '', authorId: '', affiliation: 'other' }]);
    const added = await addNote(a, 'n_a2', 'もう一枚', 200);
    if (!added.ok) throw new Error('add');
    await t.settled(added.seq);
    expect(p.peer.entries.find((e) => e.seq === added.seq)).toMatchObject({ by: '' });
    await t.expectConsistent();
  });

  it('[PR4][P1] a participant arriving or leaving is seen on the wall; the wall leaving changes nobody’s list', async () => {
    const { t, fac, a } = await table();
    const p = await wall(t);
    const c = await t.join('C', { affiliation: 'school' });
    await p.peer.waitFor(() => lastPresence(p).some((e) => e.id === c.id && e.online));
    c.peer.close();
    await p.peer.waitFor(() => lastPresence(p).some((e) => e.id === c.id && !e.online));
    const heard = a.peer.received.length;
    p.peer.close();
    await t.barrier(fac);
    // Any list sent after the wall left names the same people as before it.
    const lists = a.peer.received.slice(heard).filter((r) => r.event === 'participants');
    for (const l of lists) expect((l.args[0] as PresenceEntry[]).map((e) => e.name).sort()).toEqual(['A', 'B', 'C', '進行役']);
  });
});

function gunzipped(ack: JoinAck): { board: BoardView } {
  if (!ack.ok || !('boardGzip' in ack)) throw new Error(`no boardGzip: ${JSON.stringify(ack).slice(0, 200)}`);
  return { board: JSON.parse(gunzipSync(Buffer.from(ack.boardGzip as Uint8Array)).toString('utf8')) as BoardView };
}
