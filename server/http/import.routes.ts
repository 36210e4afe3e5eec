import { LIMITS } from '../../shared/limits.js';
import type { Template } from '../../shared/templates/index.js';
import { nextSession, NextSessionBody } from '../export/handover.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../log.js';
import type { RoomRegistry } from '../rooms/registry.js';
import { newBoardId } from '../secrets.js';
import { facilitatorRoom, type MayCreate } from './auth.js';
import { createdResponse, type Route } from './boards.routes.js';
import { ImportPool, ImportsBusy } from './import-pool.js';
import { BodyError, fail, json, readBody, readBytes } from './respond.js';

type Deps = {
  registry: RoomRegistry;
  clock: Clock;
  trustProxy: boolean;
  /** The per-address allowance of new boards (L2), shared with create. */
  newBoards: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Built-in or custom, so the next session of a board made from a saved template keeps it. */
  findTemplate: (id: string) => Promise<Template | undefined>;
  /** The server's create key, when it has one (CK1); the next session needs the board's key instead (CK2). */
  mayCreate: MayCreate;
  /** Imports parsed at once, and waiting for a turn (BU2). */
  importsAtOnce: number;
  importsWaiting: number;
};

export const NEXT_BODY_LIMIT = LIMITS.nextBodyBytes;

/** New boards made from old ones: an imported snapshot (X9) and the next session (X14). */
/** How long a refused import is told to wait: one import of the largest file takes a second or two. */
export const IMPORT_RETRY_SECONDS = 5;

export function importRoutes({ registry, clock, trustProxy, newBoards, findTemplate, mayCreate, importsAtOnce, importsWaiting }: Deps) {
  const pool = new ImportPool(importsAtOnce, importsWaiting);

  const importBoard: Route = async (req, res) => {
    if (!newBoards(req, res) || !mayCreate(req, res)) return;
    let done: () => void;
    try {
      done = await pool.turn();
    } catch (e) {
      if (!(e instanceof ImportsBusy)) throw e;
      res.setHeader('Retry-After', String(IMPORT_RETRY_SECONDS));
      // Not counted against the address's new boards: nothing was made.
      return fail(res, 429, 'rate_limited', 'the server is busy reading other imports; try again in a few seconds');
    }
    try {
      let body: Buffer;
      try {
        body = await readBytes(req, LIMITS.importBytes);
      } catch (e) {
        if (e instanceof BodyError) return fail(res, e.status, e.code, e.message);
        throw e;
      }
      let parsed;
      try {
        parsed = await pool.parse(body, newBoardId());
      } catch {
        return fail(res, 413, 'limit', 'this file is too large for the server to read');
      }
      if (!parsed.ok) return fail(res, parsed.status, parsed.status === 400 ? 'invalid' : 'conflict', parsed.message);
      const made = await registry.importText(parsed.board);
      json(res, 201, createdResponse(req, made, made.facilitatorKey, trustProxy));
    } finally {
      done();
    }
  };

  const nextBoard: Route = async (req, res, [id]) => {
    const original = await facilitatorRoom(req, res, registry, id);
    if (!original || !newBoards(req, res)) return;
    const body = await readBody(req, res, NextSessionBody, NEXT_BODY_LIMIT);
    if (!body) return;
    const template = (await findTemplate(body.template ?? original.board.template)) ?? (await findTemplate('blank'))!;
    if (body.template && template.id !== body.template) return fail(res, 400, 'invalid', `unknown template ${body.template}`);
    const next = nextSession(original.board, template, body, clock.now());
    if (!next.ok) return fail(res, 400, 'invalid', next.message);
    const { room, facilitatorKey } = await registry.importBoard(next.value);
    json(res, 201, createdResponse(req, room, facilitatorKey, trustProxy));
  };

  return { importBoard, nextBoard, close: () => pool.close() };
}
