import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Note } from '../../shared/model.js';
import { overlaps, sectionSlots } from '../../shared/placement.js';
import { boardFromView } from '../../shared/view.js';
import { createBoard, opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { replicaOf, Table, type Seat } from './facilitation.fixtures.js';

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

async function sameTableBoard(): Promise<Table> {
  const b = await createBoard(srv.url, { title: '置き場所', template: 'same-table' });
  return new Table(srv, b.id, b.facilitatorKey, peers);
}

function expectApart(notes: Note[]) {
  for (let i = 0; i < notes.length; i++)
    for (let j = i + 1; j < notes.length; j++) expect(overlaps(notes[i]!, notes[j]!), `${notes[i]!.id} / ${notes[j]!.id}`).toBe(false);
}

/** What a client that sees only its own notes would guess: the first cell of the section that its own board has free. */
function guess(seat: Seat, sectionId: string) {
  const mine = boardFromView(seat.view);
  const section = mine.sections[sectionId]!;
  return sectionSlots(section).find((p) => !Object.values(mine.notes).some((n) => overlaps(n, { ...p, width: 200, height: 140 })))!;
}

describe('[N1] the server settles where a new note goes', () => {
  it('[N1][V1][V5][O3] three participants add at once during private writing, wishing the same cell: no two notes overlap', async () => {
    const t = await sameTableBoard();
    const fac = await t.facilitator();
    const writers = [await t.join('A', { affiliation: 'npo' }), await t.join('B', { affiliation: 'npo' }), await t.join('C', { affiliation: 'npo' })];
    const npo = Object.values((await t.board()).sections).find((s) => s.affiliation === 'npo')!;
    expect(await fac.peer.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
    await t.settled();

    const wish = guess(writers[0]!, npo.id);
    const ops = writers.map((w, i) => ({
      opId: opId(),
      type: 'note.add',
      note: { id: `n_free_${i}`, text: `ひみつ${i}`, x: wish.x, y: wish.y, sectionId: npo.id },
      place: 'free',
    }));
    const acks = await Promise.all(writers.map((w, i) => w.peer.send(ops[i])));
    expect(acks.every((a) => a.ok)).toBe(true);
    await t.barrier(fac);

    const board = await t.board();
    const added = ops.map((o) => board.notes[o.note.id]!);
    expectApart(added);
    for (const n of added) expect(n.sectionId).toBe(npo.id);
    // Exactly one of them keeps the cell everybody wished for; the others took the next free ones.
    expect(added.filter((n) => n.x === wish.x && n.y === wish.y)).toHaveLength(1);

    for (const [i, w] of writers.entries()) {
      const own = w.peer.entries.find((e) => e.op?.type === 'note.add' && e.op.note.id === ops[i]!.note.id)!;
      expect(own.op, 'the confirmed op carries the settled spot and no place').toStrictEqual({
        opId: ops[i]!.opId,
        type: 'note.add',
        note: { ...ops[i]!.note, x: added[i]!.x, y: added[i]!.y },
      });
      const replica = replicaOf(w);
      expect(Object.keys(replica.notes)).toEqual([ops[i]!.note.id]);
      expect(replica.notes[ops[i]!.note.id]).toMatchObject({ x: added[i]!.x, y: added[i]!.y });
    }
    const seenByFac = Object.values(replicaOf(fac).notes);
    expect(seenByFac).toHaveLength(3);
    expectApart(seenByFac);
    await t.expectConsistent();

    // The same op again is the same op: acknowledged with its seq, nothing moves, nothing is added.
    const again = await writers[2]!.peer.send(ops[2]);
    expect(again).toEqual(acks[2]);
    expect(Object.keys((await t.board()).notes)).toHaveLength(3);

    // What the log keeps, and a restart replays, is the settled op.
    const log = await readFile(path.join(srv.dataDir, 'boards', `${t.boardId}.log`), 'utf8');
    const lines = log.trim().split('\n').map((l) => JSON.parse(l) as { op: { type: string; place?: string; note?: { id: string; x: number; y: number } } });
    const logged = lines.filter((l) => l.op.type === 'note.add').map((l) => l.op);
    expect(logged).toHaveLength(3);
    for (const op of logged) {
      expect(op).not.toHaveProperty('place');
      expect(op.note).toMatchObject({ x: board.notes[op.note!.id]!.x, y: board.notes[op.note!.id]!.y });
    }
  });

  it('[N1] a free note never lands on a note its author cannot see, and without a section it stays near its own x/y', async () => {
    const t = await sameTableBoard();
    const fac = await t.facilitator();
    const a = await t.join('A', { affiliation: 'school' });
    const far = { x: 9000, y: 9000 };
    expect(await fac.peer.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
    expect(await fac.peer.send({ opId: opId(), type: 'note.add', note: { id: 'n_fac', text: '', ...far } })).toMatchObject({ ok: true });
    expect(await a.peer.send({ opId: opId(), type: 'note.add', note: { id: 'n_a', text: '', ...far }, place: 'free' })).toMatchObject({ ok: true });
    const board = await t.board();
    expect(overlaps(board.notes['n_a']!, board.notes['n_fac']!)).toBe(false);
    expect(Math.hypot(board.notes['n_a']!.x - far.x, board.notes['n_a']!.y - far.y)).toBeLessThanOrEqual(240);
    expect(board.notes['n_a']!.sectionId).toBeNull();
  });

  it('[N1][O4] place takes only "free"', async () => {
    const t = await sameTableBoard();
    const a = await t.join('A');
    const ack = await a.peer.send({ opId: opId(), type: 'note.add', note: { id: 'n_x', text: '', x: 0, y: 0 }, place: 'anywhere' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await t.board()).notes).toEqual({});
  });
});
