import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpAck } from '../../shared/protocol.js';
import { opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { addNote, lastReset, refused, replicaOf, resets, Table, type Seat } from './facilitation.fixtures.js';

let srv: TestServer;
const peers: Peer[] = [];
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  for (const p of peers) p.close();
  await srv.stop();
  await removeDir(srv.dataDir);
});

const vote = (s: Seat, noteId: string) => s.peer.send({ opId: opId(), type: 'vote.add', noteId });
const unvote = (s: Seat, noteId: string) => s.peer.send({ opId: opId(), type: 'vote.remove', noteId });
const start = (s: Seat, fields: Record<string, unknown>) => s.peer.send({ opId: opId(), type: 'voting.start', ...fields });
const end = (s: Seat) => s.peer.send({ opId: opId(), type: 'voting.end' });
const sum = (votes: Record<string, number> | undefined) => Object.values(votes ?? {}).reduce((x, y) => x + y, 0);
const totalVotes = (votes: Record<string, Record<string, number>>) => Object.values(votes).reduce((t, byP) => t + sum(byP), 0);
const count = (text: string, needle: string) => text.split(needle).length - 1;

async function votingTable(participants: number) {
  const t = await Table.open(srv, peers);
  const fac = await t.facilitator();
  const ps: Seat[] = [];
  for (let i = 0; i < participants; i++) ps.push(await t.join(`参加者${i}`, { affiliation: i % 2 ? 'npo' : 'citizen' }));
  for (let i = 0; i < 5; i++) await addNote(fac, `n_${i}`, `案${i}`, i * 250);
  return { t, fac, ps };
}

describe('dot voting', () => {
  it('[F7] vote.add and vote.remove are conflict unless a round is open', async () => {
    const { t, fac, ps } = await votingTable(1);
    const a = ps[0]!;
    expect(await vote(a, 'n_0')).toMatchObject(refused('conflict'));
    expect(await unvote(a, 'n_0')).toMatchObject(refused('conflict'));
    expect(await end(fac)).toMatchObject(refused('conflict'));
    expect(await start(fac, { budget: 2, hidden: false })).toMatchObject({ ok: true });
    expect(await vote(a, 'n_0')).toMatchObject({ ok: true });
    expect(await vote(a, 'n_missing')).toMatchObject(refused('not_found'));
    expect(await end(fac)).toMatchObject({ ok: true });
    expect(await vote(a, 'n_1')).toMatchObject(refused('conflict'));
    expect(await unvote(a, 'n_0')).toMatchObject(refused('conflict'));
    // The ended round's votes stay for the results.
    expect((await t.board()).votes).toEqual({ n_0: { [a.id]: 1 } });
    expect((await t.board()).voting).toMatchObject({ open: false, ended: true });
    await t.expectConsistent();
  });

  it('[F7] budget is 1–20; maxPerNote defaults to the budget; over either is limit', async () => {
    const { t, fac, ps } = await votingTable(1);
    const a = ps[0]!;
    for (const bad of [{ budget: 0, hidden: false }, { budget: 21, hidden: false }, { budget: 1.5, hidden: false }, { budget: 3 }, { budget: 3, hidden: false, maxPerNote: 0 }])
      expect(await start(fac, bad), JSON.stringify(bad)).toMatchObject(refused('invalid'));

    expect(await start(fac, { budget: 4, hidden: false })).toMatchObject({ ok: true });
    expect((await t.board()).voting).toMatchObject({ open: true, budget: 4, maxPerNote: 4, hidden: false });
    for (let i = 0; i < 4; i++) expect(await vote(a, 'n_0')).toMatchObject({ ok: true });
    expect(await vote(a, 'n_0')).toMatchObject(refused('limit'));
    expect(await vote(a, 'n_1')).toMatchObject(refused('limit'));
    // Taking a dot back frees it.
    expect(await unvote(a, 'n_0')).toMatchObject({ ok: true });
    expect(await vote(a, 'n_1')).toMatchObject({ ok: true });
    expect(await unvote(a, 'n_2')).toMatchObject(refused('not_found'));

    // A new round starts from no votes.
    expect(await start(fac, { budget: 3, hidden: false, maxPerNote: 1 })).toMatchObject({ ok: true });
    expect((await t.board()).votes).toEqual({});
    expect(await vote(a, 'n_0')).toMatchObject({ ok: true });
    expect(await vote(a, 'n_0')).toMatchObject(refused('limit'));
    expect(await vote(a, 'n_1')).toMatchObject({ ok: true });
    expect(await vote(a, 'n_2')).toMatchObject({ ok: true });
    expect(await vote(a, 'n_3')).toMatchObject(refused('limit'));
    await t.expectConsistent();
    expect(replicaOf(a).votes).toEqual({ n_0: { [a.id]: 1 }, n_1: { [a.id]: 1 }, n_2: { [a.id]: 1 } });
  });

  it('[F7][O2] the budget holds when 10 sockets fire 10 votes each at once', async () => {
    const { t, fac, ps } = await votingTable(10);
    expect(await start(fac, { budget: 3, hidden: false })).toMatchObject({ ok: true });
    const acks = await Promise.all(ps.map((p) => Promise.all(Array.from({ length: 10 }, (_, i) => vote(p, `n_${i % 5}`)))));
    for (const mine of acks) {
      expect(mine.filter((a) => a.ok)).toHaveLength(3);
      expect(mine.filter((a) => !a.ok).every((a: OpAck) => !a.ok && a.error.code === 'limit')).toBe(true);
    }
    const server = await t.board();
    expect(totalVotes(server.votes)).toBe(30);
    for (const p of ps) expect(Object.values(server.votes).reduce((n, byP) => n + (byP[p.id] ?? 0), 0)).toBe(3);
    await t.expectConsistent();
    expect(totalVotes(replicaOf(fac).votes)).toBe(30);
  });

  it('[F7] maxPerNote holds when many sockets vote on the same notes at once', async () => {
    const { t, fac, ps } = await votingTable(10);
    expect(await start(fac, { budget: 5, hidden: true, maxPerNote: 2 })).toMatchObject({ ok: true });
    const acks = await Promise.all(ps.map((p) => Promise.all(Array.from({ length: 8 }, (_, i) => vote(p, i % 2 ? 'n_0' : 'n_1')))));
    for (const mine of acks) {
      expect(mine.filter((a) => a.ok)).toHaveLength(4);
      expect(mine.filter((a) => !a.ok).every((a) => !a.ok && a.error.code === 'limit')).toBe(true);
    }
    const server = await t.board();
    for (const n of ['n_0', 'n_1']) {
      expect(Object.values(server.votes[n] ?? {}).every((v) => v === 2)).toBe(true);
      expect(sum(server.votes[n])).toBe(20);
    }
    await t.expectConsistent();
    expect(replicaOf(fac).votes).toEqual(server.votes);
  });

  it('[V2][F9] while hidden voting is open a participant receives only its own votes: no ops, no tallies, not at join', async () => {
    const { t, fac, ps } = await votingTable(2);
    const [a, b] = [ps[0]!, ps[1]!];
    const mark = a.peer.received.length;
    expect(await start(fac, { budget: 3, hidden: true })).toMatchObject({ ok: true });
    const mine = [await vote(a, 'n_0')];
    const theirs = [await vote(b, 'n_0'), await vote(b, 'n_1'), await vote(b, 'n_1')];
    theirs.push(await unvote(b, 'n_1'));
    await t.barrier(fac);

    for (const ack of theirs) {
      if (!ack.ok) throw new Error('B voted');
      // The seq stays gapless, and nothing says who did what.
      expect(a.peer.entries.find((e) => e.seq === ack.seq)).toEqual({ seq: ack.seq, by: '', at: expect.any(Number), op: null });
      expect(fac.peer.entries.find((e) => e.seq === ack.seq)).toMatchObject({ by: b.id, op: { type: expect.stringMatching(/^vote\./) } });
    }
    const heard = JSON.stringify(a.peer.received.slice(mark));
    expect(count(heard, '"type":"vote.')).toBe(mine.length);
    expect(heard).not.toContain(b.id);
    expect(replicaOf(a).votes).toEqual({ n_0: { [a.id]: 1 } });
    expect(replicaOf(fac).votes).toEqual({ n_0: { [a.id]: 1, [b.id]: 1 }, n_1: { [b.id]: 1 } });

    // A participant arriving in the middle sees no votes at all, and no tallies.
    const c = await t.join('途中参加', { affiliation: 'company' });
    expect(c.view.votes).toEqual({});
    expect(c.view.notes.map((n) => n.votes)).toEqual([0, 0, 0, 0, 0]);

    // A reset while the round is open (anonymous mode toggled) does not carry them either.
    expect(await fac.peer.send({ opId: opId(), type: 'board.update', anonymous: true })).toMatchObject({ ok: true });
    await t.settled();
    expect(lastReset(a)!.board.votes).toEqual({ n_0: { [a.id]: 1 } });
    expect(lastReset(a)!.board.notes.find((n) => n.id === 'n_0')?.votes).toBe(1);
    expect(lastReset(c)!.board.votes).toEqual({});
    expect(lastReset(fac)!.board.notes.find((n) => n.id === 'n_0')?.votes).toBe(2);
    await t.expectConsistent();
    expect(a.peer.traffic()).not.toContain(`"${b.id}":`);
  });

  it('[J4][V2] a participant rejoining with since during a hidden round gets a fresh view without others’ votes', async () => {
    const { t, fac, ps } = await votingTable(2);
    const [a, b] = [ps[0]!, ps[1]!];
    expect(await start(fac, { budget: 3, hidden: true })).toMatchObject({ ok: true });
    await t.settled();
    const seen = (await t.board()).seq;
    expect(await vote(b, 'n_2')).toMatchObject({ ok: true });
    expect(await vote(a, 'n_3')).toMatchObject({ ok: true });
    const back = new Peer(srv.url);
    peers.push(back);
    const ack = await back.join({ boardId: t.boardId, name: a.name, participant: { id: a.id, secret: a.secret }, since: seen });
    if (!ack.ok) throw new Error('rejoin');
    expect(JSON.stringify(ack)).not.toContain(`"by":"${b.id}"`);
    expect('board' in ack && ack.board.votes).toEqual({ n_3: { [a.id]: 1 } });
    await t.expectConsistent();
  });

  it('[V2][V4][F8] voting.end of a hidden round sends everybody a reset with every vote', async () => {
    const { t, fac, ps } = await votingTable(3);
    expect(await start(fac, { budget: 2, hidden: true })).toMatchObject({ ok: true });
    for (const [i, p] of ps.entries()) {
      expect(await vote(p, `n_${i}`)).toMatchObject({ ok: true });
      expect(await vote(p, 'n_4')).toMatchObject({ ok: true });
    }
    await t.expectConsistent();
    const before = ps.map((p) => resets(p).length);
    const ended = await end(fac);
    if (!ended.ok) throw new Error('end');
    await t.settled(ended.seq);
    const server = await t.board();
    for (const [i, p] of ps.entries()) {
      await p.peer.waitFor(() => resets(p).length === before[i]! + 1);
      const reset = lastReset(p)!;
      expect(reset.seq).toBe(ended.seq);
      expect(reset.board.votes).toEqual(server.votes);
      expect(reset.board.notes.find((n) => n.id === 'n_4')?.votes).toBe(3);
      expect(reset.board.voting).toMatchObject({ open: false, ended: true, hidden: true });
      for (const q of ps) expect(p.peer.traffic()).toContain(`"${q.id}":1`);
    }
    await t.expectConsistent();
  });

  it('[V2][F8] with hidden:false everybody sees every vote live, with its voter', async () => {
    const { t, fac, ps } = await votingTable(2);
    const [a, b] = [ps[0]!, ps[1]!];
    expect(await start(fac, { budget: 3, hidden: false })).toMatchObject({ ok: true });
    const ack = await vote(b, 'n_2');
    if (!ack.ok) throw new Error('vote');
    await t.settled(ack.seq);
    expect(a.peer.entries.find((e) => e.seq === ack.seq)).toMatchObject({ by: b.id, op: { type: 'vote.add', noteId: 'n_2' } });
    expect(replicaOf(a).votes).toEqual({ n_2: { [b.id]: 1 } });
    const c = await t.join('途中参加');
    expect(c.view.notes.find((n) => n.id === 'n_2')?.votes).toBe(1);
    const resetsBefore = resets(a).length;
    expect(await end(fac)).toMatchObject({ ok: true });
    await t.expectConsistent();
    // Nothing was hidden, so nothing needs replacing.
    expect(resets(a)).toHaveLength(resetsBefore);
  });
});
