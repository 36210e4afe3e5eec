import { z } from 'zod';
import { Affiliation, DisplayName, Id, Lang, Role, BoardTitle } from './model.js';
import type { Balance } from './balance.js';
import type { OpError } from './errors.js';
import type { ClientOp } from './ops.js';
import type { BoardView, EntryView } from './view.js';
import { DOOR_TOKEN_PATTERN, type DoorDesk, type DoorWait } from './door.js';

// The wire contract (docs/PROTOCOL.md) as types: event names, payloads and acks.

const Secret = z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/);

export const JoinRequest = z.strictObject({
  boardId: Id,
  name: DisplayName,
  affiliation: Affiliation.optional(),
  participant: z.strictObject({ id: Id, secret: Secret }).optional(),
  facilitatorKey: Secret.optional(),
  since: z.number().int().nonnegative().optional(),
  /** Ask for the whole board compressed (J7): a 2,000-note board is ~700 KB of JSON, ~35 KB gzipped. */
  encoding: z.literal('gzip').optional(),
  /** The wall (PR1): a read-only public viewer with no identity; never beside a key or a participant. */
  projector: z.literal(true).optional(),
  /** The door token of the facilitator's QR link (DR3): admits a newcomer once the code alone no longer does. */
  door: z.string().regex(DOOR_TOKEN_PATTERN).optional(),
  /**
   * How others' pointers reach this socket (RM1, RM2): `batched`, one `cursors` message per board
   * every 100 ms holding each pointer's latest position; `none`, no pointers at all (a phone, the
   * wall). Absent: each pointer message forwarded as `cursor` (P2), as older clients expect.
   */
  pointers: z.enum(['batched', 'none']).optional(),
  /**
   * `delta` (RM3): the ack carries `online`, and changes come as one `presence {id, online}` each
   * instead of the whole `participants` list. Absent: the whole list on every change (P1).
   */
  presence: z.literal('delta').optional(),
  /** `gzip` (RM6): every `reset` comes as `{seq, boardGzip}`, the board compressed as in J7. Absent: `{seq, board}`. */
  resets: z.literal('gzip').optional(),
}).refine((r) => !r.projector || (r.facilitatorKey === undefined && r.participant === undefined), {
  message: 'a projector joins with neither a facilitator key nor a participant',
  path: ['projector'],
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const CursorMsg = z.strictObject({
  x: z.number().finite().min(-1e6).max(1e6),
  y: z.number().finite().min(-1e6).max(1e6),
});
export type CursorMsg = z.infer<typeof CursorMsg>;

/** A facilitator lets a waiting newcomer in, or not (DR4). */
export const DoorAnswer = z.strictObject({ id: z.string().min(1).max(64), admit: z.boolean() });
export type DoorAnswer = z.infer<typeof DoorAnswer>;

export const CreateBoardBody = z.strictObject({
  title: BoardTitle.optional(),
  template: Id.optional(),
  lang: Lang.optional(),
});
export type CreateBoardBody = z.infer<typeof CreateBoardBody>;

/** The projector's `you` is `{id: '', secret: '', role: 'projector'}`: it is nobody on the board (PR1). */
export type ViewerRole = Role | 'projector';
export type You = { id: string; secret: string; role: ViewerRole };
export type Fail = { ok: false; error: OpError };
/**
 * What a join asked for beside the board: `online` (RM3, `presence: 'delta'`), the ids of the
 * participants connected now; `pointerId` (RM1, `pointers: 'batched'`), the id this connection's
 * own pointer carries on an anonymous board, so the client can leave it out of what it draws.
 */
export type JoinExtras = { online?: string[]; pointerId?: string };
export type JoinAck =
  | ({ ok: true; you: You; seq: number; board: BoardView; serverTime: number } & JoinExtras)
  /** J7: `boardGzip` is gzip of the UTF-8 JSON of the `board` above, sent as a binary attachment. */
  | ({ ok: true; you: You; seq: number; boardGzip: ArrayBuffer | Uint8Array; serverTime: number } & JoinExtras)
  | ({ ok: true; you: You; seq: number; ops: EntryView[]; serverTime: number } & JoinExtras)
  | Fail;
export type OpAck = { ok: true; seq: number } | Fail;

export type PresenceEntry = { id: string; name: string; affiliation: z.infer<typeof Affiliation>; role: Role; online: boolean };
/** `anonymous`: `id` names the pointer's connection, not a participant (the board is anonymous, LK3). */
export type RemoteCursor = { id: string; x: number; y: number; anonymous?: true };
/**
 * RM1: the pointers of a board that moved since the last batch, each at its latest position, as
 * `[id, x, y]`. `anonymous`: every id names a connection, not a participant (LK3).
 */
export type CursorBatch = { list: [id: string, x: number, y: number][]; anonymous?: true };
/** RM3: one participant's connection state changed (the first socket arrived, or the last one left). */
export type PresenceDelta = { id: string; online: boolean };

export interface ClientToServer {
  join: (req: JoinRequest, ack: (res: JoinAck) => void) => void;
  op: (op: ClientOp, ack: (res: OpAck) => void) => void;
  cursor: (c: CursorMsg) => void;
  'door.answer': (a: DoorAnswer, ack: (res: { ok: true } | Fail) => void) => void;
}
/** V4; RM6: `boardGzip` instead of `board` for a socket whose join asked `resets: 'gzip'`. */
export type ResetMsg = { seq: number; board: BoardView } | { seq: number; boardGzip: ArrayBuffer | Uint8Array };

export interface ServerToClient {
  op: (entry: EntryView) => void;
  reset: (msg: ResetMsg) => void;
  participants: (list: PresenceEntry[]) => void;
  cursor: (c: RemoteCursor) => void;
  cursors: (b: CursorBatch) => void;
  presence: (d: PresenceDelta) => void;
  /**
   * Sent before the server closes a socket on purpose (removed, restarting, or `slow`: it had
   * stopped reading what it was sent, BU4), so the UI can say why.
   */
  bye: (msg: { reason: 'removed' | 'restarting' | 'slow' }) => void;
  /** Facilitators only (DR4): the door token of their QR link and who is waiting at the door. */
  door: (desk: DoorDesk) => void;
  /** Only to a newcomer whose join is held at the door (DR5). */
  'door.wait': (w: DoorWait) => void;
}

export type CreateBoardResponse = {
  id: string;
  code: string;
  facilitatorKey: string;
  urls: { join: string; facilitate: string; present: string };
};
export type BoardSummary = {
  id: string;
  title: string;
  template: string;
  lang: string;
  code: string;
  createdAt: number;
  notes: number;
  participants: number;
  /** Voices by affiliation (T8–T11). */
  balance: Balance;
};
export type { TemplateInfo } from './templates/schema.js';
