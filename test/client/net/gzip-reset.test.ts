import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { SyncClient } from '../../../client/net/SyncClient.js';
import type { BoardSocket } from '../../../client/net/socket.js';
import type { Board } from '../../../shared/model.js';
import type { JoinAck } from '../../../shared/protocol.js';
import { viewFor, type EntryView } from '../../../shared/view.js';
import { ALICE, BOB, T0, makeBoard, mk } from '../../shared/fixtures.js';
import { FakeSocket, pageWorld } from './fakeSocket.js';

// A reset that comes gzipped (RM6): the board is unpacked before any entry that came after it is
// applied, a newer reset wins over one still being unpacked, and bytes that cannot be read lead to
// a fresh join that asks for nothing compressed.

const { frame, clients } = pageWorld();

const YOU = { id: 'alice', secret: 's'.repeat(20), role: 'participant' as const };
const answer = (b: Board): JoinAck => ({ ok: true, you: YOU, seq: b.seq, board: viewFor(b, ALICE), serverTime: T0, online: ['alice'] });
const gz = (b: Board) => new Uint8Array(gzipSync(Buffer.from(JSON.stringify(viewFor(b, ALICE)))));
const entry = (seq: number, x: number): EntryView => ({ seq, by: BOB.id, at: T0 + seq, op: mk('note.move', { moves: [{ id: 'b1', x, y: 0 }] }) });
const xOfB1 = (c: SyncClient) => c.state?.notes.b1?.x;

async function joined() {
  const socket = new FakeSocket();
  const client = new SyncClient(socket as unknown as BoardSocket, { boardId: 'board1', name: 'Alice' });
  clients.push(client);
  client.start();
  socket.lastJoin().ack(answer(makeBoard()));
  await vi.waitFor(() => expect(client.connection.get().status).toBe('connected'));
  return { socket, client };
}

/** The board after a reveal at seq 20: a new title says which board is shown. */
const revealed = (seq: number, title: string): Board => ({ ...makeBoard(), seq, title });

describe('gzipped resets (RM6)', () => {
  it('[RM6] the join asks for gzipped resets where the browser can unpack them', async () => {
    const { socket } = await joined();
    expect(socket.lastJoin().req.resets).toBe('gzip');
  });

  it('[RM6] entries after a gzipped reset wait for its board, then apply on top of it in order', async () => {
    const { socket, client } = await joined();
    socket.fire('reset', { seq: 20, boardGzip: gz(revealed(20, '公開後')) });
    socket.fire('op', entry(21, 111));
    socket.fire('op', entry(22, 222));
    await vi.waitFor(() => expect(client.state?.title).toBe('公開後'));
    frame();
    await vi.waitFor(() => expect(client.confirmedBoard?.seq).toBe(22));
    expect(xOfB1(client)).toBe(222);
    expect(socket.joins).toHaveLength(1);
  });

  it('[RM6] a plain reset after a gzipped one still being unpacked wins, and the older board never shows', async () => {
    const { socket, client } = await joined();
    socket.fire('reset', { seq: 20, boardGzip: gz(revealed(20, '古い公開')) });
    socket.fire('op', entry(21, 111));
    socket.fire('reset', { seq: 30, board: viewFor(revealed(30, '新しい公開'), ALICE) });
    socket.fire('op', entry(31, 333));
    frame();
    await new Promise((r) => setTimeout(r, 50));
    frame();
    expect(client.state?.title).toBe('新しい公開');
    expect(client.confirmedBoard?.seq).toBe(31);
    expect(xOfB1(client)).toBe(333);
  });

  it('[RM6] bytes that are not a gzipped board: a fresh join that asks for no compression', async () => {
    const { socket, client } = await joined();
    socket.fire('reset', { seq: 20, boardGzip: new Uint8Array([1, 2, 3]) });
    await vi.waitFor(() => expect(socket.joins).toHaveLength(2));
    expect(socket.lastJoin().req.since).toBeUndefined();
    expect(socket.lastJoin().req.resets).toBeUndefined();
    expect(socket.lastJoin().req.encoding).toBeUndefined();
    socket.lastJoin().ack(answer(revealed(20, '読み直し')));
    await vi.waitFor(() => expect(client.state?.title).toBe('読み直し'));
  });

  it('[RM6] an answer still being unpacked when the connection drops is never applied', async () => {
    const { socket, client } = await joined();
    socket.fire('reset', { seq: 20, boardGzip: gz(revealed(20, '切断前')) });
    socket.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    expect(client.state?.title).not.toBe('切断前');
  });
});
