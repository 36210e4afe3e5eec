import { describe, expect, it } from 'vitest';
import type { DoorDesk, DoorWait } from '../../shared/door.js';
import type { JoinAck } from '../../shared/protocol.js';
import { createBoard, opId, Peer, removeDir, startServer, serverWorld, type TestServer } from '../helpers/server.js';

const world = serverWorld();

type Board = { id: string; facilitatorKey: string };

function peer(srv: TestServer = world.srv) {
  const p = new Peer(srv.url);
  world.peers.push(p);
  return p;
}

const desks = (p: Peer) => p.received.filter((r) => r.event === 'door').map((r) => r.args[0] as DoorDesk);
const lastDesk = (p: Peer) => desks(p).at(-1);
const waits = (p: Peer) => p.received.filter((r) => r.event === 'door.wait').map((r) => r.args[0] as DoorWait);

async function facilitator(b: Board, srv?: TestServer) {
  const f = peer(srv);
  expect(await f.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey })).toMatchObject({ ok: true });
  await f.waitFor(() => lastDesk(f));
  return f;
}

/** A board whose code stopped admitting newcomers when ① began. */
async function closedBoard(srv: TestServer = world.srv) {
  const b = await createBoard(srv.url);
  const f = await facilitator(b, srv);
  expect(await f.send({ opId: opId(), type: 'board.update', door: 'onStart' })).toMatchObject({ ok: true });
  expect(await f.send({ opId: opId(), type: 'phase.set', phase: 'private' })).toMatchObject({ ok: true });
  expect(await f.send({ opId: opId(), type: 'writing.private', on: true })).toMatchObject({ ok: true });
  return { b, f };
}

/** Sends a code-only join and resolves once the server says it waits; the answer comes later. */
async function knock(b: Board, name: string, srv?: TestServer, extra: Record<string, unknown> = {}) {
  const p = peer(srv);
  let answered: JoinAck | null = null;
  // A held join may never be answered before the test ends and closes the socket.
  const answer = p.join({ boardId: b.id, name, affiliation: 'npo', ...extra }).then(
    (a) => (answered = a),
    (): JoinAck => ({ ok: false, error: { code: 'conflict', message: 'closed unanswered' } }),
  );
  await p.waitFor(() => waits(p).length > 0 || answered);
  return { p, answer, answered: () => answered };
}

/** Everybody with a record on the board, the facilitator included. */
const people = async (b: Board) => ((await (await fetch(`${world.srv.url}/api/boards/${b.id}`)).json()) as { participants: number }).participants;

const waitingNames = (f: Peer) => lastDesk(f)?.waiting.map((w) => w.name) ?? [];

describe('the door (DR)', () => {
  it('[DR1] the code admits newcomers until the workshop starts, then holds them', async () => {
    const b = await createBoard(world.srv.url);
    const f = await facilitator(b);
    expect(await f.send({ opId: opId(), type: 'board.update', door: 'onStart' })).toMatchObject({ ok: true });
    const early = peer();
    expect(await early.join({ boardId: b.id, name: '早い人' })).toMatchObject({ ok: true });
    expect(await f.send({ opId: opId(), type: 'phase.set', phase: 'private' })).toMatchObject({ ok: true });
    const late = await knock(b, '遅い人');
    expect(late.answered()).toBeNull();
    expect(waits(late.p).at(-1)).toEqual({ facilitators: 1 });
    await f.waitFor(() => waitingNames(f).includes('遅い人'));
    // Nobody new is on the board while they wait.
    expect(await people(b)).toBe(2);
  });

  it('[DR1] `closed` holds newcomers at once; `open` lets the code admit again', async () => {
    const b = await createBoard(world.srv.url);
    const f = await facilitator(b);
    expect(await f.send({ opId: opId(), type: 'board.update', door: 'closed' })).toMatchObject({ ok: true });
    const k = await knock(b, '閉じた後');
    expect(k.answered()).toBeNull();
    expect(await f.send({ opId: opId(), type: 'board.update', door: 'open' })).toMatchObject({ ok: true });
    expect(await peer().join({ boardId: b.id, name: '開いた後' })).toMatchObject({ ok: true });
  });

  it('[DR1] opening the door lets in whoever waits at it', async () => {
    const { b, f } = await closedBoard();
    const k = await knock(b, '開くのを待つ人');
    await f.waitFor(() => waitingNames(f).includes('開くのを待つ人'));
    expect(await f.send({ opId: opId(), type: 'board.update', door: 'open' })).toMatchObject({ ok: true });
    expect(await k.answer).toMatchObject({ ok: true, you: { role: 'participant' } });
    await f.waitFor(() => lastDesk(f)?.waiting.length === 0);
  });

  it('[DR3] a join carrying the door token is admitted at once; a wrong token waits', async () => {
    const { b, f } = await closedBoard();
    const token = lastDesk(f)!.token;
    expect(token.length * 6).toBeGreaterThanOrEqual(128);
    const ack = await peer().join({ boardId: b.id, name: 'QRの人', door: token });
    expect(ack).toMatchObject({ ok: true, you: { role: 'participant' } });
    const wrong = await knock(b, '違う鍵', undefined, { door: 'A'.repeat(24) });
    expect(wrong.answered()).toBeNull();
  });

  it('[DR4] a facilitator lets a waiting newcomer in: the held join is answered with the board', async () => {
    const { b, f } = await closedBoard();
    const k = await knock(b, '承認される人');
    const req = await f.waitFor(() => lastDesk(f)?.waiting.find((w) => w.name === '承認される人'));
    expect(req).toMatchObject({ affiliation: 'npo' });
    expect(await f.socket.emitWithAck('door.answer', { id: req.id, admit: true })).toEqual({ ok: true });
    const ack = await k.answer;
    expect(ack).toMatchObject({ ok: true, you: { role: 'participant' } });
    if (!ack.ok || !('board' in ack)) throw new Error('no board');
    expect(ack.board.participants.map((p) => p.name)).toContain('承認される人');
    await f.waitFor(() => !waitingNames(f).includes('承認される人'));
    // Their identity works like anyone's from then on (J2).
    const again = peer();
    expect(await again.join({ boardId: b.id, name: '承認される人', participant: { id: ack.you.id, secret: ack.you.secret } })).toMatchObject({ ok: true });
  });

  it('[DR4] declined: the held join is refused with forbidden and nothing is added', async () => {
    const { b, f } = await closedBoard();
    const k = await knock(b, '見送られる人');
    const req = await f.waitFor(() => lastDesk(f)?.waiting.find((w) => w.name === '見送られる人'));
    expect(await f.socket.emitWithAck('door.answer', { id: req.id, admit: false })).toEqual({ ok: true });
    expect(await k.answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await people(b)).toBe(1);
    // Answered once: a second answer finds nobody.
    expect(await f.socket.emitWithAck('door.answer', { id: req.id, admit: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('[DR2] known participants, facilitators and the projector come in whatever the door says', async () => {
    const b = await createBoard(world.srv.url);
    const f = await facilitator(b);
    const a = peer();
    const first = await a.join({ boardId: b.id, name: 'A' });
    if (!first.ok) throw new Error('no join');
    expect(await f.send({ opId: opId(), type: 'board.update', door: 'closed' })).toMatchObject({ ok: true });
    a.close();
    expect(await peer().join({ boardId: b.id, name: 'A', participant: { id: first.you.id, secret: first.you.secret } })).toMatchObject({ ok: true });
    expect(await peer().join({ boardId: b.id, name: '二人目の進行役', facilitatorKey: b.facilitatorKey })).toMatchObject({ ok: true, you: { role: 'facilitator' } });
    expect(await peer().join({ boardId: b.id, name: 'プロジェクター', projector: true })).toMatchObject({ ok: true, you: { role: 'projector' } });
  });

  it('[DR5] with no facilitator online the newcomer is told so, and hears when one arrives', async () => {
    const b = await createBoard(world.srv.url);
    const f = await facilitator(b);
    expect(await f.send({ opId: opId(), type: 'board.update', door: 'closed' })).toMatchObject({ ok: true });
    f.close();
    const k = await knock(b, '待つ人');
    expect(waits(k.p).at(-1)).toEqual({ facilitators: 0 });
    const g = await facilitator(b);
    await k.p.waitFor(() => waits(k.p).at(-1)?.facilitators === 1);
    await g.waitFor(() => waitingNames(g).includes('待つ人'));
  });

  it('[DR6] a waiting newcomer that leaves drops its request', async () => {
    const { b, f } = await closedBoard();
    const k = await knock(b, '帰る人');
    const req = await f.waitFor(() => lastDesk(f)?.waiting.find((w) => w.name === '帰る人'));
    k.p.close();
    await f.waitFor(() => !waitingNames(f).includes('帰る人'));
    expect(await f.socket.emitWithAck('door.answer', { id: req.id, admit: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('[DR6] waiting requests are bounded per board and per address', async () => {
    const srv = await startServer({ limits: { doorWaitingPerBoard: 3, doorWaitingPerAddress: 4 } });
    try {
      const { b } = await closedBoard(srv);
      for (const name of ['一', '二', '三']) expect((await knock(b, name, srv)).answered()).toBeNull();
      const fourth = await knock(b, '四', srv);
      expect(await fourth.answer).toMatchObject({ ok: false, error: { code: 'limit' } });
      expect(waits(fourth.p).at(-1)).toEqual({ facilitators: 1, full: true });
      // Every test socket comes from 127.0.0.1: a second board fills the address's share.
      const other = await closedBoard(srv);
      expect((await knock(other.b, '五', srv)).answered()).toBeNull();
      const sixth = await knock(other.b, '六', srv);
      expect(await sixth.answer).toMatchObject({ ok: false, error: { code: 'limit' } });
    } finally {
      for (const p of world.peers.splice(0)) p.close();
      await srv.stop();
      await removeDir(srv.dataDir);
    }
  });

  it('[DR7] participants and the projector never receive the token or the waiting list; only facilitators answer', async () => {
    const { b, f } = await closedBoard();
    const token = lastDesk(f)!.token;
    const a = peer();
    expect(await a.join({ boardId: b.id, name: '参加者', door: token })).toMatchObject({ ok: true });
    const wall = peer();
    expect(await wall.join({ boardId: b.id, name: 'プロジェクター', projector: true })).toMatchObject({ ok: true });
    const k = await knock(b, '秘密の待ち人');
    const req = await f.waitFor(() => lastDesk(f)?.waiting.find((w) => w.name === '秘密の待ち人'));
    // Before anyone answers, the table and the wall know nothing of who waits.
    for (const p of [a, wall]) expect(p.traffic()).not.toContain('秘密の待ち人');
    expect(await a.socket.emitWithAck('door.answer', { id: req.id, admit: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await wall.socket.emitWithAck('door.answer', { id: req.id, admit: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await f.socket.emitWithAck('door.answer', { id: req.id, admit: true })).toEqual({ ok: true });
    await k.answer;
    for (const p of [a, wall, k.p]) {
      expect(p.traffic()).not.toContain(token);
      expect(p.received.some((r) => r.event === 'door')).toBe(false);
    }
  });
});
