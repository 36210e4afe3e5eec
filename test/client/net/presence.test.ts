import { describe, expect, it, vi } from 'vitest';
import { SyncClient, type JoinInfo } from '../../../client/net/SyncClient.js';
import type { BoardSocket } from '../../../client/net/socket.js';
import type { Board } from '../../../shared/model.js';
import type { Op } from '../../../shared/ops.js';
import type { JoinAck, PresenceEntry } from '../../../shared/protocol.js';
import { viewFor, type EntryView } from '../../../shared/view.js';
import { presenceOf } from '../../../server/realtime/presence.js';
import type { AppSocket } from '../../../server/realtime/types.js';
import { ALICE, BOB, FAC, T0, makeBoard, mk, replay } from '../../shared/fixtures.js';
import { FakeSocket, pageWorld } from './fakeSocket.js';

// Who is on the board, as the people panel shows it, when the server sends presence as deltas
// (RM3): the join's `online`, one `presence` per change, and the ops that change participants.
// Whatever the order, the list must end as the one a fresh join would give: the server's own P1
// list (`presenceOf`) of the same board with the same sockets.

const { frame, clients } = pageWorld();

const YOU = { id: 'alice', secret: 's'.repeat(20), role: 'participant' as const };
const CAROL = { id: 'carol', role: 'participant' as const };
const carolJoins = () => mk('participant.join', { participant: { id: 'carol', name: 'Carol', affiliation: 'school', role: 'participant' } });

const answer = (b: Board, online?: string[]): JoinAck => ({ ok: true, you: YOU, seq: b.seq, board: viewFor(b, ALICE), serverTime: T0, ...(online ? { online } : {}) });
/** What a fresh join would show: the server's whole list for this board and these connected people. */
const freshList = (b: Board, online: string[]): PresenceEntry[] => presenceOf(b, online.map((id) => ({ data: { participantId: id } }) as unknown as AppSocket));

function start(info: Partial<JoinInfo> = {}) {
  const socket = new FakeSocket();
  const client = new SyncClient(socket as unknown as BoardSocket, { boardId: 'board1', name: 'Alice', ...info });
  clients.push(client);
  client.start();
  let lists = 0;
  client.presence.subscribe(() => lists++);
  return { socket, client, lists: () => lists };
}

async function connected(client: SyncClient) {
  await vi.waitFor(() => expect(client.connection.get().status).toBe('connected'));
}

describe('presence as deltas (RM3)', () => {
  it('[RM3] a laptop asks for batched pointers and presence deltas; the wall asks for no pointers', () => {
    const laptop = start();
    expect(laptop.socket.lastJoin().req).toMatchObject({ pointers: 'batched', presence: 'delta' });
    const wall = start({ projector: true });
    expect(wall.socket.lastJoin().req).toMatchObject({ pointers: 'none', presence: 'delta', projector: true });
  });

  it('[RM3] the join’s online and the board’s participants make the list: removed people left out, the rest online when listed', async () => {
    const { socket, client } = start();
    const b = makeBoard();
    socket.lastJoin().ack(answer(b, ['alice', 'fac']));
    await connected(client);
    expect(client.presence.get()).toEqual(freshList(b, ['alice', 'fac']));
    expect(client.presence.get().map((p) => [p.id, p.online])).toEqual([
      ['fac', true],
      ['alice', true],
      ['bob', false],
    ]);
  });

  it('[RM3] a join, a rename, a removal, a leave and an arrival each show, in either order of op and presence, ending as a fresh join', async () => {
    const { socket, client } = start();
    let b = makeBoard();
    socket.lastJoin().ack(answer(b, ['alice', 'fac']));
    await connected(client);
    let seq = b.seq;
    const send = (op: Op, by: string): void => {
      const e: EntryView = { seq: ++seq, by, at: T0 + seq, op };
      socket.fire('op', e);
    };
    const online = () => client.presence.get().filter((p) => p.online).map((p) => p.id);

    // Carol arrives: her socket's presence before her participant.join op has been applied.
    socket.fire('presence', { id: 'carol', online: true });
    const join = carolJoins();
    send(join, 'carol');
    frame();
    expect(client.presence.get().find((p) => p.id === 'carol')).toEqual({ id: 'carol', name: 'Carol', affiliation: 'school', role: 'participant', online: true });

    // Bob arrives the other way round: nothing to apply for him, he is already on the board.
    socket.fire('presence', { id: 'bob', online: true });
    expect(online()).toEqual(['fac', 'alice', 'bob', 'carol']);

    const rename = mk('participant.update', { id: 'bob', name: 'ボブさん' });
    send(rename, FAC.id);
    frame();
    expect(client.presence.get().find((p) => p.id === 'bob')?.name).toBe('ボブさん');

    const remove = mk('participant.update', { id: 'carol', removed: true });
    send(remove, FAC.id);
    frame();
    expect(client.presence.get().map((p) => p.id)).toEqual(['fac', 'alice', 'bob']);
    socket.fire('presence', { id: 'carol', online: false });

    socket.fire('presence', { id: 'bob', online: false });
    expect(online()).toEqual(['fac', 'alice']);

    b = replay(b, [
      [join, CAROL],
      [rename, FAC],
      [remove, FAC],
    ]);
    expect(client.confirmedBoard?.seq).toBe(seq);
    expect(client.presence.get()).toEqual(freshList(b, ['alice', 'fac']));
  });

  it('[RM3] ops that touch no participant, and presence that repeats what is known, do not change the list', async () => {
    const { socket, client, lists } = start();
    const b = makeBoard();
    socket.lastJoin().ack(answer(b, ['alice', 'bob']));
    await connected(client);
    const before = client.presence.get();
    const count = lists();
    let seq = b.seq;
    for (const op of [mk('note.move', { moves: [{ id: 'b1', x: 5, y: 5 }] }), mk('note.update', { id: 'b1', patch: { text: '変えた' } })]) {
      socket.fire('op', { seq: ++seq, by: BOB.id, at: T0 + seq, op });
      frame();
    }
    // Bob joining again from a second tab: the server logs a participant.join with nothing new in it.
    socket.fire('op', { seq: ++seq, by: BOB.id, at: T0 + seq, op: mk('participant.join', { participant: { id: 'bob', name: 'Bob', affiliation: 'npo', role: 'participant' } }) });
    frame();
    socket.fire('presence', { id: 'bob', online: true });
    expect(client.confirmedBoard?.seq).toBe(seq);
    expect(lists()).toBe(count);
    expect(client.presence.get()).toBe(before);
  });

  it('[RM3] a reconnect replaces the online set with the new join’s, and the board with what happened meanwhile', async () => {
    const { socket, client } = start();
    let b = makeBoard();
    socket.lastJoin().ack(answer(b, ['alice', 'bob', 'fac']));
    await connected(client);
    socket.disconnect();
    // While we were away: Carol came, Bob left, and we never heard the deltas.
    b = { ...replay(b, [[carolJoins(), CAROL]]), seq: b.seq + 1 };
    socket.connect();
    socket.lastJoin().ack(answer(b, ['alice', 'carol', 'fac']));
    await connected(client);
    expect(client.presence.get()).toEqual(freshList(b, ['alice', 'carol', 'fac']));
  });

  it('[RM3] malformed presence deltas change nothing and throw nothing', async () => {
    const { socket, client } = start();
    socket.lastJoin().ack(answer(makeBoard(), ['alice']));
    await connected(client);
    const before = client.presence.get();
    for (const bad of [null, 1, 'bob', {}, { id: 'bob' }, { id: 3, online: true }, { id: 'bob', online: 'yes' }]) expect(() => socket.fire('presence', bad)).not.toThrow();
    expect(client.presence.get()).toBe(before);
  });

  it('[P1] an older server (no online in the answer) keeps sending whole lists, and they are shown as sent', async () => {
    const { socket, client } = start();
    const b = makeBoard();
    socket.lastJoin().ack(answer(b));
    await connected(client);
    const list: PresenceEntry[] = [
      { id: 'alice', name: 'Alice', affiliation: 'citizen', role: 'participant', online: true },
      { id: 'bob', name: 'Bob', affiliation: 'npo', role: 'participant', online: false },
    ];
    socket.fire('participants', list);
    expect(client.presence.get()).toEqual(list);
    // Ops do not rebuild a list this server sends whole.
    socket.fire('op', { seq: b.seq + 1, by: FAC.id, at: T0, op: mk('participant.update', { id: 'bob', name: 'B' }) });
    frame();
    expect(client.presence.get()).toEqual(list);
  });

  it('[RM1][RM3] a server that refuses the new fields gets a join without them', async () => {
    const { socket, client } = start();
    socket.lastJoin().ack({ ok: false, error: { code: 'invalid', message: 'unrecognized key: pointers' } });
    expect(socket.joins).toHaveLength(2);
    expect(socket.lastJoin().req.pointers).toBeUndefined();
    expect(socket.lastJoin().req.presence).toBeUndefined();
    socket.lastJoin().ack(answer(makeBoard()));
    await connected(client);
  });
});

describe('our own pointer in the batches (RM1)', () => {
  it('[RM1][LK3] the batch leaves out our participant id and the pointerId of our join', async () => {
    const { socket, client } = start();
    socket.lastJoin().ack({ ...answer(makeBoard(), ['alice', 'bob']), pointerId: 'c_mine' } as JoinAck);
    await connected(client);
    socket.fire('cursors', { list: [['alice', 1, 1], ['bob', 2, 2]] });
    frame();
    expect([...client.cursors.get().keys()]).toEqual(['bob']);
    socket.fire('cursors', { list: [['c_mine', 1, 1], ['c_theirs', 2, 2]], anonymous: true });
    frame();
    expect([...client.cursors.get().keys()]).toEqual(['c_theirs']);
    // Bob leaves: his pointer goes with him.
    socket.fire('cursors', { list: [['bob', 3, 3]] });
    frame();
    socket.fire('presence', { id: 'bob', online: false });
    expect([...client.cursors.get().keys()]).toEqual([]);
  });
});
