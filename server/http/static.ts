import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fail, hostOf, SECURITY_HEADERS } from './respond.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * No inline scripts and no other origins: everything the page needs comes from this server. The
 * socket's `ws://`/`wss://` is named with the host the page was loaded from, because older
 * browsers do not count WebSockets to the same host as `'self'`; a bare `ws:` would allow any host.
 */
export function pageCsp(host: string | null): string {
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self'${sockets}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Without a built client every page is a 404 (tests that need only the API). */
export async function notBuilt(_req: IncomingMessage, res: ServerResponse) {
  res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found');
}

export function staticHandler(root: string) {
  return async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      // Answering with the page would hide the broken link; answering 500 would blame the server.
      return fail(res, 400, 'invalid', 'the address is not valid percent-encoding');
    }
    const file = path.join(root, path.normalize(rel).replace(/^([/\\])+/, ''));
    const inside = file.startsWith(root + path.sep);
    let target = inside ? file : path.join(root, 'index.html');
    let stat = await fs.stat(target).catch(() => null);
    // App routes (/b/…, /j/…) are the single page; a missing asset is a 404, not the page.
    if (!stat?.isFile()) {
      if (rel.startsWith('/assets/')) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('not found');
      }
      target = path.join(root, 'index.html');
      stat = await fs.stat(target).catch(() => null);
      if (!stat?.isFile()) {
        res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        return res.end('The client is not built yet. Run `npm start` (it builds it) or `npm run build`.');
      }
    }
    const hashed = target.includes(`${path.sep}assets${path.sep}`);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': TYPES[path.extname(target)] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Content-Security-Policy': pageCsp(hostOf(req)),
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(target).pipe(res);
  };
}
