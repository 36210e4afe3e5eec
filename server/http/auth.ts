import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomRegistry } from '../rooms/registry.js';
import type { Room } from '../rooms/room.js';
import { secretMatches } from '../secrets.js';
import { roomOrRefusal } from './boards.routes.js';
import { fail } from './respond.js';

/** The facilitator key from `Authorization: Bearer …`, or from `?key=` for a plain download link. */
export function facilitatorKeyOf(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const bearer = header && /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1]!;
  const key = new URL(req.url ?? '/', 'http://x').searchParams.get('key');
  return key || null;
}

/**
 * The board, if the request carries its facilitator key; otherwise the refusal is already sent:
 * 401 without a key, 404 for an unknown board (503 for an unreadable one, L15), 403 for a wrong
 * key (compared in constant time).
 */
export async function facilitatorRoom(req: IncomingMessage, res: ServerResponse, registry: RoomRegistry, id: string | undefined): Promise<Room | null> {
  const key = facilitatorKeyOf(req);
  if (!key) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="onaji-table"');
    fail(res, 401, 'forbidden', 'send the facilitator key (Authorization: Bearer <key> or ?key=)');
    return null;
  }
  const room = await roomOrRefusal(res, registry, id);
  if (!room) return null;
  if (!secretMatches(key, room.meta.facilitatorKeyHash)) {
    fail(res, 403, 'forbidden', 'this facilitator key is not valid for this board');
    return null;
  }
  return room;
}
