import { gunzipSync } from 'node:zlib';
import { io as ioc } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/model.js';
import type { JoinAck, JoinRequest } from '../../shared/protocol.js';
import { applyOp, withSeq } from '../../shared/reducer.js';
import { boardFromView, viewFor, type BoardView, type EntryView } from '../../shared/view.js';
import { createBoard, FLOOD_ALLOWED, opId, Peer, serverWorld } from '../helpers/server.js';
import { exportSnapshot, postImport } from './workshop.fixtures.js';

const world = serverWorld({ limits: FLOOD_ALLOWED });
const peer = () => {
  const p = new Peer(world.srv.url);
  world.peers.push(p);
  return p;
};

type Gzipped = { ok: true; seq: number; boardGzip: Uint8Array; you: { id: string; secret: string; role: string }; serverTime: number };

/** The answer as a client decodes it: the gzip member, as UTF-8 JSON. */
const gunzipped = (ack: JoinAck): { text: string; board: BoardView } => {
  if (!ack.ok || !('boardGzip' in ack)) throw new Error(`no boardGzip in ${JSON.stringify(ack).slice(0, 200)}`);
  const text = gunzipSync(Buffer.from(ack.boardGzip as Uint8Array)).toString('utf8');
  return { text, board: JSON.parse(text) as BoardView };
};

/** Joins, recording the ack in `received` at the moment it arrives, among the events. */
const joinRecorded = async (p: Peer, req: JoinRequest): Promise<JoinAck> => {
  await p.connected();
  return new Promise((resolve) =>
    p.socket.emit('join', req, (ack: JoinAck) => {
      p.received.push({ event: 'ack', args: [ack] });
      if (ack.ok) p.you = ack.you;
      resolve(ack);
    }),
  );
};

const serverBoard = async (id: string): Promise<Board> => {
  const room = await world.srv.app.registry.get(id);
  if (!room) throw new Error('no room');
  return room.board;
};

const note = (id: string, text: string, x = 0, y = 0) => ({ id, text, x, y });
const add = (p: Peer, id: string, text: string, x = 0, y = 0) => p.send({ opId: opId(), type: 'note.add', note: note(id, text, x, y) });

/** Confirmed entries applied in seq order as a client does; entries it already has are skipped. */
function replay(start: Board, entries: EntryView[]): Board {
  let board = start;
  for (const e of entries) {
    if (e.seq <= board.seq) continue;
    expect(e.seq).toBe(board.seq + 1);
    if (e.op) {
      const res = applyOp(board, e.op, { actor: { id: e.by, role: 'facilitator' }, at: e.at, trusted: true });
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      board = res.board;
    }
    board = withSeq(board, e.seq);
  }
  return board;
}

describe('gzipped join answer', () => {
  it('[J7] the gzip answer gunzips to exactly the board the plain answer carries for the same viewer', async () => {
    const b = await createBoard(world.srv.url, { title: '圧縮の確認' });
    const a = peer();
    const first = await a.join({ boardId: b.id, name: '山田', affiliation: 'npo' });
    if (!first.ok) throw new Error('join');
    for (let i = 0; i < 30; i++) await add(a, `n_${i}`, `ふせん ${i}: まちの未来について`, i * 220, 0);
    const who = { id: first.you.id, secret: first.you.secret };

    const zipped = await peer().join({ boardId: b.id, name: '山田', affiliation: 'npo', participant: who, encoding: 'gzip' });
    expect(zipped).not.toHaveProperty('board');
    expect(zipped).toMatchObject({ ok: true, you: { id: first.you.id, role: 'participant' }, serverTime: expect.any(Number) });
    const { text, board } = gunzipped(zipped);
    // Byte for byte what the plain answer serialises: this viewer's view at the answer's seq.
    expect(board.seq).toBe((zipped as Gzipped).seq);
    expect(text).toBe(JSON.stringify(viewFor(await serverBoard(b.id), { id: first.you.id, role: 'participant' })));
    expect(board.notes).toHaveLength(30);

    // The plain answer of the next join (which changes nothing but the seq) carries the same board.
    const plain = await peer().join({ boardId: b.id, name: '山田', affiliation: 'npo', participant: who });
    if (!plain.ok || !('board' in plain)) throw new Error('plain join');
    expect(plain).not.toHaveProperty('boardGzip');
    expect(plain.board).toEqual({ ...board, seq: board.seq + 1 });
  });

  it('[J7][V1][V2][V5] private notes and hidden votes stay redacted per viewer in the gzip form', async () => {
    const b = await createBoard(world.srv.url, { title: '秘密の確認' });
    const fac = peer();
    const facAck = await fac.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey });
    const pa = peer();
    const pb = peer();
    const aAck = await pa.join({ boardId: b.id, name: 'A', affiliation: 'citizen' });
    const bAck = await pb.join({ boardId: b.id, name: 'B', affiliation: 'company' });
    if (!facAck.ok || !aAck.ok || !bAck.ok) throw new Error('join');
    expect(await add(pa, 'n_a0', 'Aの公開ふせん')).toMatchObject({ ok: true });
    expect(await fac.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: true })).toMatchObject({ ok: true });
    expect(await pb.send({ opId: opId(), type: 'vote.add', noteId: 'n_a0' })).toMatchObject({ ok: true });
    expect(await pa.send({ opId: opId(), type: 'vote.add', noteId: 'n_a0' })).toMatchObject({ ok: true });
    expect(await fac.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
    const secretB = 'Bだけの秘密のふせん-' + opId();
    expect(await add(pb, 'n_b', secretB, 300)).toMatchObject({ ok: true });
    expect(await add(pa, 'n_a1', 'Aの下書き', 600)).toMatchObject({ ok: true });

    // The facilitator's view first, so the kept answer of this board is the full one.
    const facZip = gunzipped(await peer().join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey, participant: { id: facAck.you.id, secret: facAck.you.secret }, encoding: 'gzip' }));
    expect(facZip.text).toContain(secretB);
    expect(facZip.board.votes).toEqual({ n_a0: { [aAck.you.id]: 1, [bAck.you.id]: 1 } });

    const aZip = gunzipped(await peer().join({ boardId: b.id, name: 'A', participant: { id: aAck.you.id, secret: aAck.you.secret }, encoding: 'gzip' }));
    expect(aZip.text).not.toContain(secretB);
    expect(aZip.text).not.toContain(bAck.you.id + '":');
    expect(aZip.board.notes.map((n) => n.id).sort()).toEqual(['n_a0', 'n_a1']);
    expect(aZip.board.hiddenNotes).toBe(1);
    expect(aZip.board.votes).toEqual({ n_a0: { [aAck.you.id]: 1 } });
    expect(aZip.board.notes.find((n) => n.id === 'n_a0')?.votes).toBe(1);

    // A participant who has written nothing sees no note and no vote at all.
    const cZip = gunzipped(await peer().join({ boardId: b.id, name: 'C', affiliation: 'school', encoding: 'gzip' }));
    expect(cZip.board.notes).toEqual([]);
    expect(cZip.board.hiddenNotes).toBe(3);
    expect(cZip.board.votes).toEqual({});
    expect(cZip.text).not.toContain(secretB);
  });

  it('[J7] over long-polling, before any upgrade, the gzip answer arrives whole', async () => {
    const b = await createBoard(world.srv.url, { title: 'ポーリング' });
    const w = peer();
    await w.join({ boardId: b.id, name: 'W' });
    for (let i = 0; i < 20; i++) await add(w, `n_${i}`, `長いふせん ${i} `.repeat(40));
    const polling = ioc(world.srv.url, { transports: ['polling'], forceNew: true, reconnection: false });
    try {
      const ack = (await polling.timeout(10_000).emitWithAck('join', { boardId: b.id, name: '電話', encoding: 'gzip' })) as JoinAck;
      const { board } = gunzipped(ack);
      expect(board.notes).toHaveLength(20);
      expect(board.notes.find((n) => n.id === 'n_3')?.text).toBe('長いふせん 3 '.repeat(40));
    } finally {
      polling.close();
    }
  });

  it('[J7][J4] with since and every op still held, the answer is the ops catch-up, not a board', async () => {
    const b = await createBoard(world.srv.url);
    const a = peer();
    const first = await a.join({ boardId: b.id, name: 'A', affiliation: 'citizen' });
    if (!first.ok) throw new Error('join');
    const w = peer();
    await w.join({ boardId: b.id, name: 'W' });
    await add(w, 'n_1', 'いち');
    await add(w, 'n_2', 'に');
    const back = await peer().join({ boardId: b.id, name: 'A', participant: { id: first.you.id, secret: first.you.secret }, since: first.seq, encoding: 'gzip' });
    if (!back.ok || !('ops' in back)) throw new Error(`expected ops, got ${JSON.stringify(back).slice(0, 200)}`);
    expect(back).not.toHaveProperty('boardGzip');
    expect(back).not.toHaveProperty('board');
    expect(back.ops.map((e) => e.seq)).toEqual(Array.from({ length: back.seq - first.seq }, (_, i) => first.seq + 1 + i));
    expect(back.ops.filter((e) => e.op?.type === 'note.add').map((e) => e.op?.type === 'note.add' && e.op.note.id)).toEqual(['n_1', 'n_2']);

    // A since the server cannot serve falls back to the whole board, gzipped as asked.
    const far = await peer().join({ boardId: b.id, name: 'A', participant: { id: first.you.id, secret: first.you.secret }, since: 10_000, encoding: 'gzip' });
    expect(gunzipped(far).board.notes.map((n) => n.id).sort()).toEqual(['n_1', 'n_2']);
  });

  it('[J7][J1] a join that does not ask for gzip is answered as before, with the board as JSON', async () => {
    const b = await createBoard(world.srv.url, { title: 'そのまま' });
    const ack = await peer().join({ boardId: b.id, name: '田中' });
    expect(ack).not.toHaveProperty('boardGzip');
    expect(ack).toMatchObject({ ok: true, board: { title: 'そのまま', seq: expect.any(Number) }, serverTime: expect.any(Number) });
  });

  it('[J7][J6] an encoding other than gzip is refused with invalid, and changes nothing', async () => {
    const b = await createBoard(world.srv.url);
    const p = peer();
    await p.connected();
    for (const encoding of ['deflate', 'br', 'GZIP', '', true, 1, null, ['gzip']]) {
      const ack = await p.socket.timeout(5000).emitWithAck('join', { boardId: b.id, name: 'x', encoding } as never);
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
    expect(Object.keys((await serverBoard(b.id)).participants)).toEqual([]);
  });

  it.each([
    ['[J7][O2] ops confirmed while answers are compressed reach each joiner after its answer, in order, without gaps', false],
    ['[J7][O2][V2] during a hidden round, votes confirmed while answers are compressed reach each joiner redacted, after its answer', true],
  ])('%s', async (_name, secretly) => {
    // A board large and varied enough that compressing it outlasts a few group commits of the op log.
    const made = await createBoard(world.srv.url, { title: '同時に' });
    const snapshot = await exportSnapshot(world.srv, made.id, made.facilitatorKey);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const text = () => Array.from({ length: 300 }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * 5000))).join('');
    const notes: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++)
      notes[`n_${i}`] = { id: `n_${i}`, text: text(), x: (i % 40) * 220, y: Math.floor(i / 40) * 160, width: 200, height: 140, color: '#fff59d', sectionId: null, authorId: 'template', authorName: '例', affiliation: 'other', createdAt: 1, updatedAt: 1 };
    const res = await postImport(world.srv, JSON.stringify({ ...snapshot, board: { ...snapshot.board, notes } }));
    expect(res.status).toBe(201);
    const b = (await res.json()) as { id: string; facilitatorKey: string };
    const w = peer();
    const wAck = await w.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey });
    if (!wAck.ok) throw new Error('join');
    if (secretly) expect(await w.send({ opId: opId(), type: 'voting.start', budget: 20, hidden: true })).toMatchObject({ ok: true });

    // An open-loop stream of moves (or of the facilitator's secret dots), so that group commits keep
    // completing while answers are compressed.
    const sent: Promise<unknown>[] = [];
    let r = 0;
    const stream = setInterval(() => {
      for (let k = 0; k < 4; k++, r++) {
        const id = `n_${Math.floor(r / 2) % 1000}`;
        const op = !secretly
          ? { type: 'note.move', moves: [{ id: `n_${r % 1000}`, x: r, y: k }] }
          : { type: r % 2 ? 'vote.remove' : 'vote.add', noteId: id };
        sent.push(w.send({ opId: opId(), ...op }));
      }
    }, 2);
    const joiners = Array.from({ length: 8 }, () => peer());
    const acks = await Promise.all(
      joiners.map(async (p, i) => {
        await new Promise((res) => setTimeout(res, i * 20));
        return joinRecorded(p, { boardId: b.id, name: `参加者${i}`, encoding: 'gzip' });
      }),
    );
    clearInterval(stream);
    await Promise.all(sent);
    // One more op from the writer marks the end: everybody has everything before it once they have it.
    const last = await add(w, 'n_last', 'おわり');
    if (!last.ok) throw new Error('last');
    const final = await serverBoard(b.id);

    for (const [i, p] of joiners.entries()) {
      const ack = acks[i]!;
      if (!ack.ok) throw new Error('join');
      await p.waitFor(() => p.entries.some((e) => e.seq === last.seq));
      const ops = p.received.filter((r) => r.event === 'op' || r.event === 'ack' || r.event === 'reset');
      // The answer comes first: nothing of the board reaches a joiner before it.
      expect(ops[0]?.event).toBe('ack');
      const { board } = gunzipped(ack);
      const after = p.received.flatMap((r) => (r.event === 'op' ? [r.args[0] as EntryView] : []));
      const fresh = after.filter((e) => e.seq > board.seq);
      expect(fresh.map((e) => e.seq)).toEqual(Array.from({ length: last.seq - board.seq }, (_, k) => board.seq + 1 + k));
      if (secretly) {
        expect(board.votes).toEqual({});
        // Others joining is news to everybody; the facilitator's dots are not.
        for (const e of after) if (e.op?.type !== 'participant.join' && e.seq !== last.seq) expect(e).toEqual({ seq: e.seq, by: '', at: expect.any(Number), op: null });
      }
      // And the joiner's replica ends where the server is, as this viewer may see it.
      const replica = replay(boardFromView(board), after);
      expect(replica.seq).toBe(final.seq);
      expect(replica.notes).toEqual(boardFromView(viewFor(final, { id: ack.you.id, role: 'participant' })).notes);
    }
  });
});
