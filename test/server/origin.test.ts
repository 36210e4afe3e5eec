import { io as ioc, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.js';
import { originAllowed } from '../../server/realtime/admission.js';
import { removeDir, startServer, type TestServer } from '../helpers/server.js';

let srv: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  srv = await startServer({ allowedOrigins: ['https://board.example.org'] });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await srv.stop();
  await removeDir(srv.dataDir);
});

/** Whether Socket.IO lets a client with these headers in. */
function attempt(headers: Record<string, string>, transport: 'websocket' | 'polling' = 'websocket') {
  const s = ioc(srv.url, { transports: [transport], forceNew: true, reconnection: false, extraHeaders: headers });
  sockets.push(s);
  return new Promise<'connected' | 'refused'>((r) => {
    s.once('connect', () => r('connected'));
    s.once('connect_error', () => r('refused'));
  });
}

describe('Origin of a socket handshake', () => {
  it('[L7] a foreign Origin is refused, over WebSocket and long-polling alike', async () => {
    expect(await attempt({ origin: 'http://evil.example' })).toBe('refused');
    expect(await attempt({ origin: 'http://evil.example' }, 'polling')).toBe('refused');
  });

  it('[L7] the page origin the server was reached by is allowed, LAN addresses included', async () => {
    expect(await attempt({ origin: srv.url })).toBe('connected');
    expect(await attempt({ origin: srv.url }, 'polling')).toBe('connected');
    // A participant who opened http://192.168.1.20:3000/ reaches the server under that Host.
    expect(await attempt({ host: '192.168.1.20:3000', origin: 'http://192.168.1.20:3000' })).toBe('connected');
    expect(await attempt({ host: '192.168.1.20:3000', origin: 'http://192.168.1.20:4000' })).toBe('refused');
  });

  it('[L7] no Origin at all (a tool, not a browser page) is allowed', async () => {
    expect(await attempt({})).toBe('connected');
  });

  it('[L7] ALLOWED_ORIGINS adds origins, exactly: no look-alikes, no "null"', async () => {
    expect(await attempt({ origin: 'https://board.example.org' })).toBe('connected');
    expect(await attempt({ origin: 'https://board.example.org.evil.example' })).toBe('refused');
    expect(await attempt({ origin: 'http://board.example.org' })).toBe('refused');
    expect(await attempt({ origin: 'null' })).toBe('refused');
  });

  it('[L7] the rule, case by case, and ALLOWED_ORIGINS as read from the environment', () => {
    const list = new Set(['https://board.example.org']);
    expect(originAllowed(undefined, 'x:1', list)).toBe(true);
    expect(originAllowed('http://10.0.0.5:3000', '10.0.0.5:3000', list)).toBe(true);
    expect(originAllowed('https://onaji.example', 'onaji.example', list)).toBe(true); // TLS proxy, Host kept
    expect(originAllowed('http://10.0.0.5:3000', '10.0.0.6:3000', list)).toBe(false);
    expect(originAllowed('https://BOARD.example.org/', 'x', list)).toBe(true);
    expect(originAllowed('file://', 'x', list)).toBe(false);
    expect(originAllowed('not a url', 'x', list)).toBe(false);
    expect(readConfig({ ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080/' }).allowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(readConfig({}).allowedOrigins).toEqual([]);
    expect(() => readConfig({ ALLOWED_ORIGINS: 'a.example' })).toThrow(/ALLOWED_ORIGINS/);
  });
});
