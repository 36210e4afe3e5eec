import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceEntry } from '../../shared/protocol.js';
import { BoardView } from '../../shared/view.js';
import { opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { addNote, lastReset, marker, presence, refused, replicaOf, resets, Table } from './facilitation.fixtures.js';

// A fixed clock the timer tests move by hand, so times are compared exactly.
let now = 1_760_000_000_000;
let srv: TestServer;
const peers: Peer[] = [];
beforeAll(async () => {
  srv = await startServer({ clock: { now: () => now } });
});
afterAll(async () => {
  for (const p of peers) p.close();
  await srv.stop();
  await removeDir(srv.dataDir);
});

const table = () => Table.open(srv, peers);
const section = (id: string, x = 0) => ({ opId: opId(), type: 'section.add', section: { id, title: id, x, y: 0, width: 1000, height: 1000 } });

describe('roles', () => {
  it('[O5][E1] every facilitator-only op from a participant is refused with forbidden and changes nothing', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const a = await t.join('A', { affiliation: 'citizen' });
    const b = await t.join('B', { affiliation: 'npo' });
    expect(await fac.peer.send(section('s_1'))).toMatchObject({ ok: true });
    await t.settled();
    const facOnly = [
      section('s_2'),
      { type: 'section.update', id: 's_1', patch: { title: '乗っ取り' } },
      { type: 'section.delete', id: 's_1' },
      { type: 'board.update', title: '乗っ取り' },
      { type: 'board.update', locked: true },
      { type: 'board.update', anonymous: true },
      { type: 'voting.start', budget: 3, hidden: true },
      { type: 'voting.start', budget: 3, hidden: false, maxPerNote: 1 },
      { type: 'voting.end' },
      { type: 'writing.private', on: true },
      { type: 'writing.private', on: false },
      { type: 'timer.start', seconds: 60 },
      { type: 'timer.stop' },
      { type: 'focus', sectionId: 's_1' },
      { type: 'focus', x: 0, y: 0, zoom: 1 },
      { type: 'participant.update', id: a.id, name: '自称進行役' },
      { type: 'participant.update', id: b.id, removed: true },
    ];
    const before = await t.board();
    const heard = b.peer.received.length;
    for (const op of facOnly) expect(await a.peer.send({ opId: opId(), ...op }), op.type).toMatchObject(refused('forbidden'));
    expect(await t.board()).toBe(before);
    await t.barrier(fac);
    // Only the barrier itself reached B.
    expect(b.peer.received.slice(heard).map((r) => r.event)).toEqual(['op']);
    expect(b.peer.socket.connected).toBe(true);
    await t.expectConsistent();
  });

  it('[J5][V5][F1] several facilitators co-facilitate: each may run the session and each sees everything', async () => {
    const t = await table();
    const f1 = await t.facilitator('進行役1');
    const f2 = await t.facilitator('進行役2');
    const a = await t.join('A', { affiliation: 'citizen' });
    const b = await t.join('B', { affiliation: 'company' });
    expect(f1.role).toBe('facilitator');
    expect(f2.role).toBe('facilitator');
    expect(f1.id).not.toBe(f2.id);

    expect(await f1.peer.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
    const secretA = marker('A');
    const secretB = marker('B');
    expect(await addNote(a, 'n_a', secretA)).toMatchObject({ ok: true });
    expect(await addNote(b, 'n_b', secretB, 300)).toMatchObject({ ok: true });
    expect(await f2.peer.send({ opId: opId(), type: 'voting.start', budget: 2, hidden: true })).toMatchObject({ ok: true });
    expect(await a.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_a' })).toMatchObject({ ok: true });
    expect(await b.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_b' })).toMatchObject({ ok: true });
    await t.barrier(f2);
    for (const f of [f1, f2]) {
      expect(f.peer.traffic()).toContain(secretA);
      expect(f.peer.traffic()).toContain(secretB);
      const votes = f.peer.entries.filter((e) => e.op?.type === 'vote.add').map((e) => e.by);
      expect(votes.sort()).toEqual([a.id, b.id].sort());
      expect(replicaOf(f).votes).toEqual({ n_a: { [a.id]: 1 }, n_b: { [b.id]: 1 } });
    }
    expect(a.peer.traffic()).not.toContain(secretB);
    // The other facilitator may close what the first one opened.
    expect(await f2.peer.send({ opId: opId(), type: 'writing.private', on: false })).toMatchObject({ ok: true });
    expect(await f1.peer.send({ opId: opId(), type: 'voting.end' })).toMatchObject({ ok: true });
    await t.expectConsistent();
    expect(a.peer.traffic()).toContain(secretB);
  });

  it('[F2][P1] the facilitator renames a participant: the presence list and the notes’ author follow', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const a = await t.join('旧姓', { affiliation: 'community' });
    const b = await t.join('B', { affiliation: 'school' });
    await addNote(a, 'n_a1', 'ひとつめ');
    await addNote(a, 'n_a2', 'ふたつめ', 300);
    await addNote(b, 'n_b', 'Bのふせん', 600);
    expect(await fac.peer.send({ opId: opId(), type: 'participant.update', id: a.id, name: '新姓' })).toMatchObject({ ok: true });
    for (const s of t.seats) {
      const list = await s.peer.waitFor(() => {
        const l = presence(s);
        return l?.some((p) => p.id === a.id && p.name === '新姓') ? l : undefined;
      });
      expect(list.some((p) => p.name === '旧姓')).toBe(false);
      expect(list.find((p) => p.id === b.id)?.name).toBe('B');
    }
    await t.expectConsistent();
    const server = await t.board();
    expect(server.notes.n_a1?.authorName).toBe('新姓');
    expect(server.notes.n_a2?.authorName).toBe('新姓');
    expect(server.notes.n_b?.authorName).toBe('B');
    for (const s of t.seats) expect(replicaOf(s).notes.n_a2?.authorName).toBe('新姓');
    expect(await fac.peer.send({ opId: opId(), type: 'participant.update', id: 'p_nobody', name: 'x' })).toMatchObject(refused('not_found'));
    expect(await fac.peer.send({ opId: opId(), type: 'participant.update', id: a.id, name: '' })).toMatchObject(refused('invalid'));
  });

  it('[F3][J3][P1] a removed participant’s sockets get bye and are closed, and its identity cannot come back', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const a = await t.join('退室者', { affiliation: 'citizen' });
    // A second tab of the same person.
    const a2 = await t.join('退室者', { participant: { id: a.id, secret: a.secret } });
    const b = await t.join('B', { affiliation: 'npo' });
    expect(a2.id).toBe(a.id);
    await addNote(a, 'n_a', '残るふせん');
    expect(await fac.peer.send({ opId: opId(), type: 'participant.update', id: a.id, removed: true })).toMatchObject({ ok: true });
    for (const s of [a, a2]) {
      await s.peer.waitFor(() => !s.peer.socket.connected);
      expect(s.peer.received.filter((r) => r.event === 'bye').map((r) => r.args[0])).toEqual([{ reason: 'removed' }]);
    }
    for (const s of [fac, b])
      await s.peer.waitFor(() => {
        const l = presence(s);
        return l && !l.some((p: PresenceEntry) => p.id === a.id) && l.some((p) => p.id === b.id);
      });
    expect(b.peer.socket.connected).toBe(true);

    const back = new Peer(srv.url);
    peers.push(back);
    expect(await back.join({ boardId: t.boardId, name: '退室者', participant: { id: a.id, secret: a.secret } })).toMatchObject(
      refused('forbidden'),
    );
    // What they wrote stays on the table.
    expect((await t.board()).notes.n_a?.text).toBe('残るふせん');
    expect(replicaOf(b).notes.n_a?.text).toBe('残るふせん');
    await t.expectConsistent();
  });
});

describe('timer', () => {
  it('[F4][J1] timer.start puts endsAt = server time + seconds·1000 into every view; timer.stop clears it', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const a = await t.join('A', { affiliation: 'citizen' });
    now += 1_000;
    const started = now;
    const ack = await fac.peer.send({ opId: opId(), type: 'timer.start', seconds: 90 });
    if (!ack.ok) throw new Error('timer.start');
    now += 5_000;
    await t.settled();
    for (const s of [fac, a]) {
      expect(s.peer.entries.find((e) => e.seq === ack.seq)).toMatchObject({ at: started, op: { type: 'timer.start', seconds: 90 } });
      expect(replicaOf(s).timer).toEqual({ endsAt: started + 90_000, seconds: 90 });
    }
    expect((await t.board()).timer.endsAt).toBe(started + 90_000);

    const late = new Peer(srv.url);
    peers.push(late);
    const joined = await late.join({ boardId: t.boardId, name: '遅刻' });
    if (!joined.ok || !('board' in joined)) throw new Error('join');
    // The client counts down from endsAt, corrected by how far its clock is from serverTime.
    expect(joined.serverTime).toBe(now);
    expect(joined.board.timer.endsAt).toBe(started + 90_000);
    late.close();

    expect(await fac.peer.send({ opId: opId(), type: 'timer.stop' })).toMatchObject({ ok: true });
    await t.expectConsistent();
    for (const s of [fac, a]) expect(replicaOf(s).timer.endsAt).toBeNull();
    for (const seconds of [0, -1, 1.5, 24 * 60 * 60 + 1])
      expect(await fac.peer.send({ opId: opId(), type: 'timer.start', seconds })).toMatchObject(refused('invalid'));
  });
});

describe('lock', () => {
  it('[O5][F5] a locked board refuses participants’ note and vote ops with locked; the facilitator still edits', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const a = await t.join('A', { affiliation: 'citizen' });
    const b = await t.join('B', { affiliation: 'npo' });
    await addNote(a, 'n_a', 'A');
    await fac.peer.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: false });
    expect(await a.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_a' })).toMatchObject({ ok: true });
    expect(await fac.peer.send({ opId: opId(), type: 'board.update', locked: true })).toMatchObject({ ok: true });
    await t.settled();
    expect(replicaOf(a).settings.locked).toBe(true);

    const before = await t.board();
    const heard = b.peer.entries.length;
    const edits = [
      { type: 'note.add', note: { id: 'n_new', text: 'x', x: 0, y: 0 } },
      { type: 'note.update', id: 'n_a', patch: { text: '変更' } },
      { type: 'note.move', moves: [{ id: 'n_a', x: 50, y: 50 }] },
      { type: 'note.delete', ids: ['n_a'] },
      { type: 'vote.add', noteId: 'n_a' },
      { type: 'vote.remove', noteId: 'n_a' },
    ];
    for (const op of edits) expect(await a.peer.send({ opId: opId(), ...op }), op.type).toMatchObject(refused('locked'));
    expect(await t.board()).toBe(before);
    await t.barrier(fac);
    expect(b.peer.entries.slice(heard).map((e) => e.op?.type)).toEqual(['focus']);

    expect(await fac.peer.send({ opId: opId(), type: 'note.update', id: 'n_a', patch: { text: '進行役が整理' } })).toMatchObject({ ok: true });
    expect(await fac.peer.send({ opId: opId(), type: 'note.add', note: { id: 'n_f', text: 'まとめ', x: 0, y: 300 } })).toMatchObject({ ok: true });
    expect(await fac.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_f' })).toMatchObject({ ok: true });

    expect(await fac.peer.send({ opId: opId(), type: 'board.update', locked: false })).toMatchObject({ ok: true });
    expect(await a.peer.send({ opId: opId(), type: 'note.move', moves: [{ id: 'n_a', x: 50, y: 50 }] })).toMatchObject({ ok: true });
    await t.expectConsistent();
    expect(replicaOf(b).notes.n_a).toMatchObject({ text: '進行役が整理', x: 50, y: 50 });
  });
});

describe('focus', () => {
  it('[F6] focus on a section or a point reaches every participant; an unknown section is not_found', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const a = await t.join('A', { affiliation: 'citizen' });
    const b = await t.join('B', { affiliation: 'government' });
    expect(await fac.peer.send(section('s_goal'))).toMatchObject({ ok: true });
    expect(await fac.peer.send({ opId: opId(), type: 'focus', sectionId: 's_missing' })).toMatchObject(refused('not_found'));
    const onSection = await fac.peer.send({ opId: opId(), type: 'focus', sectionId: 's_goal' });
    if (!onSection.ok) throw new Error('focus');
    await t.settled();
    for (const s of [a, b]) {
      expect(s.peer.entries.find((e) => e.seq === onSection.seq)?.op).toMatchObject({ type: 'focus', sectionId: 's_goal' });
      expect(replicaOf(s).focus).toEqual({ sectionId: 's_goal', at: now });
    }
    const onPoint = await fac.peer.send({ opId: opId(), type: 'focus', x: 1200, y: -300, zoom: 1.5 });
    if (!onPoint.ok) throw new Error('focus');
    await t.settled();
    for (const s of [a, b]) expect(replicaOf(s).focus).toEqual({ x: 1200, y: -300, zoom: 1.5, at: now });
    for (const bad of [{ x: 0, y: 0, zoom: 0 }, { x: 0, y: 0, zoom: 9 }, { x: 0, y: 0 }, { sectionId: 's_goal', x: 0, y: 0, zoom: 1 }])
      expect(await fac.peer.send({ opId: opId(), type: 'focus', ...bad })).toMatchObject(refused('invalid'));

    // Deleting the section everybody is looking at lets go of the focus.
    await fac.peer.send({ opId: opId(), type: 'focus', sectionId: 's_goal' });
    expect(await fac.peer.send({ opId: opId(), type: 'section.delete', id: 's_goal' })).toMatchObject({ ok: true });
    await t.expectConsistent();
    expect(replicaOf(a).focus).toBeNull();
  });
});

describe('anonymous mode', () => {
  it('[V3][V4][V5] participants get others’ notes without author and ops with by "", the facilitator keeps the names', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const a = await t.join('Aさん', { affiliation: 'citizen' });
    const b = await t.join('Bさん', { affiliation: 'government' });
    await addNote(b, 'n_b_before', '匿名前', 300);
    await addNote(a, 'n_a', 'Aのふせん');
    expect(await fac.peer.send({ opId: opId(), type: 'board.update', anonymous: true })).toMatchObject({ ok: true });
    await t.settled();
    for (const s of t.seats) expect(resets(s)).toHaveLength(1);
    const aReset = lastReset(a)!.board;
    expect(aReset.notes.find((n) => n.id === 'n_b_before')).toMatchObject({ authorId: '', authorName: '' });
    expect(aReset.notes.find((n) => n.id === 'n_a')).toMatchObject({ authorId: a.id, authorName: 'Aさん' });
    expect(lastReset(fac)!.board.notes.find((n) => n.id === 'n_b_before')).toMatchObject({ authorId: b.id, authorName: 'Bさん' });

    const heardA = a.peer.received.length;
    const add = await addNote(b, 'n_b', '匿名中', 600);
    const edit = await b.peer.send({ opId: opId(), type: 'note.update', id: 'n_b', patch: { text: '匿名中（修正）' } });
    const move = await b.peer.send({ opId: opId(), type: 'note.move', moves: [{ id: 'n_b_before', x: 900, y: 0 }] });
    if (!add.ok || !edit.ok || !move.ok) throw new Error('B edits');
    await t.barrier(fac);
    for (const seq of [add.seq, edit.seq, move.seq]) {
      expect(a.peer.entries.find((e) => e.seq === seq)?.by).toBe('');
      expect(fac.peer.entries.find((e) => e.seq === seq)?.by).toBe(b.id);
      expect(b.peer.entries.find((e) => e.seq === seq)?.by).toBe(b.id);
    }
    // Nothing A received while anonymous ties B to a note; presence still lists who is in the room.
    const heard = JSON.stringify(a.peer.received.slice(heardA));
    expect(heard).not.toContain(b.id);
    expect(presence(a)?.find((p) => p.id === b.id)?.name).toBe('Bさん');

    const c = await t.join('途中参加', { affiliation: 'company' });
    expect(c.view.notes.filter((n) => n.authorId !== '')).toEqual([]);
    expect(c.view.notes.every((n) => n.authorName === '')).toBe(true);
    expect(c.view.notes.every((n) => n.affiliation === 'other')).toBe(true);
    expect(BoardView.safeParse(c.view).success).toBe(true);
    await t.expectConsistent();

    expect(await fac.peer.send({ opId: opId(), type: 'board.update', anonymous: false })).toMatchObject({ ok: true });
    await t.expectConsistent();
    expect(lastReset(a)!.board.notes.find((n) => n.id === 'n_b')).toMatchObject({ authorId: b.id, authorName: 'Bさん' });
  });

  it('[V3][F9] anonymous votes arrive with by "" and every replica keeps the same tallies as the server', async () => {
    const t = await table();
    const fac = await t.facilitator();
    const voters = [];
    for (let i = 0; i < 4; i++) voters.push(await t.join(`V${i}`, { affiliation: 'citizen' }));
    await addNote(fac, 'n_1', '案1');
    await addNote(fac, 'n_2', '案2', 300);
    await fac.peer.send({ opId: opId(), type: 'board.update', anonymous: true });
    await fac.peer.send({ opId: opId(), type: 'voting.start', budget: 1, hidden: false });
    for (const v of voters) expect(await v.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_1' })).toMatchObject({ ok: true });
    expect(await voters[0]!.peer.send({ opId: opId(), type: 'vote.remove', noteId: 'n_1' })).toMatchObject({ ok: true });
    expect(await voters[0]!.peer.send({ opId: opId(), type: 'vote.add', noteId: 'n_2' })).toMatchObject({ ok: true });
    await t.expectConsistent();
    const server = await t.board();
    for (const v of voters) {
      const others = v.peer.entries.filter((e) => e.op?.type.startsWith('vote.') && e.by !== v.id);
      expect(others.length).toBeGreaterThan(0);
      expect(others.every((e) => e.by === '')).toBe(true);
      const replica = replicaOf(v);
      for (const n of ['n_1', 'n_2']) {
        const sum = (votes: Record<string, number> | undefined) => Object.values(votes ?? {}).reduce((x, y) => x + y, 0);
        expect(sum(replica.votes[n]), n).toBe(sum(server.votes[n]));
      }
      // Who voted for what stays with the voter.
      const ids = Object.values(replica.votes).flatMap((byP) => Object.keys(byP));
      expect(ids.filter((id) => id !== '' && id !== v.id)).toEqual([]);
    }
    const late = await t.join('途中参加');
    expect(late.view.votes).toEqual({ n_1: { '': 3 }, n_2: { '': 1 } });
    expect(BoardView.safeParse(late.view).success).toBe(true);
  });
});
