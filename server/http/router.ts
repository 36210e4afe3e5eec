import { DiskFull, StoreUnavailable } from '../store/types.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { redact, type Log } from '../log.js';
import type { Route } from './boards.routes.js';
import { HOST_REFUSED, type HostCheck } from './hosts.js';
import { fail, json } from './respond.js';

type Entry = { method: string; pattern: RegExp; route: Route };

/** A small table of routes; the board API is a handful of paths, not worth a framework. */
export class Router {
  private entries: Entry[] = [];
  constructor(
    private readonly log: Log,
    private readonly fallback: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<unknown>,
    /** `ALLOWED_HOSTS` (LK6); without it every Host is answered. */
    private readonly hostAllowed: HostCheck | null = null,
  ) {}

  on(method: string, pattern: RegExp, route: Route) {
    this.entries.push({ method, pattern, route });
    return this;
  }

  handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      // A load balancer's probe may name the node by any address; the answer says nothing.
      if (url.pathname === '/healthz') return json(res, 200, { ok: true });
      if (this.hostAllowed && !this.hostAllowed(req.headers.host)) return fail(res, 421, 'forbidden', HOST_REFUSED);
      for (const e of this.entries) {
        const m = e.pattern.exec(url.pathname);
        if (!m) continue;
        if (req.method !== e.method) continue;
        const params = decodeAll(m.slice(1));
        if (!params) return fail(res, 400, 'invalid', 'the address is not valid percent-encoding');
        return await e.route(req, res, params);
      }
      if (url.pathname.startsWith('/api/')) return fail(res, 404, 'not_found', 'no such API');
      if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'invalid', 'method not allowed');
      await this.fallback(req, res, url.pathname);
    } catch (e) {
      if (e instanceof DiskFull) return fail(res, 507, 'limit', e.message);
      if (e instanceof StoreUnavailable) return fail(res, 503, 'unavailable', e.message);
      // The path names the board and the query may carry its key: neither goes into a log (L11).
      this.log.error('request failed', { method: req.method, path: redact(url.pathname), error: String(e) });
      if (!res.headersSent) fail(res, 500, 'conflict', 'the server could not answer; please retry');
      else res.destroy();
    }
  };
}

/** Path parts as text, or null when one is not valid percent-encoded UTF-8 (a client's mistake, not ours). */
export function decodeAll(parts: string[]): string[] | null {
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return null;
  }
}
