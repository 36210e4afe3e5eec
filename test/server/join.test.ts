import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
const peers: Peer[] = [];
const peer = () => {
  const p = new Peer(srv.url);
  peers.push(p);
  return p;
};
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  for (const p of peers) p.close();
  await srv.stop();
  await removeDir(srv.dataDir);
});

describe('join', () => {
  it('[J1] a first join creates an identity and returns the board', async () => {
    const b = await createBoard(srv.url, { title: '地域の未来' });
    const ack = await peer().join({ boardId: b.id, name: '山田', affiliation: 'npo' });
    expect(ack.ok).toBe(true);
    if (!ack.ok || !('board' in ack)) throw new Error(`the join answer carries no board: ${JSON.stringify(ack)}`);
    expect(ack.you.role).toBe('participant');
    expect(ack.you.secret.length).toBeGreaterThanOrEqual(22);
    expect(ack.board.title).toBe('地域の未来');
    expect(ack.board.participants.map((p) => p.name)).toContain('山田');
    expect(JSON.stringify(ack.board)).not.toContain(ack.you.secret);
    expect(typeof ack.serverTime).toBe('number');
  });

  it('[J2] the same participant id and secret resume that identity, and keep its notes', async () => {
    const b = await createBoard(srv.url);
    const a = peer();
    const first = await a.join({ boardId: b.id, name: '佐藤', affiliation: 'citizen' });
    if (!first.ok) throw new Error('join');
    await a.send({ opId: opId(), type: 'note.add', note: { id: 'n_mine', text: '私のふせん', x: 0, y: 0 } });
    a.close();
    const again = await peer().join({ boardId: b.id, name: '佐藤', participant: { id: first.you.id, secret: first.you.secret } });
    if (!again.ok || !('board' in again)) throw new Error('resume');
    expect(again.you.id).toBe(first.you.id);
    expect(again.board.notes.find((n) => n.id === 'n_mine')?.authorId).toBe(first.you.id);
    expect(again.board.participants.filter((p) => p.name === '佐藤')).toHaveLength(1);
  });

  it('[J3] a wrong participant secret is refused with forbidden', async () => {
    const b = await createBoard(srv.url);
    const first = await peer().join({ boardId: b.id, name: '鈴木', affiliation: 'company' });
    if (!first.ok) throw new Error('join');
    const ack = await peer().join({ boardId: b.id, name: '偽物', participant: { id: first.you.id, secret: 'x'.repeat(32) } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('[J5] the facilitator key joins as facilitator; a wrong key is refused', async () => {
    const b = await createBoard(srv.url);
    const ok = await peer().join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey });
    expect(ok.ok && ok.you.role).toBe('facilitator');
    const bad = await peer().join({ boardId: b.id, name: '進行役', facilitatorKey: 'A'.repeat(43) });
    expect(bad).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('[J6] an unknown board is not_found and a malformed join is invalid', async () => {
    expect(await peer().join({ boardId: 'bNoSuchBoard', name: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const p = peer();
    await p.connected();
    for (const bad of [null, 42, {}, { boardId: 'b1', name: '' }, { boardId: 'b1', name: 'x'.repeat(41) }, { boardId: 'b1', name: 'x', extra: 1 }]) {
      const ack = await p.socket.timeout(5000).emitWithAck('join', bad as never);
      expect(ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });

  it('[J4] join with since returns exactly the missed ops', async () => {
    const b = await createBoard(srv.url);
    const a = peer();
    const first = await a.join({ boardId: b.id, name: 'A', affiliation: 'citizen' });
    if (!first.ok) throw new Error('join');
    const seen = first.seq;
    a.close();
    const w = peer();
    await w.join({ boardId: b.id, name: 'W', affiliation: 'government' });
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ack = await w.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}`, text: `${i}`, x: i, y: 0 } });
      if (ack.ok) sent.push(ack.seq);
    }
    const back = await peer().join({ boardId: b.id, name: 'A', participant: { id: first.you.id, secret: first.you.secret }, since: seen });
    if (!back.ok || !('ops' in back)) throw new Error('expected ops');
    const seqs = back.ops.map((e) => e.seq);
    // W's own join came after A's, then five notes; nothing before `seen`, nothing twice.
    expect(seqs[0]).toBe(seen + 1);
    expect(seqs).toEqual(Array.from({ length: back.seq - seen }, (_, i) => seen + 1 + i));
    expect(seqs).toEqual(expect.arrayContaining(sent));
  });

  it('[J4] since newer than the board gets the full board', async () => {
    const b = await createBoard(srv.url);
    const ack = await peer().join({ boardId: b.id, name: 'A', since: 999 });
    expect(ack.ok && 'board' in ack).toBe(true);
  });
});

describe('presence', () => {
  it('[P1] everybody receives the participant list with who is online', async () => {
    const b = await createBoard(srv.url);
    const a = peer();
    await a.join({ boardId: b.id, name: '一郎', affiliation: 'community' });
    const c = peer();
    const cAck = await c.join({ boardId: b.id, name: '二郎', affiliation: 'school' });
    const list = await a.waitFor(() => {
      const last = [...a.received].reverse().find((r) => r.event === 'participants');
      const l = last?.args[0] as { name: string; online: boolean }[] | undefined;
      return l?.some((p) => p.name === '二郎') ? l : undefined;
    });
    expect(list.find((p) => p.name === '二郎')?.online).toBe(true);
    c.close();
    await a.waitFor(() => {
      const last = [...a.received].reverse().find((r) => r.event === 'participants');
      const l = last?.args[0] as { id: string; online: boolean }[];
      return cAck.ok && l.find((p) => p.id === cAck.you.id)?.online === false;
    });
  });

  it('[P2] cursors reach the others with the sender id, throttled and never malformed', async () => {
    const b = await createBoard(srv.url);
    const a = peer();
    const aAck = await a.join({ boardId: b.id, name: 'A' });
    const c = peer();
    await c.join({ boardId: b.id, name: 'C' });
    for (let i = 0; i < 50; i++) a.socket.emit('cursor', { x: i, y: i });
    a.socket.emit('cursor', { x: NaN, y: 1 } as never);
    await new Promise((r) => setTimeout(r, 300));
    const cursors = c.received.filter((r) => r.event === 'cursor').map((r) => r.args[0] as { id: string; x: number });
    expect(cursors.length).toBeGreaterThan(0);
    // 50 sent in one burst: the 20/s throttle lets only a few through.
    expect(cursors.length).toBeLessThan(10);
    expect(cursors.every((cu) => aAck.ok && cu.id === aAck.you.id && Number.isFinite(cu.x))).toBe(true);
    expect(a.received.some((r) => r.event === 'cursor')).toBe(false);
  });
});
