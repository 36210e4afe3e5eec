import os from 'node:os';
import { balanceOf } from '../../shared/balance.js';
import { viewFor } from '../../shared/view.js';
import type { RoomRegistry } from '../rooms/registry.js';
import { roomOrRefusal, type Route } from './boards.routes.js';
import { json } from './respond.js';

/** Everyone at the table may read the results (情報はオープンに), but only what a participant may see. */
const PUBLIC_VIEWER = { id: '', role: 'participant' } as const;

export function publicRoutes({ registry, onlineOf }: { registry: RoomRegistry; onlineOf: (boardId: string) => ReadonlySet<string> }) {
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
    const urls: string[] = [];
    for (const list of Object.values(os.networkInterfaces()))
      for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) urls.push(`http://${a.address}:${port}`);
    json(res, 200, { urls });
  };

  return { results, network };
}
