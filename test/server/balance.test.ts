import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Balance } from '../../shared/balance.js';
import type { Affiliation } from '../../shared/model.js';
import type { BoardSummary } from '../../shared/protocol.js';
import { createBoard, opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';
import { addNote, Table, type Seat } from './facilitation.fixtures.js';
import { bearer } from './workshop.fixtures.js';

// [T8–T11] The balance of voices as the server reports it, for a session played over real sockets.

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

async function summary(id: string, key?: string): Promise<{ status: number; body: BoardSummary }> {
  const res = await fetch(`${srv.url}/api/boards/${id}`, { headers: key ? bearer(key) : {} });
  return { status: res.status, body: (await res.json()) as BoardSummary };
}
const send = (s: Seat, op: Record<string, unknown>) => s.peer.send({ opId: opId(), ...op });
const ok = async (p: Promise<{ ok: boolean }>) => expect(await p).toMatchObject({ ok: true });

/** [participants, online, notes, votes] per affiliation, in AFFILIATIONS order. */
const table = (b: Balance) => b.rows.map((r) => [r.affiliation, r.participants, r.online, r.notes, r.votes]);

async function session() {
  const b = await createBoard(srv.url, { title: '協働セッション', template: 'same-table' });
  const t = new Table(srv, b.id, b.facilitatorKey, peers);
  const fac = await t.join('進行役', { facilitatorKey: b.facilitatorKey, affiliation: 'government' });
  const seat = (name: string, affiliation: Affiliation) => t.join(name, { affiliation });
  const s = {
    yamada: await seat('山田', 'citizen'),
    sato: await seat('佐藤', 'citizen'),
    suzuki: await seat('NPO 鈴木', 'npo'),
    takahashi: await seat('自治会 高橋', 'community'),
    ito: await seat('企業 伊藤', 'company'),
    tanaka: await seat('市役所 田中', 'government'),
    kimura: await seat('学校 木村', 'school'),
  };
  // Notes into the shared goal row (x 0–2540, y 0–440) and below it; where they are does not matter here.
  const writes: [Seat, number][] = [[s.yamada, 3], [s.sato, 1], [s.suzuki, 2], [s.takahashi, 1], [s.tanaka, 4], [s.kimura, 1], [fac, 1]];
  let n = 0;
  for (const [who, count] of writes) for (let i = 0; i < count; i++, n++) await ok(addNote(who, `n_${n}`, `意見 ${n}`, 20 + (n % 11) * 220, 60 + Math.floor(n / 11) * 160));
  return { b, t, fac, s };
}

const vote = (who: Seat, noteId: string) => ok(send(who, { type: 'vote.add', noteId }));

describe('balance of voices (どちらも主役)', () => {
  it('[T8][T9][T11] Balance figures are right for a scripted session with several affiliations', async () => {
    const { b, t, fac, s } = await session();
    await ok(send(fac, { type: 'voting.start', budget: 3, hidden: false }));
    for (const [who, dots] of [[s.yamada, 3], [s.sato, 2], [s.suzuki, 3], [s.takahashi, 1], [s.tanaka, 3], [s.kimura, 1], [fac, 1]] as const)
      for (let i = 0; i < dots; i++) await vote(who, `n_${i}`);
    // The school's member leaves the table; what it wrote and voted stays on the board.
    await ok(send(fac, { type: 'participant.update', id: s.kimura.id, removed: true }));
    s.sato.peer.close();
    s.ito.peer.close();
    await t.settled();

    const online = async () => (await summary(b.id)).body.balance.totals.online;
    for (let i = 0; i < 200 && (await online()) !== 4; i++) await new Promise((r) => setTimeout(r, 20));

    const { status, body } = await summary(b.id);
    expect(status).toBe(200);
    expect(body.participants).toBe(7); // H2 counts everybody not removed, the facilitator too
    expect(table(body.balance)).toStrictEqual([
      ['citizen', 2, 1, 4, 5],
      ['npo', 1, 1, 2, 3],
      ['community', 1, 1, 1, 1],
      ['company', 1, 0, 0, 0],
      ['government', 1, 1, 4, 3],
      ['school', 0, 0, 1, 1],
      ['other', 0, 0, 0, 0],
    ]);
    expect(body.balance.totals).toStrictEqual({ participants: 6, online: 4, notes: 12, votes: 13 });
    expect(body.balance.facilitators).toStrictEqual({ participants: 1, online: 1, notes: 1, votes: 1 });
    expect(body.balance.unattributed).toStrictEqual({ notes: 0 });
    expect(body.balance.votesHidden).toBe(false);
    const citizen = body.balance.rows[0]!;
    expect(citizen.share).toStrictEqual({ participants: 2 / 6, online: 1 / 4, notes: 4 / 12, votes: 5 / 13 });
  });

  it('[T10] while a hidden round is open nobody without the key learns who voted: every vote figure is null', async () => {
    const { b, fac, s } = await session();
    await ok(send(fac, { type: 'voting.start', budget: 2, hidden: true }));
    await vote(s.yamada, 'n_0');
    await vote(s.yamada, 'n_1');
    await vote(s.ito, 'n_2');

    const open = (await summary(b.id)).body.balance;
    expect(open.votesHidden).toBe(true);
    expect(open.rows.every((r) => r.votes === null && r.share.votes === null)).toBe(true);
    expect([open.totals.votes, open.facilitators.votes]).toStrictEqual([null, null]);
    expect(JSON.stringify(open)).not.toMatch(/"votes":[1-9]/);
    // Counts of people and notes are no secret of the round.
    expect(open.totals.notes).toBe(12);

    // The facilitator sees everything (V5).
    const forFacilitator = (await summary(b.id, b.facilitatorKey)).body.balance;
    expect(forFacilitator.votesHidden).toBe(false);
    expect(table(forFacilitator).filter(([, , , , v]) => v).map(([a, , , , v]) => [a, v])).toStrictEqual([
      ['citizen', 2],
      ['company', 1],
    ]);
    expect((await summary(b.id, 'x'.repeat(43))).status).toBe(403);

    await ok(send(fac, { type: 'voting.end' }));
    const ended = (await summary(b.id)).body.balance;
    expect(ended.votesHidden).toBe(false);
    expect(ended.totals.votes).toBe(3);
  });

  it('[T9] during private writing the counts of notes per affiliation are given, not the notes', async () => {
    const { b, fac, s } = await session();
    await ok(send(fac, { type: 'writing.private', on: true }));
    await ok(addNote(s.ito, 'n_secret', 'ひみつの意見', 20, 700));
    const body = (await summary(b.id)).body;
    expect(body.balance.rows.find((r) => r.affiliation === 'company')!.notes).toBe(1);
    expect(JSON.stringify(body)).not.toContain('ひみつの意見');
  });
});
