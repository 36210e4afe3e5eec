import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { addNote, lastReset, marker, refused, replicaOf, resets, Table } from './facilitation.fixtures.js';

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

const privateWriting = (t: Table, on: boolean) => t.seats[0]!.peer.send({ opId: opId(), type: 'writing.private', on });

async function writingTable() {
  const t = await Table.open(srv, peers);
  const fac = await t.facilitator();
  const a = await t.join('A', { affiliation: 'citizen' });
  const b = await t.join('B', { affiliation: 'government' });
  return { t, fac, a, b };
}

describe('private writing', () => {
  it('[V1][V4][V5] a participant receives only its own notes until the reveal, then everybody gets them at once', async () => {
    const { t, fac, a, b } = await writingTable();
    const early = marker('B-early');
    await addNote(b, 'n_b0', early, 600);
    expect(await privateWriting(t, true)).toMatchObject({ ok: true });
    await t.settled();
    // Turning it on replaces every view: notes written before disappear from others' screens too.
    expect(lastReset(a)!.board).toMatchObject({ notes: [], hiddenNotes: 1, settings: { privateWriting: true } });
    expect(lastReset(b)!.board).toMatchObject({ hiddenNotes: 0, notes: [{ id: 'n_b0', text: early }] });
    expect(lastReset(fac)!.board.notes).toHaveLength(1);

    const aMark = a.peer.received.length;
    const bMark = b.peer.received.length;
    const textA = marker('A');
    const textB = marker('B');
    const editB = marker('B-edit');
    const textF = marker('F');
    const hidden = [
      await addNote(b, 'n_b1', textB, 300),
      await b.peer.send({ opId: opId(), type: 'note.update', id: 'n_b1', patch: { text: editB, color: '#90caf9' } }),
      await b.peer.send({ opId: opId(), type: 'note.move', moves: [{ id: 'n_b0', x: 700, y: 10 }] }),
      await addNote(fac, 'n_f', textF, 900),
    ];
    expect(await addNote(a, 'n_a', textA)).toMatchObject({ ok: true });
    await t.barrier(fac);
    for (const ack of hidden) {
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      expect(a.peer.entries.find((e) => e.seq === ack.seq)).toEqual({ seq: ack.seq, by: '', at: expect.any(Number), op: null, hiddenNotes: expect.any(Number) });
    }
    const heardA = JSON.stringify(a.peer.received.slice(aMark));
    const heardB = JSON.stringify(b.peer.received.slice(bMark));
    for (const m of [textB, editB, textF]) expect(a.peer.traffic()).not.toContain(m);
    expect(heardA).not.toContain(early);
    expect(heardA).not.toContain('n_b1');
    expect(heardA).not.toContain(b.id);
    expect(b.peer.traffic()).not.toContain(textA);
    expect(heardB).toContain(editB);
    for (const m of [early, textA, textB, editB, textF]) expect(fac.peer.traffic()).toContain(m);

    // Somebody joining in the middle gets a count, never the text.
    const c = await t.join('途中参加', { affiliation: 'school' });
    expect(c.view.notes).toEqual([]);
    expect(c.view.hiddenNotes).toBe(4);
    expect(c.peer.traffic()).not.toContain('MARK-');
    await t.expectConsistent();
    expect(replicaOf(a).notes).toEqual({ n_a: expect.objectContaining({ text: textA }) });

    const before = t.seats.map((s) => resets(s).length);
    const reveal = await privateWriting(t, false);
    if (!reveal.ok) throw new Error('reveal');
    await t.settled(reveal.seq);
    for (const [i, s] of t.seats.entries()) {
      await s.peer.waitFor(() => resets(s).length === before[i]! + 1);
      const board = lastReset(s)!.board;
      expect(board.seq).toBe(reveal.seq);
      expect(board.hiddenNotes).toBe(0);
      expect(board.notes.map((n) => n.text).sort()).toEqual([early, textA, editB, textF].sort());
    }
    expect(a.peer.traffic()).toContain(editB);
    expect(c.peer.traffic()).toContain(textA);
    await t.expectConsistent();
  });

  it('[V1] during private writing a participant may not edit, move or delete others’ notes', async () => {
    const { t, fac, a, b } = await writingTable();
    await addNote(b, 'n_b', 'B', 300);
    expect(await privateWriting(t, true)).toMatchObject({ ok: true });
    const before = await t.board();
    for (const op of [
      { type: 'note.update', id: 'n_b', patch: { text: '上書き' } },
      { type: 'note.move', moves: [{ id: 'n_b', x: 1, y: 1 }] },
      { type: 'note.delete', ids: ['n_b'] },
    ])
      expect(await a.peer.send({ opId: opId(), ...op }), op.type).toMatchObject(refused('forbidden'));
    expect(await t.board()).toBe(before);
    // The facilitator tidies up whatever it likes.
    expect(await fac.peer.send({ opId: opId(), type: 'note.move', moves: [{ id: 'n_b', x: 5, y: 5 }] })).toMatchObject({ ok: true });
    await t.expectConsistent();
  });

  it('[V1][V2] votes on notes a participant may not read do not reach it, at join or live', async () => {
    const { t, fac, a, b } = await writingTable();
    expect(await privateWriting(t, true)).toMatchObject({ ok: true });
    await addNote(b, 'n_secret_b', marker('B'), 300);
    await addNote(a, 'n_a', marker('A'));
    expect(await fac.peer.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: false })).toMatchObject({ ok: true });
    const onHidden = await b.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_secret_b' });
    const onVisible = await b.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_a' });
    if (!onHidden.ok || !onVisible.ok) throw new Error('votes');
    await t.barrier(fac);
    expect(a.peer.entries.find((e) => e.seq === onHidden.seq)).toMatchObject({ by: '', op: null });
    expect(a.peer.entries.find((e) => e.seq === onVisible.seq)).toMatchObject({ by: b.id, op: { type: 'vote.add' } });
    const c = await t.join('途中参加');
    expect(c.view.votes).toEqual({});
    expect(JSON.stringify(c.view)).not.toContain('n_secret_b');
    await t.expectConsistent();
    expect(replicaOf(a).votes).toEqual({ n_a: { [b.id]: 1 } });
  });

  it('[J4][V1] a participant rejoining with since after private writing was turned on gets a view without others’ notes', async () => {
    const { t, a, b } = await writingTable();
    const text = marker('B');
    await addNote(b, 'n_b', text, 300);
    await t.settled();
    const seen = (await t.board()).seq;
    expect(await privateWriting(t, true)).toMatchObject({ ok: true });
    const back = new Peer(srv.url);
    peers.push(back);
    const ack = await back.join({ boardId: t.boardId, name: a.name, participant: { id: a.id, secret: a.secret }, since: seen });
    if (!ack.ok) throw new Error('rejoin');
    // Whatever form the answer takes, the client's state must come out as the server's view of it.
    const view = 'board' in ack ? ack.board : undefined;
    expect(view, 'a full view, since ops alone cannot take away what the client already holds').toBeDefined();
    expect(view).toMatchObject({ notes: [], hiddenNotes: 1, settings: { privateWriting: true } });
    await t.expectConsistent();
  });
});
