import os from 'node:os';
import { balanceOf } from '../../shared/balance.js';
import { viewFor } from '../../shared/view.js';
import type { RoomRegistry } from '../rooms/registry.js';
import { roomOrRefusal, type Route } from './boards.routes.js';
import { json } from './respond.js';

/** Everyone at the table may read the results (情報はオープンに), but only what a participant may see. */
const PUBLIC_VIEWER = { id: '', role: 'participant' } as const;

type Deps = {
  registry: RoomRegistry;
  onlineOf: (boardId: string) => ReadonlySet<string>;
  /** The address the server listens on: a server bound to loopback has no LAN address to offer. */
  listening: () => string | null;
};

const ANY = new Set(['0.0.0.0', '::', '']);
const isLoopback = (a: string) => a === '::1' || a.startsWith('127.') || a === 'localhost';

export function publicRoutes({ registry, onlineOf, listening }: Deps) {
  const results: Route = async (_req, res, [id]) => {
    const room = await roomOrRefusal(res, registry, id);
    if (!room) return;
    const b = room.board;
    json(res, 200, { board: viewFor(b, PUBLIC_VIEWER), balance: balanceOf(b, onlineOf(b.id), { facilitator: false }) });
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
