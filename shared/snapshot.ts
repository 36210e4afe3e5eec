import { z } from 'zod';
import { LIMITS } from './limits.js';
import { Board, Id } from './model.js';
import { seatsTaken } from './reduce-board.js';
import { describeIssues } from './issues.js';

// The file an organizer takes home and may bring back: the whole board, never a secret
// (keys and participant secrets live in the store's meta, never in a Board).

export const SNAPSHOT_VERSION = 1;

/** One saved checkpoint as the snapshot list shows it. */
export const SnapshotInfo = z.strictObject({
  id: Id,
  label: z.string().max(LIMITS.snapshotLabel),
  at: z.number().int().nonnegative(),
  notes: z.number().int().nonnegative(),
  /** Saved by the server (phase change, every 10 minutes, before a restore), not by a person. */
  auto: z.boolean(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

export const Snapshot = z.strictObject({
  schemaVersion: z.literal(SNAPSHOT_VERSION),
  exportedAt: z.iso.datetime(),
  board: Board,
  /** Present when the file is a saved checkpoint of its board. */
  checkpoint: SnapshotInfo.optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export function toSnapshot(board: Board, at: number, checkpoint?: Omit<SnapshotInfo, 'notes'>): Snapshot {
  const snap: Snapshot = { schemaVersion: SNAPSHOT_VERSION, exportedAt: new Date(at).toISOString(), board };
  if (checkpoint) snap.checkpoint = { ...checkpoint, notes: Object.keys(board.notes).length };
  return snap;
}

/**
 * `MIGRATIONS[n]` turns a version-n snapshot into version n+1. Files written by any released
 * version must keep importing, so a change to Board that old files do not satisfy adds an entry
 * here and raises SNAPSHOT_VERSION; entries are never edited afterwards.
 */
export type Migration = (old: Record<string, unknown>) => Record<string, unknown>;
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Bring a parsed JSON value of any known version up to SNAPSHOT_VERSION, without validating the board yet. */
export function migrateSnapshot(raw: unknown, migrations: Readonly<Record<number, Migration>> = MIGRATIONS, current = SNAPSHOT_VERSION): Parsed<Record<string, unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, message: 'this is not an Onaji Table snapshot: expected a JSON object' };
  let doc = raw as Record<string, unknown>;
  const version = doc.schemaVersion;
  if (!('board' in doc) || version === undefined)
    return { ok: false, message: 'this is not an Onaji Table snapshot: it has no schemaVersion and board' };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { ok: false, message: `schemaVersion must be a whole number from 1 to ${current}` };
  if (version > current)
    return { ok: false, message: `this snapshot has schemaVersion ${version}, made by a newer Onaji Table; this server reads up to ${current}` };
  for (let v = version; v < current; v++) {
    const step = migrations[v];
    if (!step) return { ok: false, message: `no migration from schemaVersion ${v}` };
    doc = { ...step(doc), schemaVersion: v + 1 };
  }
  return { ok: true, value: doc };
}

/** Migrate, validate the schema, then the references between records a schema cannot see. */
export function parseSnapshot(raw: unknown, migrations?: Readonly<Record<number, Migration>>, current?: number): Parsed<Snapshot> {
  const migrated = migrateSnapshot(raw, migrations, current);
  if (!migrated.ok) return migrated;
  const parsed = Snapshot.safeParse(migrated.value);
  if (!parsed.success) {
    return { ok: false, message: describeIssues(parsed.error, 'snapshot') };
  }
  const problem = inconsistency(parsed.data.board);
  return problem ? { ok: false, message: problem } : { ok: true, value: parsed.data };
}

function inconsistency(board: Board): string | null {
  for (const [kind, records] of [['sections', board.sections], ['notes', board.notes], ['participants', board.participants]] as const)
    for (const [key, rec] of Object.entries(records)) if (rec.id !== key) return `board.${kind}.${key}: its id is ${rec.id}`;
  if (Object.keys(board.notes).length > LIMITS.notesPerBoard) return `board.notes: more than ${LIMITS.notesPerBoard} notes`;
  if (Object.keys(board.sections).length > LIMITS.sectionsPerBoard) return `board.sections: more than ${LIMITS.sectionsPerBoard} sections`;
  if (seatsTaken(board) > LIMITS.participantsPerBoard) return `board.participants: more than ${LIMITS.participantsPerBoard} participants`;
  if (Object.keys(board.participants).length > LIMITS.participantRecordsPerBoard)
    return `board.participants: more than ${LIMITS.participantRecordsPerBoard} identities`;
  for (const [noteId, byVoter] of Object.entries(board.votes)) {
    if (!board.notes[noteId]) return `board.votes.${noteId}: no such note`;
    for (const voter of Object.keys(byVoter)) if (!board.participants[voter]) return `board.votes.${noteId}.${voter}: no such participant`;
  }
  return null;
}
