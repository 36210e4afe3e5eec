import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../../shared/limits.js';
import { balanceOf } from '../../shared/balance.js';
import { CreateBoardBody, type BoardSummary, type CreateBoardResponse } from '../../shared/protocol.js';
import type { Template } from '../../shared/templates/index.js';
import type { RoomRegistry } from '../rooms/registry.js';
import type { Room } from '../rooms/room.js';
import type { BoardStore } from '../store/types.js';
import type { Clock } from '../log.js';
import { clientAddress } from '../realtime/admission.js';
import { BoardUnavailable } from '../store/types.js';
import { secretMatches } from '../secrets.js';
import { facilitatorKeyOf, type MayCreate } from './auth.js';
import { JoinCodeLimit } from './join-code-limit.js';
import { RateLimiter } from './rate-limit.js';
import { fail, json, originOf, readBody } from './respond.js';

export const CREATE_BODY_LIMIT = LIMITS.createBodyBytes;

type Deps = {
  registry: RoomRegistry;
  store: BoardStore;
  clock: Clock;
  trustProxy: boolean;
  boardsPerMinute: number;
  /** Built-in or custom (T3, T5). */
  findTemplate: (id: string) => Promise<Template | undefined>;
  /** Ids of the participants with a socket on the board now. */
  onlineOf: (boardId: string) => ReadonlySet<string>;
  /** False when the server's create key is missing or wrong (refusal sent, CK1). */
  mayCreate: MayCreate;
};

/** What a new board's creator gets (H1); an import and a next session answer the same. */
export function createdResponse(req: IncomingMessage, room: Pick<Room, 'id'> & { meta: { code: string } }, facilitatorKey: string, trustProxy = false): CreateBoardResponse {
  const origin = originOf(req, trustProxy);
  return {
    id: room.id,
    code: room.meta.code,
    facilitatorKey,
    urls: {
      join: `${origin}/b/${room.id}`,
      // The key rides in the fragment, which browsers never send to a server (no key in logs).
      facilitate: `${origin}/b/${room.id}#key=${facilitatorKey}`,
      // The wall joins as nobody (PR1): a key in its address would only sit in the projector's history.
      present: `${origin}/b/${room.id}/present`,
    },
  };
}
export type Route = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void> | void;

/**
 * The board's room, or the refusal already sent: 404 for a board that does not exist, 503 for one
 * whose stored document cannot be read (L15) — it exists, and must not look as if it did not.
 */
export async function roomOrRefusal(res: ServerResponse, registry: RoomRegistry, id: string | undefined): Promise<Room | null> {
  try {
    const room = id ? await registry.get(id) : null;
    if (room) return room;
    fail(res, 404, 'not_found', 'this board does not exist');
  } catch (e) {
    if (!(e instanceof BoardUnavailable)) throw e;
    res.setHeader('Retry-After', '60');
    fail(res, 503, 'conflict', e.message);
  }
  return null;
}

export function boardRoutes({ registry, store, clock, trustProxy, boardsPerMinute, findTemplate, onlineOf, mayCreate }: Deps) {
  const codeLimit = new JoinCodeLimit(clock.now);
  const boardLimiter = new RateLimiter(boardsPerMinute, 60_000, clock.now);
  /** Every new board costs disk; one address may make `boardsPerMinute` of them (L2). False when refused (sent). */
  const newBoards = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (boardLimiter.allow(clientAddress(req, trustProxy))) return true;
    fail(res, 429, 'rate_limited', 'too many new boards from this address; wait a minute');
    return false;
  };

  const create: Route = async (req, res) => {
    // Counted first, so a wrong create key costs an attempt like anything else (L2).
    if (!newBoards(req, res) || !mayCreate(req, res)) return;
    const body = await readBody(req, res, CreateBoardBody, CREATE_BODY_LIMIT);
    if (!body) return;
    const template = await findTemplate(body.template ?? 'blank');
    if (!template) return fail(res, 400, 'invalid', `unknown template ${body.template}`);
    const lang = body.lang ?? 'ja';
    const title = body.title || template.title[lang];
    const { room, facilitatorKey } = await registry.create({ title, template, lang });
    json(res, 201, createdResponse(req, room, facilitatorKey, trustProxy));
  };

  const summary: Route = async (req, res, [id]) => {
    const room = await roomOrRefusal(res, registry, id);
    if (!room) return;
    // The facilitator may see a hidden round's votes (V5); anybody else gets them once it ends (T10).
    const key = facilitatorKeyOf(req);
    if (key && !secretMatches(key, room.meta.facilitatorKeyHash)) return fail(res, 403, 'forbidden', 'this facilitator key is not valid for this board');
    const b = room.board;
    const out: BoardSummary = {
      id: b.id,
      title: b.title,
      template: b.template,
      lang: b.lang,
      code: room.meta.code,
      createdAt: b.createdAt,
      notes: Object.keys(b.notes).length,
      participants: Object.values(b.participants).filter((p) => !p.removed).length,
      balance: balanceOf(b, onlineOf(b.id), { facilitator: key !== null }),
    };
    json(res, 200, out);
  };

  const joinByCode: Route = async (req, res, [code]) => {
    const address = clientAddress(req, trustProxy);
    const refused = codeLimit.refusal(address);
    if (refused) {
      res.setHeader('Retry-After', String(refused.retryAfter));
      return fail(res, 429, 'rate_limited', refused.message);
    }
    const id = code && /^\d{6}$/.test(code) ? await store.findByCode(code) : null;
    codeLimit.record(address, id !== null);
    if (!id) return fail(res, 404, 'not_found', 'no board has this code');
    json(res, 200, { id });
  };

  return { create, summary, joinByCode, newBoards };
}
