import { describe, expect, it } from 'vitest';
import { createBoard, opId, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld();

async function board() {
  const b = await createBoard(world.srv.url);
  const fac = new Peer(world.srv.url);
  const a = new Peer(world.srv.url);
  const c = new Peer(world.srv.url);
  world.peers.push(fac, a, c);
  await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
  await a.join({ boardId: b.id, name: 'A', affiliation: 'citizen' });
  await c.join({ boardId: b.id, name: 'C', affiliation: 'npo' });
  return { b, fac, a, c };
}

describe('ops', () => {
  it('[O1][O2] an op is acked with its seq and broadcast to everybody, the sender too', async () => {
    const { a, c, fac } = await board();
    const ack = await a.send({ opId: opId(), type: 'note.add', note: { id: 'n_1', text: 'こんにちは', x: 10, y: 20 } });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    for (const p of [a, c, fac]) {
      const e = await p.waitFor(() => p.entries.find((x) => x.seq === ack.seq));
      expect(e.op).toMatchObject({ type: 'note.add', note: { id: 'n_1', text: 'こんにちは' } });
      expect(e.by).toBe(a.you!.id);
    }
  });

  it('[O3] a resent opId is applied once and the second ack repeats the first', async () => {
    const { a, c } = await board();
    const op = { opId: opId(), type: 'note.add', note: { id: 'n_dup', text: '一度だけ', x: 0, y: 0 } };
    const [first, second] = await Promise.all([a.send(op), a.send(op)]);
    const third = await a.send(op);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.entries.filter((e) => e.op?.type === 'note.add' && e.op.note.id === 'n_dup')).toHaveLength(1);
    const refused = { opId: opId(), type: 'note.delete', ids: ['n_none'] };
    expect(await a.send(refused)).toEqual(await a.send(refused));
  });

  it('[O4][E1] a malformed op is invalid and reaches nobody', async () => {
    const { a, c } = await board();
    const before = c.received.length;
    const bad = [
      null,
      'note.add',
      { opId: opId(), type: 'note.explode' },
      { opId: opId(), type: 'note.add', note: { id: 'n_x', text: 'x', x: NaN, y: 0 } },
      { opId: opId(), type: 'note.add', note: { id: 'n_x', text: 'x'.repeat(2001), x: 0, y: 0 } },
      { opId: opId(), type: 'note.add', note: { id: 'n_x', text: 'x', x: 0, y: 0, evil: true } },
      { opId: opId(), type: 'participant.join', participant: { id: 'p_x', name: 'x', affiliation: 'citizen', role: 'facilitator' } },
    ];
    for (const op of bad) expect(await a.send(op)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    await new Promise((r) => setTimeout(r, 100));
    expect(c.received.length).toBe(before);
  });

  it('[O5] facilitator-only ops from a participant are forbidden; locked refuses participants only', async () => {
    const { a, fac } = await board();
    const facOnly = [
      { type: 'board.update', title: '乗っ取り' },
      { type: 'section.add', section: { id: 's_x', title: 'x', x: 0, y: 0, width: 100, height: 100 } },
      { type: 'writing.private', on: true },
      { type: 'voting.start', budget: 3, hidden: true },
      { type: 'timer.start', seconds: 60 },
      { type: 'focus', x: 0, y: 0, zoom: 1 },
    ];
    for (const op of facOnly) expect(await a.send({ opId: opId(), ...op })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await fac.send({ opId: opId(), type: 'board.update', locked: true })).toMatchObject({ ok: true });
    expect(await a.send({ opId: opId(), type: 'note.add', note: { id: 'n_l', text: 'x', x: 0, y: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(await fac.send({ opId: opId(), type: 'note.add', note: { id: 'n_f', text: 'x', x: 0, y: 0 } })).toMatchObject({ ok: true });
  });

  it('[O7] an op before join is forbidden', async () => {
    const p = new Peer(world.srv.url);
    world.peers.push(p);
    await p.connected();
    expect(await p.send({ opId: opId(), type: 'note.add', note: { id: 'n_1', text: 'x', x: 0, y: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('http', () => {
  it('[H1] create returns an unguessable id and key, a six-digit code and LAN-ready URLs', async () => {
    const b = await createBoard(world.srv.url, { title: 'まちづくり' });
    expect(b.code).toMatch(/^\d{6}$/);
    expect(b.id.length).toBeGreaterThanOrEqual(22);
    expect(b.facilitatorKey.length).toBeGreaterThanOrEqual(22);
    expect(b.urls.join).toBe(`${world.srv.url}/b/${b.id}`);
    expect(b.urls.facilitate).toBe(`${world.srv.url}/b/${b.id}#key=${b.facilitatorKey}`);
  });

  it('[H1] a bad body or unknown template is a 400 with a message', async () => {
    for (const body of ['{"title":', JSON.stringify({ template: 'nope' }), JSON.stringify({ title: 5 }), JSON.stringify({ title: 'x'.repeat(201) })]) {
      const res = await fetch(`${world.srv.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(json.error.code).toBe('invalid');
      expect(json.error.message.length).toBeGreaterThan(0);
    }
  });

  it('[H2] the public summary has no secrets; unknown ids are 404', async () => {
    const b = await createBoard(world.srv.url, { title: '公開' });
    const res = await fetch(`${world.srv.url}/api/boards/${b.id}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ id: b.id, title: '公開', code: b.code });
    expect(text).not.toContain(b.facilitatorKey);
    expect((await fetch(`${world.srv.url}/api/boards/bUnknown`)).status).toBe(404);
  });

  it('[H3] a join code finds its board; unknown codes are 404; floods are rate limited', async () => {
    const b = await createBoard(world.srv.url);
    expect(await (await fetch(`${world.srv.url}/api/join/${b.code}`)).json()).toEqual({ id: b.id });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetch(`${world.srv.url}/api/join/000000`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 404 || s === 200)).toBe(true);
  });

  it('[H4][H5] templates include blank; healthz answers', async () => {
    const t = (await (await fetch(`${world.srv.url}/api/templates`)).json()) as { id: string; title: { ja: string; en: string } }[];
    expect(t.find((x) => x.id === 'blank')?.title.ja).toBeTruthy();
    expect(await (await fetch(`${world.srv.url}/healthz`)).json()).toEqual({ ok: true });
  });
});
