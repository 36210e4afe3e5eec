import type { Board } from '../../shared/model.js';
import type { CreateBoardResponse } from '../../shared/protocol.js';
import { Snapshot } from '../../shared/snapshot.js';
import { createBoard, opId, Peer, type TestServer } from '../helpers/server.js';

/** A clock the test moves by hand, so times in exports and the 10-minute rule are exact. */
export class FakeClock {
  constructor(public t: number) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

/** 2025-05-01 10:02 in Tokyo. */
export const MAY_FIRST_JST = Date.UTC(2025, 4, 1, 1, 2);

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export async function getExport(srv: TestServer, id: string, format: string, key?: string): Promise<Response> {
  return fetch(`${srv.url}/api/boards/${id}/export?format=${format}`, { headers: key ? bearer(key) : {} });
}

export async function exportSnapshot(srv: TestServer, id: string, key: string): Promise<Snapshot> {
  const res = await getExport(srv, id, 'json', key);
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  return Snapshot.parse(await res.json());
}

export async function postImport(srv: TestServer, body: string): Promise<Response> {
  return fetch(`${srv.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

export const ok = async (p: Promise<{ ok: boolean }>) => {
  const ack = await p;
  if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack)}`);
  return ack;
};

export type Workshop = {
  b: CreateBoardResponse;
  fac: Peer;
  citizen: Peer;
  npo: Peer;
  city: Peer;
  peers: Peer[];
  add: (p: Peer, id: string, text: string, x: number, y: number) => Promise<unknown>;
};

/**
 * A board as a real workshop leaves it: a facilitator, three people of three affiliations,
 * two sections ("目的", "役割"), notes inside and outside them, and one finished vote.
 */
export async function workshop(srv: TestServer, title = '協働ワークショップ 第1回'): Promise<Workshop> {
  const b = await createBoard(srv.url, { title });
  const fac = new Peer(srv.url);
  const citizen = new Peer(srv.url);
  const npo = new Peer(srv.url);
  const city = new Peer(srv.url);
  const peers = [fac, citizen, npo, city];
  await fac.join({ boardId: b.id, name: '進行 花子', facilitatorKey: b.facilitatorKey });
  await citizen.join({ boardId: b.id, name: '山田 太郎', affiliation: 'citizen' });
  await npo.join({ boardId: b.id, name: 'NPO 鈴木', affiliation: 'npo' });
  await city.join({ boardId: b.id, name: '市役所 田中', affiliation: 'government' });
  const add = (p: Peer, id: string, text: string, x: number, y: number) => ok(p.send({ opId: opId(), type: 'note.add', note: { id, text, x, y } }));
  await ok(fac.send({ opId: opId(), type: 'section.add', section: { id: 'goal', title: '目的', prompt: '何を目指す？', x: 0, y: 0, width: 1000, height: 800 } }));
  await ok(fac.send({ opId: opId(), type: 'section.add', section: { id: 'role', title: '役割', x: 1200, y: 0, width: 1000, height: 800 } }));
  await add(citizen, 'g1', '子どもの居場所をつくる', 10, 10);
  await add(npo, 'g2', '空き家を活用する', 300, 10);
  await add(city, 'g3', '予算の見通しを共有する', 600, 10);
  await add(citizen, 'r1', '市民は声を集める', 1210, 10);
  await add(city, 'r2', '行政は場所を用意する', 1500, 10);
  await add(npo, 'u1', 'どこにも入らないメモ', 5000, 5000);
  await ok(fac.send({ opId: opId(), type: 'voting.start', budget: 5, hidden: false }));
  for (const [p, note, n] of [[citizen, 'g2', 2], [npo, 'g2', 1], [npo, 'g1', 2], [city, 'g3', 1], [city, 'r2', 1]] as const)
    for (let i = 0; i < n; i++) await ok(p.send({ opId: opId(), type: 'vote.add', noteId: note }));
  await ok(fac.send({ opId: opId(), type: 'voting.end' }));
  return { b, fac, citizen, npo, city, peers, add };
}

/** A board's content with what must differ between copies (identity, position in the log) set aside. */
export const contentOf = (board: Board) => {
  const { id: _id, seq: _seq, ...rest } = board;
  return rest;
};
