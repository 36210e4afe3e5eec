import { describe, expect, it, vi } from 'vitest';
import { SyncClient } from '../../../client/net/SyncClient.js';
import type { BoardSocket } from '../../../client/net/socket.js';
import type { Op } from '../../../shared/ops.js';
import { viewFor } from '../../../shared/view.js';
import { ALICE, T0, makeBoard } from '../../shared/fixtures.js';
import { FakeSocket, pageWorld } from './fakeSocket.js';

// The author's own note that the server placed elsewhere (N1): the sync client against a scripted
// server, whose socket is a fake that records what the client sends and lets the test answer.


const { frame, clients } = pageWorld();

const YOU = { id: 'alice', secret: 's'.repeat(20), role: 'participant' as const };

async function joined() {
  const socket = new FakeSocket();
  const client = new SyncClient(socket as unknown as BoardSocket, { boardId: 'board1', name: 'Alice' });
  clients.push(client);
  client.start();
  const b = makeBoard();
  socket.joins.at(-1)!.ack({ ok: true, you: YOU, seq: b.seq, board: viewFor(b, ALICE), serverTime: T0 });
  await vi.waitFor(() => expect(client.connection.get().status).toBe('connected'));
  return { socket, client, seq: b.seq };
}

describe('[N1][C1] the author sees its note move to the spot the server settled', () => {
  it('while an edit of the same note is still pending behind it', async () => {
    const { socket, client, seq } = await joined();
    expect(client.submit({ type: 'note.add', note: { id: 'n_new', text: '', x: 0, y: 0, sectionId: 's1' }, place: 'free' }).ok).toBe(true);
    expect(client.submit({ type: 'note.update', id: 'n_new', patch: { text: '下書き' } }).ok).toBe(true);
    expect(client.state!.notes['n_new']).toMatchObject({ x: 0, y: 0, text: '下書き' });

    const sent = socket.ops[0]!.op as Extract<Op, { type: 'note.add' }>;
    const { place: _place, ...rest } = sent;
    socket.fire('op', { seq: seq + 1, by: 'alice', at: T0 + 1, op: { ...rest, note: { ...rest.note, x: 480, y: 620 } } });
    frame();
    expect(client.state!.notes['n_new']).toMatchObject({ x: 480, y: 620, text: '下書き' });
    expect(client.pendingOps.map((o) => o.type)).toEqual(['note.update']);
  });
});
