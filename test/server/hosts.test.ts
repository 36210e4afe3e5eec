import { readdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { io as ioc } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import { defaultAllowedHosts, hostCheck } from '../../server/http/hosts.js';
import { spawnServer, waitExit } from '../helpers/process.js';
import { removeDir, startServer, tempDir, type TestServer } from '../helpers/server.js';

// DNS rebinding: evil.example is made to resolve to the workshop laptop; a page there then talks
// to the server as its own origin, so only the Host it names gives it away.

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer({ allowedHosts: ['127.0.0.1', 'localhost', 'board.example.org'] });
});
afterAll(async () => {
  await srv.stop();
  await removeDir(srv.dataDir);
});

type Raw = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** A request with exactly this Host header (fetch may not set one). */
function request(url: string, host: string, opts: { method?: string; path?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: { host, ...opts.headers } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A WebSocket upgrade with this Host: the answer's status and body. */
function upgrade(url: string, host: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname,
      port: u.port,
      path: '/socket.io/?EIO=4&transport=websocket',
      headers: { host, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode!, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
      res.on('error', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function socketWith(host: string) {
  const s = ioc(srv.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { host, origin: `http://${host}` } });
  return new Promise<'connected' | 'refused'>((r) => {
    s.once('connect', () => (s.close(), r('connected')));
    s.once('connect_error', () => (s.close(), r('refused')));
  });
}

const port = () => new URL(srv.url).port;
const board = JSON.stringify({ title: 'rebinding' });
const json = { 'content-type': 'application/json' };

describe('ALLOWED_HOSTS', () => {
  it('[LK6] an HTTP request naming a foreign Host is refused with 421 and a message naming the setting, creating nothing', async () => {
    for (const path of ['/api/boards/bAnything', '/api/templates', '/', '/b/bAnything']) {
      const res = await request(srv.url, `evil.example:${port()}`, { path });
      expect(res.status, path).toBe(421);
      expect(JSON.parse(res.body).error.message).toMatch(/ALLOWED_HOSTS/);
    }
    const create = await request(srv.url, `evil.example:${port()}`, { method: 'POST', path: '/api/boards', body: board, headers: json });
    expect(create.status).toBe(421);
    expect(create.body).not.toContain('evil.example');
    expect(await readdir(path.join(srv.dataDir, 'boards')).catch(() => [])).toEqual([]);
  });

  it('[LK6] a Socket.IO handshake naming a foreign Host is refused, polling and WebSocket alike', async () => {
    const polling = await request(srv.url, `evil.example:${port()}`, { path: '/socket.io/?EIO=4&transport=polling' });
    expect(polling.status, polling.body).toBe(403);
    expect(polling.body).toMatch(/ALLOWED_HOSTS/);
    // engine.io answers every refused upgrade with 400, the reason in the body.
    const ws = await upgrade(srv.url, `evil.example:${port()}`);
    expect(ws.status).toBe(400);
    expect(ws.body).toMatch(/ALLOWED_HOSTS/);
    expect((await upgrade(srv.url, `127.0.0.1:${port()}`)).status).toBe(101);
    expect(await socketWith(`evil.example:${port()}`)).toBe('refused');
    expect(await socketWith(`127.0.0.1:${port()}`)).toBe('connected');
  });

  it('[LK6] allowed names answer on any port, and the URLs of a new board use the Host that was allowed', async () => {
    expect((await request(srv.url, `localhost:${port()}`, { path: '/api/templates' })).status).toBe(200);
    expect((await request(srv.url, 'BOARD.example.org', { path: '/api/templates' })).status).toBe(200);
    const created = await request(srv.url, 'board.example.org:8443', { method: 'POST', path: '/api/boards', body: board, headers: json });
    expect(created.status).toBe(201);
    const urls = JSON.parse(created.body).urls as Record<string, string>;
    for (const u of Object.values(urls)) expect(new URL(u).host).toBe('board.example.org:8443');
    // Look-alikes are other names.
    for (const host of ['board.example.org.evil.example', 'evil-board.example.org', 'localhost.evil.example', 'user@localhost', 'localhost:3000/x'])
      expect((await request(srv.url, host, { path: '/api/templates' })).status, JSON.stringify(host)).toBe(421);
    // A health probe may name the node by any address.
    expect((await request(srv.url, '10.1.2.3:9999', { path: '/healthz' })).status).toBe(200);
  });

  it('[LK6] the default list is what the server prints: localhost, loopback, every address, the host name and its .local name', () => {
    const interfaces = { lo: [{ address: '127.0.0.1' }, { address: '::1' }], wlan0: [{ address: '192.168.1.20' }, { address: 'fe80::1%wlan0' }] } as never;
    const list = defaultAllowedHosts('0.0.0.0', interfaces, 'Workshop-PC');
    const ok = hostCheck(list)!;
    for (const h of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', '192.168.1.20:3000', '[fe80::1]:3000', 'workshop-pc:3000', 'Workshop-PC.local:3000', '192.168.1.20'])
      expect(ok(h), h).toBe(true);
    for (const h of ['evil.example:3000', '192.168.1.21:3000', undefined]) expect(ok(h), String(h)).toBe(false);
    expect(readConfig({}).allowedHosts).toBeNull();
    expect(readConfig({ ALLOWED_HOSTS: ' board.example.org , localhost ' }).allowedHosts).toEqual(['board.example.org', 'localhost']);
    expect(hostCheck(['*'])).toBeNull();
  });

  it('[LK6] `npm start` checks Host by default and still answers on the addresses it prints', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir();
    const proc = await spawnServer(dataDir);
    try {
      expect((await request(proc.url, `evil.example:${new URL(proc.url).port}`, { path: '/api/templates' })).status).toBe(421);
      const printed = [...proc.output().matchAll(/(?:local|network):\s+(http:\/\/\S+?)\/?\s/g)].map((m) => new URL(m[1]!).host);
      expect(printed.length).toBeGreaterThan(0);
      for (const host of printed) expect((await request(proc.url, host, { path: '/api/templates' })).status, host).toBe(200);
    } finally {
      proc.child.kill('SIGTERM');
      await waitExit(proc.child);
      await removeDir(dataDir);
    }
  });
});
