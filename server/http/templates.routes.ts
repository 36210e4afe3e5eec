import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEMPLATE_LIMITS } from '../../shared/templates/schema.js';
import type { Clock, Log } from '../log.js';
import { clientAddress } from '../realtime/admission.js';
import type { RoomRegistry } from '../rooms/registry.js';
import { secretMatches } from '../secrets.js';
import { newTemplateId, type TemplateCatalog } from '../templates/catalog.js';
import { SaveTemplateBody, templateFromBoard } from '../templates/content.js';
import { facilitatorKeyOf, facilitatorRoom, type MayCreate } from './auth.js';
import { roomOrRefusal, type Route } from './boards.routes.js';
import { RateLimiter } from './rate-limit.js';
import { fail, json, readBody, SECURITY_HEADERS } from './respond.js';

type Deps = { registry: RoomRegistry; catalog: TemplateCatalog; clock: Clock; log: Log; trustProxy: boolean; mayCreate: MayCreate };

/** Every saved template costs disk and a line on everybody's home page. */
export const TEMPLATE_SAVES_PER_MINUTE = 30;

function noKey(res: ServerResponse) {
  res.setHeader('WWW-Authenticate', 'Bearer realm="onaji-table"');
  fail(res, 401, 'forbidden', 'send the facilitator key (Authorization: Bearer <key>)');
}

/** The template list (T1), saving a board as a template (T5) and deleting one (T7). */
export function templateRoutes({ registry, catalog, clock, log, trustProxy, mayCreate }: Deps) {
  const saves = new RateLimiter(TEMPLATE_SAVES_PER_MINUTE, 60_000, clock.now);

  const list: Route = async (_req, res) => json(res, 200, await catalog.list());

  const save: Route = async (req, res) => {
    if (!saves.allow(clientAddress(req, trustProxy))) return fail(res, 429, 'rate_limited', 'too many templates saved from this address; wait a minute');
    if (!mayCreate(req, res)) return;
    if (!facilitatorKeyOf(req)) return noKey(res);
    const b = await readBody(req, res, SaveTemplateBody, TEMPLATE_LIMITS.saveBodyBytes);
    if (!b) return;
    const room = await facilitatorRoom(req, res, registry, b.boardId);
    if (!room) return;
    const board = room.board;
    // A template is readable by everybody on this server: unrevealed notes would be revealed early (V1).
    if (b.includeNotes && board.settings.privateWriting)
      return fail(res, 409, 'conflict', 'private writing is on: reveal the notes before saving them in a template');
    if (await catalog.isFull()) return fail(res, 409, 'limit', `this server keeps at most ${TEMPLATE_LIMITS.custom} templates; delete one first`);
    const made = templateFromBoard(board, b, newTemplateId(), await catalog.byId(board.template));
    if (!made.ok) return fail(res, 400, 'limit', made.message);
    await catalog.save(made.value, board.id);
    log.info('saved a custom template', { template: made.value.id, sections: made.value.sections.length, notes: made.value.notes?.length ?? 0 });
    json(res, 201, { id: made.value.id });
  };

  const remove: Route = async (req, res, [id]) => {
    const key = facilitatorKeyOf(req);
    if (!key) return noKey(res);
    const found = id ? await catalog.find(id) : null;
    if (!found) return fail(res, 404, 'not_found', 'no such template');
    if (!found.stored) return fail(res, 403, 'forbidden', 'built-in templates cannot be deleted');
    const room = await roomOrRefusal(res, registry, found.stored.createdBy);
    if (!room) return;
    if (!secretMatches(key, room.meta.facilitatorKeyHash))
      return fail(res, 403, 'forbidden', 'only the facilitator key of the board this template was saved from may delete it');
    await catalog.remove(found.template.id);
    res.writeHead(204, SECURITY_HEADERS).end();
  };

  return { list, save, remove };
}
