import { reassignSections } from '../../shared/geometry.js';
import { LIMITS } from '../../shared/limits.js';
import { parseSnapshot } from '../../shared/snapshot.js';
import type { Template } from '../../shared/templates/index.js';
import { nextSession, NextSessionBody } from '../export/handover.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../log.js';
import type { RoomRegistry } from '../rooms/registry.js';
import { facilitatorRoom, type MayCreate } from './auth.js';
import { createdResponse, type Route } from './boards.routes.js';
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
};

export const NEXT_BODY_LIMIT = LIMITS.nextBodyBytes;

/** New boards made from old ones: an imported snapshot (X9) and the next session (X14). */
export function importRoutes({ registry, clock, trustProxy, newBoards, findTemplate, mayCreate }: Deps) {
  const importBoard: Route = async (req, res) => {
    if (!newBoards(req, res) || !mayCreate(req, res)) return;
    let raw: unknown;
    try {
      raw = await readJson(req, LIMITS.importBytes);
    } catch (e) {
      if (e instanceof BodyError) return fail(res, e.status, e.code, e.message);
      throw e;
    }
    const parsed = parseSnapshot(raw);
    if (!parsed.ok) return fail(res, 400, 'invalid', parsed.message);
    // Sections are derived from geometry (R5); a hand-edited file cannot make them disagree.
    const { room, facilitatorKey } = await registry.importBoard(reassignSections(parsed.value.board));
    json(res, 201, createdResponse(req, room, facilitatorKey, trustProxy));
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

  return { importBoard, nextBoard };
}
