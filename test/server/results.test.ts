import { describe, expect, it } from 'vitest';
import type { BoardView } from '../../shared/view.js';
import { createBoard, opId, Peer, serverWorld } from '../helpers/server.js';

const world = serverWorld();

const results = async (id: string) => {
  const res = await fetch(`${world.srv.url}/api/boards/${id}/results`);
  expect(res.status).toBe(200);
  return { text: await res.clone().text(), body: (await res.json()) as { board: BoardView; balance: { votesHidden: boolean } } };
};

describe('results page data', () => {
  it('[H7] anybody can read the results, but never what is still hidden', async () => {
    const b = await createBoard(world.srv.url, { title: '結果' });
    const fac = new Peer(world.srv.url);
    const a = new Peer(world.srv.url);
    world.peers.push(fac, a);
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    await a.join({ boardId: b.id, name: '住民A', affiliation: 'citizen' });

    await fac.send({ opId: opId(), type: 'writing.private', on: true });
    await a.send({ opId: opId(), type: 'note.add', note: { id: 'n_secret', text: 'ひみつの下書き', x: 0, y: 0 } });
    let r = await results(b.id);
    expect(r.text).not.toContain('ひみつの下書き');
    expect(r.body.board.hiddenNotes).toBe(1);
    expect(r.text).not.toContain(b.facilitatorKey);

    await fac.send({ opId: opId(), type: 'writing.private', on: false });
    await fac.send({ opId: opId(), type: 'voting.start', budget: 3, hidden: true });
    expect(await a.send({ opId: opId(), type: 'vote.add', noteId: 'n_secret' })).toMatchObject({ ok: true });
    r = await results(b.id);
    expect(r.body.board.notes.find((n) => n.id === 'n_secret')).toMatchObject({ text: 'ひみつの下書き', votes: 0 });
    expect(r.body.balance.votesHidden).toBe(true);

    await fac.send({ opId: opId(), type: 'voting.end' });
    r = await results(b.id);
    expect(r.body.board.notes.find((n) => n.id === 'n_secret')?.votes).toBe(1);
    expect(r.body.balance.votesHidden).toBe(false);
    expect((await fetch(`${world.srv.url}/api/boards/bNope/results`)).status).toBe(404);
  });

  it('[H8] a server bound to loopback offers no LAN address, so pages fall back to their own origin', async () => {
    const res = await fetch(`${world.srv.url}/api/network`);
    expect(await res.json()).toEqual({ urls: [] });
  });
});
