import { afterEach, describe, expect, it } from 'vitest';
import { JOIN_CODE_BUDGET } from '../../server/http/join-code-limit.js';
import { addressKey, RateLimiter } from '../../server/http/rate-limit.js';
import { createBoard, removeDir, startServer, type StartOptions, type TestServer } from '../helpers/server.js';
import { FakeClock } from './workshop.fixtures.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function server(opts: StartOptions = {}): Promise<TestServer> {
  const srv = await startServer({ trustProxy: true, ...opts });
  cleanup.push(async () => {
    await srv.stop();
    await removeDir(srv.dataDir);
  });
  return srv;
}

/** A look-up as a browser behind the trusted proxy at `from` would make it. */
async function lookUp(srv: TestServer, code: string, from: string) {
  const res = await fetch(`${srv.url}/api/join/${code}`, { headers: { 'x-forwarded-for': from } });
  const body = (await res.json()) as { id?: string; error?: { code: string; message: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body };
}

/** A six-digit code no board on `srv` has. */
function wrongCode(taken: string, i: number) {
  const c = String((Number(taken) + 1 + i) % 1_000_000).padStart(6, '0');
  return c;
}

describe('join-code look-ups', () => {
  it('[SC4][H3] a guesser with many addresses gets 20 wrong codes per address, then 429 with Retry-After', async () => {
    const srv = await server();
    const b = await createBoard(srv.url);
    let guesses = 0;
    for (let a = 1; a <= 5; a++) {
      const results = [];
      for (let i = 0; i < JOIN_CODE_BUDGET.failedPerAddress + 3; i++) results.push(await lookUp(srv, wrongCode(b.code, guesses++), `198.51.100.${a}`));
      expect(results.slice(0, JOIN_CODE_BUDGET.failedPerAddress).map((r) => r.status)).toEqual(Array(JOIN_CODE_BUDGET.failedPerAddress).fill(404));
      for (const r of results.slice(JOIN_CODE_BUDGET.failedPerAddress)) {
        expect(r.status).toBe(429);
        expect(r.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/wrong codes from your network/) });
        expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(r.retryAfter)).toBeLessThanOrEqual(60);
      }
      // Refused means refused: even the right code waits, so a 429 never tells a guess was right.
      expect((await lookUp(srv, b.code, `198.51.100.${a}`)).status).toBe(429);
    }
    // Somebody else, at another address, is not held up by them.
    expect(await lookUp(srv, b.code, '192.0.2.44')).toMatchObject({ status: 200, body: { id: b.id } });
  });

  it('[SC5] IPv6 addresses of one /64 share one allowance; IPv4-mapped addresses count as IPv4', async () => {
    const srv = await server();
    const b = await createBoard(srv.url);
    const statuses: number[] = [];
    for (let i = 0; i < JOIN_CODE_BUDGET.failedPerAddress + 5; i++) {
      // A new interface id every time, as a host with privacy addresses (or a guesser) can make them.
      const from = `2001:db8:7:42:${(0x1000 + i).toString(16)}:${i.toString(16)}:beef:${((i * 7919) & 0xffff).toString(16)}`;
      statuses.push((await lookUp(srv, wrongCode(b.code, i), from)).status);
    }
    expect(statuses.filter((s) => s === 404)).toHaveLength(JOIN_CODE_BUDGET.failedPerAddress);
    expect(statuses.slice(JOIN_CODE_BUDGET.failedPerAddress)).toEqual(Array(5).fill(429));
    expect((await lookUp(srv, b.code, '2001:db8:7:42::1')).status).toBe(429);
    // The neighbouring /64 is someone else.
    expect((await lookUp(srv, b.code, '2001:db8:7:43::1')).status).toBe(200);

    expect(addressKey('2001:DB8:7:42::1')).toBe('2001:db8:7:42::/64');
    expect(addressKey('2001:db8:0:0:ffff::1%eth0')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
  });

  it('[SC6] wrong codes from everybody are limited server-wide; then every look-up waits for the window', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 10, 1, 0));
    const srv = await server({ clock });
    const b = await createBoard(srv.url);
    // A botnet: every address stays under its own allowance.
    const perAddress = JOIN_CODE_BUDGET.failedPerAddress - 1;
    let guesses = 0;
    const statuses: number[] = [];
    for (let a = 0; guesses < JOIN_CODE_BUDGET.failedServerWide + 10; a++)
      for (let i = 0; i < perAddress; i++) statuses.push((await lookUp(srv, wrongCode(b.code, guesses++), `10.9.${a >> 8}.${a & 255}`)).status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(JOIN_CODE_BUDGET.failedServerWide);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);

    const blocked = await lookUp(srv, b.code, '192.0.2.200');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.message).toMatch(/on this server.*join link or QR code/);
    expect(Number(blocked.retryAfter)).toBeGreaterThanOrEqual(1);

    clock.advance(JOIN_CODE_BUDGET.windowMs);
    expect(await lookUp(srv, b.code, '192.0.2.200')).toMatchObject({ status: 200, body: { id: b.id } });
  });

  it('[SC4] a venue behind one NAT: 60 right look-ups and a few typos within a minute all get an answer', async () => {
    const srv = await server();
    const b = await createBoard(srv.url);
    const venue = '203.0.113.80';
    const answers = await Promise.all(Array.from({ length: 60 }, () => lookUp(srv, b.code, venue)));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(200));
    const typos = await Promise.all(Array.from({ length: 8 }, (_, i) => lookUp(srv, wrongCode(b.code, i), venue)));
    expect(typos.map((a) => a.status)).toEqual(Array(8).fill(404));
    expect((await lookUp(srv, b.code, venue)).status).toBe(200);
  });

  it('[SC7] the limiter forgets the oldest windows one at a time, never everybody at once', () => {
    let t = 0;
    const limiter = new RateLimiter(2, 60_000, () => t, 100);
    limiter.hit('guesser');
    limiter.hit('guesser');
    expect(limiter.spent('guesser')).toBe(true);
    t += 1;
    // Fresh addresses up to the bound do not wash the guesser out.
    for (let i = 0; i < 99; i++) limiter.hit(`fresh-${i}`);
    expect(limiter.size).toBe(100);
    expect(limiter.spent('guesser')).toBe(true);
    // One more and the oldest window goes first — only that one.
    limiter.hit('one-more');
    expect(limiter.size).toBe(100);
    expect(limiter.spent('guesser')).toBe(false);
    expect(limiter.allow('fresh-0')).toBe(true);
    expect(limiter.allow('fresh-0')).toBe(false);
  });
});
