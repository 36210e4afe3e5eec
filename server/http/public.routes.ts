import os from 'node:os';
import { balanceOf } from '../../shared/balance.js';
import { viewFor } from '../../shared/view.js';
import type { RoomRegistry } from '../rooms/registry.js';
import type { AnswerCache, readLimits } from './answer-cache.js';
import { roomOrRefusal, type Route } from './boards.routes.js';
import { json, SECURITY_HEADERS } from './respond.js';

/** Everyone at the table may read the results (情報はオープンに), but only what a participant may see. */
const PUBLIC_VIEWER = { id: '', role: 'participant' } as const;

type Deps = {
  registry: RoomRegistry;
  onlineOf: (boardId: string) => ReadonlySet<string>;
  /** The address the server listens on: a server bound to loopback has no LAN address to offer. */
  listening: () => string | null;
  /** Results kept per board state, and the per-address allowance of reads (BU3). */
  cache: AnswerCache;
  limits: ReturnType<typeof readLimits>;
};

const ANY = new Set(['0.0.0.0', '::', '']);
const isLoopback = (a: string) => a === '::1' || a.startsWith('127.') || a === 'localhost';

export function publicRoutes({ registry, onlineOf, listening, cache, limits }: Deps) {
  const results: Route = async (req, res, [id]) => {
    if (!limits.request(req, res)) return;
    const room = await roomOrRefusal(res, registry, id);
    if (!room) return;
    const b = room.board;
    const online = onlineOf(b.id);
    // Who is online changes the balance without changing the board.
    const key = `results ${[...online].sort().join(',')}`;
    let body = cache.kept(b.id, b.seq, key);
    const fresh = body === undefined;
    if (body === undefined) {
      if (!limits.make(req, res)) return;
      body = JSON.stringify({ board: viewFor(b, PUBLIC_VIEWER), balance: balanceOf(b, online, { facilitator: false }) });
      cache.keep(b.id, b.seq, key, body);
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Cache': fresh ? 'miss' : 'hit' });
    res.end(body);
  };

  /**
   * The addresses participants on the venue network can use, so a facilitator who opened
   * `localhost` still gets a QR code that works from a phone.
   */
  const network: Route = (req, res) => {
    const port = req.socket.localPort;
    const bound = listening();
    const urls: string[] = [];
    if (bound !== null && isLoopback(bound)) return json(res, 200, { urls });
    if (bound !== null && !ANY.has(bound)) return json(res, 200, { urls: [`http://${bound.includes(':') ? `[${bound}]` : bound}:${port}`] });
    for (const list of Object.values(os.networkInterfaces()))
      for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}`);
    json(res, 200, { urls });
  };

  return { results, network };
}
