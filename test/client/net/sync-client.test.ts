import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { SyncClient } from '../../../client/net/SyncClient.js';
import type { BoardSocket } from '../../../client/net/socket.js';
import type { Board } from '../../../shared/model.js';
import type { Op } from '../../../shared/ops.js';
import type { JoinAck } from '../../../shared/protocol.js';
import { viewFor, type EntryView } from '../../../shared/view.js';
import { ALICE, BOB, T0, makeBoard, mk } from '../../shared/fixtures.js';
import { FakeSocket, pageWorld } from './fakeSocket.js';

// The sync client against a scripted server: the socket is a fake that records what the client
// sends and lets the test answer. Animation frames are run by the test (`frame()`); a tab that
// gets none (hidden) is left to the client's fallback timer.


const { frame, clients } = pageWorld();

const YOU = { id: 'alice', secret: 's'.repeat(20), role: 'participant' as const };
const board = (): Board => makeBoard();
const plainAnswer = (b: Board): JoinAck => ({ ok: true, you: YOU, seq: b.seq, board: viewFor(b, ALICE), serverTime: T0 });
const gzipAnswer = (b: Board): JoinAck => ({
  ok: true,
  you: YOU,
  seq: b.seq,
  boardGzip: new Uint8Array(gzipSync(Buffer.from(JSON.stringify(viewFor(b, ALICE))))),
  serverTime: T0,
});

/** A confirmed entry as the server broadcasts it. */
const entry = (seq: number, op: Op | null, by = BOB.id): EntryView => ({ seq, by, at: T0 + seq, op });
const move = (id: string, x: number, y: number) => mk('note.move', { moves: [{ id, x, y }] });

function start() {
  const socket = new FakeSocket();
  const client = new SyncClient(socket as unknown as BoardSocket, { boardId: 'board1', name: 'Alice' });
  clients.push(client);
  client.start();
  return { socket, client };
}

async function joined(answer: JoinAck = plainAnswer(board())) {
  const s = start();
  s.socket.lastJoin().ack(answer);
  await vi.waitFor(() => expect(s.client.connection.get().status).toBe('connected'));
  return s;
}

const xOf = (c: SyncClient, id: string) => c.state?.notes[id]?.x;

describe('[J7] the join asks for a gzipped board and reads either answer', () => {
  it('asks for gzip when the runtime can unpack it', () => {
    const { socket } = start();
    expect(socket.lastJoin().req.encoding).toBe('gzip');
  });

  it('reads a gzipped board, and applies the entries that came while it was unpacked after it, in order', async () => {
    const { socket, client } = start();
    const b = board();
    socket.lastJoin().ack(gzipAnswer(b));
    // Arrive before the unpacking is done: held, not lost and not applied to an empty board.
    socket.fire('op', entry(8, move('a1', 111, 0)));
    socket.fire('op', entry(9, move('a1', 222, 0)));
    await vi.waitFor(() => expect(client.connection.get().status).toBe('connected'));
    expect(client.confirmedBoard?.seq).toBe(9);
    expect(xOf(client, 'a1')).toBe(222);
    expect(Object.keys(client.state!.notes).sort()).toEqual(Object.keys(b.notes).sort());
  });

  it('asks again at once without gzip when a server that does not know the field refuses the request', async () => {
    const { socket, client } = start();
    socket.lastJoin().ack({ ok: false, error: { code: 'invalid', message: 'unrecognized key: encoding' } });
    expect(socket.joins).toHaveLength(2);
    expect(socket.lastJoin().req.encoding).toBeUndefined();
    socket.lastJoin().ack(plainAnswer(board()));
    await vi.waitFor(() => expect(client.connection.get().status).toBe('connected'));
  });

  it('reads a plain board from a server that ignores the request', async () => {
    const { client } = await joined(plainAnswer(board()));
    expect(client.state?.title).toBe(board().title);
  });

  it('never applies an answer that was still being unpacked when the connection dropped', async () => {
    const { socket, client } = start();
    const stale = board();
    stale.title = '古い答え';
    socket.lastJoin().ack(gzipAnswer(stale));
    socket.disconnect();
    socket.connect();
    const fresh = board();
    fresh.title = '新しい答え';
    fresh.seq = 20;
    socket.lastJoin().ack(plainAnswer(fresh));
    await vi.waitFor(() => expect(client.connection.get().status).toBe('connected'));
    // Give the stale unpacking every chance to finish and (wrongly) land.
    await new Promise((r) => setTimeout(r, 100));
    expect(client.state?.title).toBe('新しい答え');
    expect(client.confirmedBoard?.seq).toBe(20);
  });

  it('joins again without gzip when the gzipped answer cannot be read', async () => {
    const { socket, client } = start();
    socket.lastJoin().ack({ ok: true, you: YOU, seq: 7, boardGzip: new Uint8Array([1, 2, 3]), serverTime: T0 });
    await vi.waitFor(() => expect(socket.joins.length).toBe(2));
    expect(socket.lastJoin().req.encoding).toBeUndefined();
    socket.lastJoin().ack(plainAnswer(board()));
    await vi.waitFor(() => expect(client.connection.get().status).toBe('connected'));
  });
});

describe('confirmed entries are applied once per frame', () => {
  it('entries of one frame show together at that frame', async () => {
    const { socket, client } = await joined();
    let sets = 0;
    client.board.subscribe(() => sets++);
    socket.fire('op', entry(8, move('a1', 10, 0)));
    socket.fire('op', entry(9, move('a2', 20, 0)));
    socket.fire('op', entry(10, move('b1', 30, 0)));
    frame();
    expect([xOf(client, 'a1'), xOf(client, 'a2'), xOf(client, 'b1')]).toEqual([10, 20, 30]);
    expect(client.confirmedBoard?.seq).toBe(10);
    expect(sets).toBe(1);
  });

  it('a tab that gets no animation frames (hidden) still applies them', async () => {
    const { socket, client } = await joined();
    socket.fire('op', entry(8, move('a1', 10, 0)));
    await vi.waitFor(() => expect(xOf(client, 'a1')).toBe(10));
  });

  it('[C3] a jump in seq applies what came before it and rejoins with since', async () => {
    const { socket, client } = await joined();
    socket.fire('op', entry(8, move('a1', 10, 0)));
    socket.fire('op', entry(10, move('a1', 99, 0)));
    frame();
    expect(client.confirmedBoard?.seq).toBe(8);
    expect(socket.joins.length).toBe(2);
    expect(socket.lastJoin().req.since).toBe(8);
  });

  it('own ops stay shown while pending, and leave the pending set when their entry comes back', async () => {
    const { socket, client } = await joined();
    const op = move('a1', 500, 0);
    expect(client.submit(op).ok).toBe(true);
    expect(xOf(client, 'a1')).toBe(500);
    socket.fire('op', entry(8, move('b1', 7, 7)));
    frame();
    expect(xOf(client, 'a1')).toBe(500);
    expect(client.pendingOps).toHaveLength(1);
    socket.fire('op', entry(9, op, ALICE.id));
    socket.ops.find((o) => o.op.opId === op.opId)!.ack({ ok: true, seq: 9 });
    frame();
    expect(client.pendingOps).toHaveLength(0);
    expect(client.connection.get().pending).toBe(0);
    expect(xOf(client, 'a1')).toBe(500);
  });

  it('an own op whose entry came redacted stops being pending once its seq is applied, even if the ack came first', async () => {
    const { socket, client } = await joined();
    const op = move('a1', 500, 0);
    client.submit(op);
    socket.fire('op', entry(8, null, ''));
    socket.ops.find((o) => o.op.opId === op.opId)!.ack({ ok: true, seq: 8 });
    expect(client.pendingOps).toHaveLength(1);
    frame();
    expect(client.pendingOps).toHaveLength(0);
  });

  it('a reset confirms the own ops of the entries queued before it', async () => {
    const { socket, client } = await joined();
    const add = mk('note.add', { note: { id: 'n_mine', text: 'わたしの付箋', x: 0, y: 0 } });
    client.submit(add);
    const errors: string[] = [];
    client.onError((e) => errors.push(e.code));
    socket.fire('op', entry(8, add, ALICE.id));
    // The server's board after that op, as a reset (a reveal, say) sends it.
    const after = board();
    after.seq = 8;
    after.notes.n_mine = { ...after.notes.a1!, id: 'n_mine', text: 'わたしの付箋', authorId: 'alice' };
    socket.fire('reset', { seq: 8, board: viewFor(after, ALICE) });
    frame();
    expect(client.pendingOps).toHaveLength(0);
    expect(errors).toEqual([]);
    expect(client.state?.notes.n_mine?.text).toBe('わたしの付箋');
  });
});
