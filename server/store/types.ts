import { z } from 'zod';
import { LIMIT_MESSAGES } from '../../shared/errors.js';
import { Board, Id } from '../../shared/model.js';
import { OpEntry } from '../../shared/ops.js';
import type { Snapshot, SnapshotInfo } from '../../shared/snapshot.js';
import { Template } from '../../shared/templates/schema.js';

// What a store keeps besides the board itself: secrets (as hashes) and the opIds already applied,
// so that a resend after a restart is still applied once.
export const BoardMeta = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  facilitatorKeyHash: z.string().regex(/^[0-9a-f]{64}$/),
  secrets: z.record(Id, z.string().regex(/^[0-9a-f]{64}$/)),
  /** [opId, seq, sender]; documents written before senders were kept have [opId, seq]. */
  opIds: z.array(z.union([z.tuple([z.string(), z.number().int().positive(), Id]), z.tuple([z.string(), z.number().int().positive()])])),
});
export type BoardMeta = z.infer<typeof BoardMeta>;

export const SCHEMA_VERSION = 1;
export const BoardDocument = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  board: Board,
  meta: BoardMeta,
});
export type BoardDocument = z.infer<typeof BoardDocument>;

/**
 * A log line: the confirmed op, plus the secret hash a participant.join brought, plus the board
 * a snapshot.restore put in place. The restored board rides in the line itself so that replay
 * needs nothing but the document and the log: a checkpoint file is not part of the board's
 * durable state and may be missing or damaged later without changing what the board is.
 */
export const LogEntry = OpEntry.extend({
  secretHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  restored: Board.optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;

/** A custom template as stored: the board that created it decides who may delete it (T7). */
export const StoredTemplate = z.strictObject({
  schemaVersion: z.literal(1),
  template: Template,
  createdBy: Id,
  createdAt: z.number().int().nonnegative(),
});
export type StoredTemplate = z.infer<typeof StoredTemplate>;

export type IndexEntry = { id: string; code: string; title: string; createdAt: number };

export type StoredSnapshot = Snapshot & { checkpoint: SnapshotInfo };

export type LoadedBoard = { doc: BoardDocument; entries: LogEntry[] };

/**
 * A board the store knows but cannot open: its document is missing or unreadable (and was moved
 * aside). It is never recreated or overwritten; an operator restores it from a backup (L15).
 */
export class BoardUnavailable extends Error {
  constructor(
    readonly boardId: string,
    /** `disk`: a failed write could not be cut off its op log yet (S7); it opens once the disk lets it. */
    readonly why: 'damaged' | 'disk' = 'damaged',
  ) {
    super(
      why === 'disk'
        ? "the server cannot write to its disk just now; this board opens again as soon as it can, please retry"
        : "this board's saved file cannot be read; the server keeps everything else it has of it until an administrator restores the file",
    );
  }
}

/**
 * The shared store (Redis) cannot be reached or refused the write: nothing was written, or the
 * write's fate is unknown and a reload of the board tells (RS4). Refused at once, never queued.
 */
export class StoreUnavailable extends Error {
  readonly code = 'unavailable' as const;
  constructor(cause?: unknown) {
    super('the server cannot reach its storage just now; nothing was lost, please retry in a moment', { cause });
  }
}

/**
 * An entry was not appended because the board's log does not end where the writer thought
 * (RS2): another writer appended first, or this one holds a stale copy of the board.
 */
export class AppendConflict extends Error {
  constructor(
    readonly boardId: string,
    readonly expected: number,
    readonly found: number | null,
  ) {
    super(`the board's log ends at ${found ?? 'nothing'}, not at ${expected}: this copy of the board is stale`);
  }
}

/** The disk is below the server's free-space floor (S9): nothing was written. */
export class DiskFull extends Error {
  readonly code = 'limit' as const;
  constructor() {
    super(LIMIT_MESSAGES.diskFull);
  }
}

/** A checkpoint would take this board over its snapshot budget (S10): nothing was written. */
export class SnapshotBudget extends Error {
  readonly code = 'limit' as const;
  constructor(readonly budget: number) {
    super(LIMIT_MESSAGES.snapshotBudget);
  }
}

/**
 * Where boards live. The file store is the default; a Redis store can take its place without the
 * rooms noticing. `append` resolves only when the entry is durable.
 */
export interface BoardStore {
  create(doc: BoardDocument): Promise<void>;
  /** The same for a document already in JSON text (an import read off the main thread, BU2). */
  createText(entry: IndexEntry, text: string): Promise<void>;
  /** The board, or null for an id never created; throws BoardUnavailable for one it cannot read. */
  load(id: string): Promise<LoadedBoard | null>;
  append(id: string, entry: LogEntry): Promise<void>;
  /** Fold everything up to `doc.board.seq` into the document; later entries stay in the log. */
  compact(id: string, doc: BoardDocument): Promise<void>;
  /**
   * How much a compaction would fold and rewrite, in characters of JSON: the op log's lines
   * appended since the last `compact` call (or found at load), and the document as last read or
   * written. A store that cannot tell leaves it out; its rooms compact by op count alone.
   */
  sizes?(id: string): { log: number; doc: number } | undefined;
  findByCode(code: string): Promise<string | null>;
  codeInUse(code: string): Promise<boolean>;
  updateIndex(entry: IndexEntry): Promise<void>;
  /**
   * Keep a checkpoint (`snap.checkpoint` names it); resolves when it is durable, with the ids of
   * automatic checkpoints deleted to stay within the board's budget (S10). Throws DiskFull or
   * SnapshotBudget, having written nothing, when there is no room.
   */
  saveSnapshot(boardId: string, snap: StoredSnapshot): Promise<{ dropped: string[] } | void>;
  /** Whether a manual checkpoint of about `bytes` fits the board's budget (S10); a store without one leaves it out. */
  snapshotRoom?(boardId: string, bytes: number): boolean;
  /** Whether the disk is above the free-space floor, as last read (S9); a store without one leaves it out. */
  roomNow?(): boolean;
  /** The board's checkpoints, oldest first. */
  listSnapshots(boardId: string): Promise<SnapshotInfo[]>;
  getSnapshot(boardId: string, snapshotId: string): Promise<StoredSnapshot | null>;
  /** Custom templates, oldest first; each one parsed with the template schema. */
  listTemplates(): Promise<StoredTemplate[]>;
  /** Resolves when the template is durable. */
  saveTemplate(stored: StoredTemplate): Promise<void>;
  /** False when there was no such template. */
  deleteTemplate(id: string): Promise<boolean>;
  close(): Promise<void>;
}
