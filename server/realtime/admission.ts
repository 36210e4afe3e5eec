import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { HOST_REFUSED, type HostCheck } from '../http/hosts.js';
import type { Log } from '../log.js';
import type { AppSocket, IO } from './types.js';

export type AdmissionOptions = {
  /** Extra page origins allowed to open a socket (`ALLOWED_ORIGINS`), e.g. `https://board.example.org`. */
  allowedOrigins: readonly string[];
  maxPerAddress: number;
  /** Take the client address from `X-Forwarded-For` (the server runs behind a reverse proxy). */
  trustProxy: boolean;
  isClosing: () => boolean;
  log: Log;
  /** `ALLOWED_HOSTS` (LK6): a handshake naming another Host is refused; none given, none checked. */
  hostAllowed?: HostCheck | null;
};

/** The address a request came from: the proxy's last `X-Forwarded-For` entry when it is trusted. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? '?';
}

/** `scheme://host[:port]` of a URL, lower-case; null for anything that is not one. */
export function normalOrigin(text: string): string | null {
  try {
    const u = new URL(text);
    return u.origin === 'null' ? null : u.origin;
  } catch {
    return null;
  }
}

/**
 * WebSockets are not covered by CORS: any page a participant has open could otherwise talk to
 * this server with the participant's network position. A browser always sends `Origin`; the page
 * must come from the host it used to reach us (so LAN addresses work) or from the allow-list.
 * No `Origin` at all is a tool, not a browser page, and is let through (L7).
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  const o = normalOrigin(origin);
  if (!o) return false;
  if (allowed.has(o)) return true;
  if (!host) return false;
  try {
    return new URL(o).host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}

/** engine.io's stand-in response to a WebSocket upgrade. */
type StandIn = { socket: Socket; listenerCount: (event: 'close') => number };
/** The listener by which engine.io tells the stand-in response that its TCP socket closed. */
const CLOSE_RELAY = '() => this.emit("close")';

/**
 * engine.io relays its TCP socket's `close` to the stand-in response, for middlewares that wait
 * for the response to end; that listener keeps the response, its listener table and a closure for
 * the connection's life (about 300 bytes). No middleware here listens, so the relay goes. It is
 * recognised by its source text: a changed engine.io keeps whatever it registers instead.
 */
function dropCloseRelay(res: StandIn) {
  if (res.listenerCount('close') > 0) return;
  const relays = res.socket.rawListeners('close') as ((...a: unknown[]) => void)[];
  for (let i = relays.length - 1; i >= 0; i--) {
    const fn = relays[i]!;
    const inner = (fn as { listener?: unknown }).listener ?? fn;
    if (typeof inner === 'function' && inner.toString() === CLOSE_RELAY) {
      res.socket.removeListener('close', fn);
      return;
    }
  }
}

const NOTHING = Object.freeze({});

/**
 * Socket.IO keeps each socket's handshake record (public `socket.handshake`) for the connection's
 * life: empty headers and query (the first request is already dropped), the auth no client sends,
 * and a date string. Nothing reads them after admission (`issued` keeps the moment), so every
 * socket shares one empty object and no string: about 250 bytes of each connection's share
 * (P6-conn, PERFORMANCE.md). test/server/connection-state.test.ts keeps it from going unnoticed.
 */
function slimHandshake(socket: AppSocket) {
  const h = socket.handshake;
  h.headers = NOTHING;
  h.query = NOTHING;
  h.auth = NOTHING;
  h.time = '';
}

/** What admission reads of an engine.io connection. */
type EngineConn = { request: IncomingMessage | null; remoteAddress: string; close: () => void; on: (e: 'close', fn: (this: EngineConn) => void) => void };

/** Connections loopback makes are this machine's own (a local tool, or a proxy not yet trusted). */
export const isLoopback = (addr: string) => addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';

/**
 * Who may open a connection: Socket.IO's `allowRequest` (runs on every handshake, polling and
 * WebSocket alike) and the count of open connections per address (L6, L7, L13).
 */
export function admission(opts: AdmissionOptions) {
  const allowed = new Set(opts.allowedOrigins.map((o) => normalOrigin(o)).filter((o): o is string => o !== null));
  const open = new Map<string, number>();
  const full = (addr: string) => !isLoopback(addr) && (open.get(addr) ?? 0) >= opts.maxPerAddress;
  // Behind a trusted proxy, the forwarded address of each connection, remembered beside it.
  const forwarded = new WeakMap<object, string>();
  /** The client address of an open connection, as admission counted it. */
  const addressOf = (conn: { remoteAddress: string }) => forwarded.get(conn) ?? conn.remoteAddress;

  const allowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    if (opts.isClosing()) return callback('the server is restarting', false);
    if (opts.hostAllowed && !opts.hostAllowed(req.headers.host)) return callback(HOST_REFUSED, false);
    if (!originAllowed(req.headers.origin, req.headers.host, allowed)) return callback('this page may not connect here', false);
    if (full(clientAddress(req, opts.trustProxy))) return callback('too many connections from this address', false);
    callback(null, true);
  };

  const watch = (io: IO) => {
    // A WebSocket upgrade gets a stand-in response from engine.io that keeps its request (headers,
    // query and all) for as long as the connection lasts, through a listener on the TCP socket.
    // Only middlewares see it, and nothing reads its request once the middlewares have run.
    io.engine.use((_req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
      next();
      if (res instanceof ServerResponse) return;
      (res as unknown as { req: unknown }).req = null;
      dropCloseRelay(res as unknown as StandIn);
    });
    // One close listener for every connection. It finds the address engine.io keeps for the
    // connection, or, behind a trusted proxy, the forwarded one, remembered beside it.
    const onClose = function (this: EngineConn) {
      const addr = addressOf(this);
      const n = (open.get(addr) ?? 1) - 1;
      if (n <= 0) open.delete(addr);
      else open.set(addr, n);
    };
    io.engine.on('connection', (conn: EngineConn) => {
      const addr = clientAddress(conn.request!, opts.trustProxy);
      // Nothing reads the first HTTP request after this (Socket.IO's handshake copes without it, and
      // the address is kept by engine.io); held for the connection's life it would weigh on each (P6).
      conn.request = null;
      // Handshakes that arrived together all passed allowRequest; the count settles it.
      if (full(addr)) {
        opts.log.warn('refused a connection: too many from one address', { max: opts.maxPerAddress });
        return conn.close();
      }
      open.set(addr, (open.get(addr) ?? 0) + 1);
      if (addr !== conn.remoteAddress) forwarded.set(conn, addr);
      conn.on('close', onClose);
    });
    io.on('connection', slimHandshake);
  };

  return { allowRequest, watch, addressOf };
}
