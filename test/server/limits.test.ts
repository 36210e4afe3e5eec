import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { io as ioc } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import { LIMITS } from '../../shared/limits.js';
import { ClientOp } from '../../shared/ops.js';
import type { JoinAck } from '../../shared/protocol.js';
import { createBoard, opId, Peer, serverPerTest } from '../helpers/server.js';
import { FakeClock } from './workshop.fixtures.js';

const { server, cleanup } = serverPerTest();
function peer(url: string, opts: Parameters<typeof ioc>[1] = {}) {
  const p = new Peer(url);
  if (Object.keys(opts).length) {
    p.socket.close();
    (p as { socket: Peer['socket'] }).socket = ioc(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts });
    p.socket.onAny((event, ...args) => p.received.push({ event, args }));
    p.socket.on('op', (e) => p.entries.push(e));
  }
  cleanup.unshift(() => p.close());
  return p;
}
const outcome = (s: Peer['socket']) =>
  new Promise<'connected' | 'refused'>((r) => {
    if (s.connected) return r('connected');
    s.once('connect', () => r('connected'));
    s.once('connect_error', () => r('refused'));
  });
const disconnected = (s: Peer['socket']) => new Promise<string>((r) => s.once('disconnect', (reason) => r(reason)));
const note = (id: string, text = id) => ({ opId: opId(), type: 'note.add', note: { id, text, x: 0, y: 0 } });

/** The worst cases of the largest ops: 64-character ids, 24-character numbers, text that JSON escapes to 6 bytes a character. */
const longId = (i: number) => `n${i}`.padEnd(LIMITS.idLength, 'x');
const longNumber = -1.2345678901234567e-300;
const worstMove = { opId: 'o'.repeat(LIMITS.idLength), type: 'note.move', moves: Array.from({ length: LIMITS.movesPerOp }, (_, i) => ({ id: longId(i), x: longNumber, y: longNumber })) };
const worstNote = { opId: 'o'.repeat(LIMITS.idLength), type: 'note.add', note: { id: longId(0), text: '\u0001'.repeat(LIMITS.noteText), x: longNumber, y: longNumber, color: '#ffffff' } };
const worstDelete = { opId: 'o'.repeat(LIMITS.idLength), type: 'note.delete', ids: Array.from({ length: LIMITS.idsPerOp }, (_, i) => longId(i)) };
/** A Socket.IO event packet as it crosses the wire: `42<ack id>["op",…]`. */
const packetBytes = (op: unknown) => Buffer.byteLength(`42${Number.MAX_SAFE_INTEGER}${JSON.stringify(['op', op])}`);

describe('message size', () => {
  it(`[L1] the limit (${LIMITS.socketMessageBytes} bytes) is about twice the largest legal op, which is read; a bigger message closes only its own connection`, async () => {
    for (const op of [worstMove, worstNote, worstDelete]) expect(ClientOp.safeParse(op).success).toBe(true);
    const largest = Math.max(...[worstMove, worstNote, worstDelete].map(packetBytes));
    expect(largest).toBeGreaterThan(60_000);
    expect(LIMITS.socketMessageBytes / largest).toBeGreaterThan(1.5);
    expect(LIMITS.socketMessageBytes / largest).toBeLessThan(3);

    const srv = await server();
    const b = await createBoard(srv.url);
    const [a, c] = [peer(srv.url), peer(srv.url)];
    await a.join({ boardId: b.id, name: 'A' });
    await c.join({ boardId: b.id, name: 'C' });
    expect(await a.send(worstMove)).toMatchObject({ ok: false, error: { code: 'not_found' } }); // read and judged
    expect(await a.send({ ...worstNote, opId: opId() })).toMatchObject({ ok: true });

    const gone = disconnected(a.socket);
    const raw = a.socket as unknown as { emit: (event: string, ...args: unknown[]) => void };
    raw.emit('op', note('n_huge', 'x'.repeat(LIMITS.socketMessageBytes)));
    expect(await gone).toBe('transport close');
    expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    const d = peer(srv.url);
    const ack = await d.join({ boardId: b.id, name: 'D' });
    expect(ack.ok && 'board' in ack && ack.board.notes.map((n) => n.id)).toEqual([longId(0)]);
    expect(c.entries.some((e) => e.op?.type === 'note.add' && e.op.note.id === 'n_huge')).toBe(false);
  });

  it(`[L2] HTTP bodies are capped: create at ${LIMITS.createBodyBytes} bytes (413 limit, not parsed); new boards at ${LIMITS.boardsPerMinute} a minute per address`, async () => {
    const srv = await server({ limits: { boardsPerMinute: 4 } });
    const post = (body: string) => fetch(`${srv.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const big = await post(JSON.stringify({ title: 'x'.repeat(LIMITS.createBodyBytes) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'limit' } });
    // The refused body counted too: it cost the server as much.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('{}')).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const imported = await fetch(`${srv.url}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(imported.status).toBe(429);
  });
});

describe('rates', () => {
  it(`[L3][E1] ops beyond a burst of ${LIMITS.opBurst} (refilled at ${LIMITS.opsPerSecond}/s) are rate_limited: not applied, logged or broadcast; the same opId is applied later`, async () => {
    const clock = new FakeClock(Date.UTC(2025, 4, 1));
    const srv = await server({ clock });
    const b = await createBoard(srv.url);
    const [a, c] = [peer(srv.url), peer(srv.url)];
    await a.join({ boardId: b.id, name: 'A' });
    await c.join({ boardId: b.id, name: 'C' });
    const ops = Array.from({ length: LIMITS.opBurst + 30 }, (_, i) => note(`n_${i}`));
    const acks = await Promise.all(ops.map((op) => a.send(op)));
    expect(acks.filter((x) => x.ok)).toHaveLength(LIMITS.opBurst);
    const refused = ops.filter((_, i) => !acks[i]!.ok);
    expect(acks.filter((x) => !x.ok)).toEqual(refused.map(() => ({ ok: false, error: { code: 'rate_limited', message: expect.any(String) } })));
    await c.waitFor(() => c.entries.filter((e) => e.op?.type === 'note.add').length === LIMITS.opBurst);
    const room = (await srv.app.registry.get(b.id))!;
    expect(Object.keys(room.board.notes)).toHaveLength(LIMITS.opBurst);
    const logged = (await readFile(path.join(srv.dataDir, 'boards', `${b.id}.log`), 'utf8')).trim().split('\n');
    expect(logged).toHaveLength(LIMITS.opBurst + 2); // and the two joins

    clock.advance(1000);
    const again = await Promise.all(refused.slice(0, LIMITS.opsPerSecond).map((op) => a.send(op)));
    expect(again.every((x) => x.ok)).toBe(true);
    expect(await a.send(refused.at(-1))).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(Object.keys(room.board.notes)).toHaveLength(LIMITS.opBurst + LIMITS.opsPerSecond);
  });

  it(`[L4] joins beyond a burst of ${LIMITS.joinBurst} per socket are rate_limited`, async () => {
    const clock = new FakeClock(Date.UTC(2025, 4, 1));
    const srv = await server({ clock });
    const b = await createBoard(srv.url);
    const a = peer(srv.url);
    const acks = await Promise.all(Array.from({ length: LIMITS.joinBurst + 2 }, (_, i) => a.join({ boardId: b.id, name: `A${i}` })));
    expect(acks.filter((x) => x.ok)).toHaveLength(LIMITS.joinBurst);
    expect(acks.filter((x) => !x.ok)).toMatchObject([{ error: { code: 'rate_limited' } }, { error: { code: 'rate_limited' } }]);
    clock.advance(1000 / LIMITS.joinsPerSecond);
    expect(await a.join({ boardId: b.id, name: 'A' })).toMatchObject({ ok: true });
  });

  it(`[L5][L9][L10] a socket that sends more than ${LIMITS.invalidEvents} invalid events within ${LIMITS.invalidWindowMs / 1000} s is disconnected`, async () => {
    const clock = new FakeClock(Date.UTC(2025, 4, 1));
    const srv = await server({ clock });
    const b = await createBoard(srv.url);
    const a = peer(srv.url);
    await a.join({ boardId: b.id, name: 'A' });
    // Spread over two windows, the same number is fine.
    for (let i = 0; i < LIMITS.invalidEvents; i++) expect(await a.send({ type: 'nonsense' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    clock.advance(LIMITS.invalidWindowMs);
    for (let i = 0; i < LIMITS.invalidEvents; i++) await a.send({ type: 'nonsense' });
    expect(a.socket.connected).toBe(true);
    const gone = disconnected(a.socket);
    await a.send({ type: 'nonsense' }).catch(() => {});
    expect(await gone).toBe('io server disconnect');

    // Unknown events, malformed cursors and joins count too.
    const untyped = (p: Peer) => p.socket as unknown as { emit: (event: string, ...args: unknown[]) => void };
    const kinds: ((p: Peer) => void)[] = [
      (p) => untyped(p).emit('drop_table'),
      (p) => untyped(p).emit('cursor', { x: 'NaN', y: 0 }),
      (p) => untyped(p).emit('join', { boardId: 5 }, () => {}),
      (p) => untyped(p).emit('op', { opId: opId(), type: 'timer.stop' }, 'one payload too many', () => {}),
    ];
    for (const send of kinds) {
      const p = peer(srv.url);
      await p.join({ boardId: b.id, name: 'P' });
      const out = disconnected(p.socket);
      for (let i = 0; i <= LIMITS.invalidEvents; i++) send(p);
      expect(await out).toBe('io server disconnect');
    }
  });
});

describe('connections and participants', () => {
  it(`[L6] open connections per address are capped (default ${LIMITS.connectionsPerAddress}, MAX_CONNECTIONS_PER_IP); loopback without a proxy address is not`, async () => {
    const srv = await server({ limits: { connectionsPerAddress: 3 }, trustProxy: true });
    const from = (addr: string) => peer(srv.url, { extraHeaders: { 'x-forwarded-for': `198.51.100.9, ${addr}` } });
    const first = [from('203.0.113.7'), from('203.0.113.7'), from('203.0.113.7')];
    expect(await Promise.all(first.map((p) => outcome(p.socket)))).toEqual(['connected', 'connected', 'connected']);
    expect(await outcome(from('203.0.113.7').socket)).toBe('refused');
    expect(await outcome(from('203.0.113.8').socket)).toBe('connected');
    const local = Array.from({ length: 5 }, () => peer(srv.url));
    expect(await Promise.all(local.map((p) => outcome(p.socket)))).toEqual(Array(5).fill('connected'));
    first[0]!.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await outcome(from('203.0.113.7').socket)).toBe('connected');

    expect(readConfig({}).maxConnectionsPerIp).toBe(LIMITS.connectionsPerAddress);
    expect(readConfig({ MAX_CONNECTIONS_PER_IP: '50', TRUST_PROXY: '1' })).toMatchObject({ maxConnectionsPerIp: 50, trustProxy: true });
    expect(() => readConfig({ MAX_CONNECTIONS_PER_IP: '0' })).toThrow(/MAX_CONNECTIONS_PER_IP/);
  });

  it(`[L8][R3] a board holds ${LIMITS.participantsPerBoard} participants; one more is limit, while everybody known can still come back`, async () => {
    const srv = await server({ limits: { joinBurst: 1e9 } });
    const b = await createBoard(srv.url);
    const a = peer(srv.url);
    // In rounds, so the heartbeat gets through between them on a busy machine (PR6).
    const acks: JoinAck[] = [];
    for (let i = 0; i <= LIMITS.participantsPerBoard; i += 25)
      acks.push(...(await Promise.all(Array.from({ length: Math.min(25, LIMITS.participantsPerBoard + 1 - i) }, (_, j) => a.join({ boardId: b.id, name: `参加者${i + j}` })))));
    expect(acks.filter((x) => x.ok)).toHaveLength(LIMITS.participantsPerBoard);
    expect(acks.filter((x) => !x.ok)).toMatchObject([{ error: { code: 'limit' } }]);
    const known = acks.find((x) => x.ok);
    if (!known?.ok) throw new Error('no identity');
    const back = peer(srv.url);
    expect(await back.join({ boardId: b.id, name: '戻り', participant: { id: known.you.id, secret: known.you.secret } })).toMatchObject({ ok: true });
  });
});
