import { io as ioc } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { LIMITER_KEYS } from '../../server/http/rate-limit.js';
import { IDENTITY_BUDGET, IdentityLimit } from '../../server/realtime/identity-limit.js';
import type { AppSocket } from '../../server/realtime/types.js';
import { LIMITS } from '../../shared/limits.js';
import type { JoinAck } from '../../shared/protocol.js';
import { createBoard, opId, Peer, serverPerTest } from '../helpers/server.js';
import { FakeClock } from './workshop.fixtures.js';

const { server, cleanup } = serverPerTest();

/** A socket that reaches the server through the trusted proxy from `address`. */
function from(url: string, address: string) {
  const p = new Peer(url);
  p.socket.close();
  (p as { socket: Peer['socket'] }).socket = ioc(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': address } });
  cleanup.unshift(() => p.close());
  return p;
}
function local(url: string) {
  const p = new Peer(url);
  cleanup.unshift(() => p.close());
  return p;
}
const codes = (acks: JoinAck[]) => acks.map((a) => (a.ok ? 'ok' : a.error.code));
const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

describe('seats and identities', () => {
  it('[SC2][L8] seat squatting: 30 sockets from one address minting 300 identities are refused long before the board is full; the real participant gets a seat', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 10, 1, 0));
    // Per-socket join buckets (L4) out of the way: the count per address is what is tested.
    const srv = await server({ clock, trustProxy: true, limits: { joinBurst: 1e9 } });
    const b = await createBoard(srv.url);
    const bots = Array.from({ length: 30 }, () => from(srv.url, '198.51.100.66'));
    const attempts = bots.flatMap((bot, i) => Array.from({ length: 10 }, (_, j) => bot.join({ boardId: b.id, name: `bot${i}-${j}` })));
    const first = codes(await Promise.all(attempts));
    expect(count(first, 'ok')).toBe(IDENTITY_BUDGET.burst);
    expect(count(first, 'rate_limited')).toBe(300 - IDENTITY_BUDGET.burst);
    expect(count(first, 'limit')).toBe(0);

    // A minute on, still only a trickle: 60 more at one a second, the board far from its 300.
    clock.advance(60_000);
    const again = codes(await Promise.all(bots.map((bot, i) => bot.join({ boardId: b.id, name: `again${i}` }))));
    expect(count(again, 'ok')).toBe(30);

    const real = from(srv.url, '192.0.2.10');
    const ack = await real.join({ boardId: b.id, name: '本物の参加者', affiliation: 'citizen' });
    expect(ack).toMatchObject({ ok: true, you: { role: 'participant' } });
    const summary = (await (await fetch(`${srv.url}/api/boards/${b.id}`)).json()) as { participants: number };
    expect(summary.participants).toBeLessThan(LIMITS.participantsPerBoard / 2);
  });

  it('[SC2] a venue behind one NAT: 60 people joining at once from one address all get in, and so does the facilitator after them', async () => {
    const srv = await server({ trustProxy: true });
    const b = await createBoard(srv.url);
    const venue = '203.0.113.5';
    const people = Array.from({ length: 60 }, () => from(srv.url, venue));
    const acks = await Promise.all(people.map((p, i) => p.join({ boardId: b.id, name: `参加者${i}` })));
    expect(codes(acks)).toEqual(Array(60).fill('ok'));
    // The bucket is empty now; the host holds the key and is not counted.
    const host = from(srv.url, venue);
    expect(await host.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey })).toMatchObject({ ok: true, you: { role: 'facilitator' } });
    // Somebody who already has an identity comes back without a new one.
    const first = acks[0]!;
    if (!first.ok) throw new Error('no identity');
    expect(await from(srv.url, venue).join({ boardId: b.id, name: '参加者0', participant: { id: first.you.id, secret: first.you.secret } })).toMatchObject({ ok: true });
  });

  it(`[SC1][L8][R3] ${LIMITS.participantsPerBoard} participants join beside a facilitator and a projector; removing bots frees their seats`, async () => {
    const srv = await server({ limits: { joinBurst: 1e9 } });
    const b = await createBoard(srv.url);
    const host = local(srv.url);
    expect(await host.join({ boardId: b.id, name: '進行役', facilitatorKey: b.facilitatorKey })).toMatchObject({ ok: true });
    const wall = local(srv.url);
    expect(await wall.join({ boardId: b.id, name: 'wall', projector: true })).toMatchObject({ ok: true });
    const botSockets = [0, 1, 2].map(() => local(srv.url));
    const botAcks = await Promise.all(botSockets.map((s, i) => s.join({ boardId: b.id, name: `bot${i}` })));
    const crowd = local(srv.url);
    // In rounds, so the heartbeat gets through between them on a busy machine (PR6).
    const acks: JoinAck[] = [];
    for (let i = 0; i < LIMITS.participantsPerBoard - 3; i += 25)
      acks.push(...(await Promise.all(Array.from({ length: Math.min(25, LIMITS.participantsPerBoard - 3 - i) }, (_, j) => crowd.join({ boardId: b.id, name: `参加者${i + j}` })))));
    expect(count(codes([...botAcks, ...acks]), 'ok')).toBe(LIMITS.participantsPerBoard);

    const late = local(srv.url);
    expect(await late.join({ boardId: b.id, name: '遅れた人' })).toMatchObject({ ok: false, error: { code: 'limit' } });
    // A second facilitator still gets in: facilitators are not seats.
    expect(await local(srv.url).join({ boardId: b.id, name: '副進行役', facilitatorKey: b.facilitatorKey })).toMatchObject({ ok: true });

    const bots = botAcks.map((a) => (a.ok ? a.you.id : ''));
    for (const id of bots) expect(await host.send({ opId: opId(), type: 'participant.update', id, removed: true })).toMatchObject({ ok: true });
    const seated = await Promise.all([0, 1, 2].map((i) => local(srv.url).join({ boardId: b.id, name: `やっと${i}` })));
    expect(codes(seated)).toEqual(['ok', 'ok', 'ok']);
    expect(await late.join({ boardId: b.id, name: '遅れた人' })).toMatchObject({ ok: false, error: { code: 'limit' } });
    const summary = (await (await fetch(`${srv.url}/api/boards/${b.id}`)).json()) as { participants: number };
    expect(summary.participants).toBe(LIMITS.participantsPerBoard + 2);
  });

  it('[SC2][SC5][SC7] one IPv6 /64 shares one allowance; the addresses remembered stay bounded', () => {
    const t = 1_000_000;
    const addressOf = (conn: unknown) => (conn as { addr: string }).addr;
    const limit = new IdentityLimit(() => t, addressOf as never);
    const socketAt = (addr: string) => ({ conn: { addr } }) as unknown as AppSocket;
    const fromOneHome = Array.from({ length: IDENTITY_BUDGET.burst + 5 }, (_, i) => limit.allow(socketAt(`2001:db8:5:6::${(i + 1).toString(16)}`), 'participant'));
    expect(fromOneHome.filter(Boolean)).toHaveLength(IDENTITY_BUDGET.burst);
    expect(limit.allow(socketAt('2001:db8:5:7::1'), 'participant')).toBe(true);
    expect(limit.allow(socketAt('2001:db8:5:6::99'), 'facilitator')).toBe(true);
    for (let i = 0; i < LIMITER_KEYS + 50; i++) limit.allow(socketAt(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`), 'participant');
    expect(limit.size).toBeLessThanOrEqual(LIMITER_KEYS);
  });
});
