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
import { BodyError, fail, json, readJson } from './respond.js';

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

/** Read a body of at most `limit` bytes as it came, for a worker to parse (L2's checks, no parsing here). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new BodyError(415, 'invalid', 'send JSON (Content-Type: application/json)');
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw new BodyError(413, 'limit', `the body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyError(413, 'limit', `the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

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
        body = await readBody(req, LIMITS.importBytes);
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
    let raw: unknown;
    try {
      raw = await readJson(req, NEXT_BODY_LIMIT);
    } catch (e) {
      if (e instanceof BodyError) return fail(res, e.status, e.code, e.message);
      throw e;
    }
    const body = NextSessionBody.safeParse(raw);
    if (!body.success) {
      const i = body.error.issues[0];
      return fail(res, 400, 'invalid', `${i?.path.map(String).join('.') || 'body'}: ${i?.message}`);
    }
    const template = (await findTemplate(body.data.template ?? original.board.template)) ?? (await findTemplate('blank'))!;
    if (body.data.template && template.id !== body.data.template) return fail(res, 400, 'invalid', `unknown template ${body.data.template}`);
    const next = nextSession(original.board, template, body.data, clock.now());
    if (!next.ok) return fail(res, 400, 'invalid', next.message);
    const { room, facilitatorKey } = await registry.importBoard(next.value);
    json(res, 201, createdResponse(req, room, facilitatorKey, trustProxy));
  };

  return { importBoard, nextBoard, close: () => pool.close() };
}
