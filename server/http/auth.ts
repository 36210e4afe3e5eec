import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomRegistry } from '../rooms/registry.js';
import type { Room } from '../rooms/room.js';
import { hashSecret, secretMatches } from '../secrets.js';
import { roomOrRefusal } from './boards.routes.js';
import { fail, json } from './respond.js';

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

/** The header that carries the server's create key (CK1). */
export const CREATE_KEY_HEADER = 'x-create-key';

/**
 * Who may make a board here (CK1–CK3). Without `CREATE_KEY` anybody who reaches the server may,
 * as on a laptop in the room. With it, creating, importing and saving a template need the key
 * in `X-Create-Key`, compared in constant time, so a shared server is not an open disk.
 * `mayCreate` is false when the refusal is already sent (403 `forbidden`).
 */
export function createGate(createKey: string | null | undefined) {
  const keyHash = createKey ? hashSecret(createKey) : null;
  const mayCreate = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!keyHash) return true;
    const given = req.headers[CREATE_KEY_HEADER];
    if (typeof given !== 'string' || given === '') {
      fail(res, 403, 'forbidden', 'this server needs its create key to make boards (X-Create-Key); ask whoever runs it');
      return false;
    }
    if (!secretMatches(given, keyHash)) {
      fail(res, 403, 'forbidden', 'this create key is not valid on this server');
      return false;
    }
    return true;
  };
  /** `GET /api/server`: what a page must know before it offers to create (CK3). */
  const info = (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { createKeyRequired: keyHash !== null });
  return { mayCreate, info };
}
export type MayCreate = ReturnType<typeof createGate>['mayCreate'];
