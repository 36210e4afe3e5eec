/**
 * When a board's op log is folded into its document (S3). A compaction rewrites the whole
 * document while the log waits, so it should happen when the log has grown as large as what it
 * rewrites, not after a fixed number of ops: small ops on a large board then rarely cost a
 * rewrite, and the disk writes at most about twice what the ops themselves take. The op count
 * bounds how much a restart after a crash must replay; a quiet moment is the cheapest time to
 * fold what has gathered.
 */
export type CompactionPolicy = {
  /** Compact when the log's JSON exceeds `logToDoc` × the document's, once it has at least `minLogChars`. */
  logToDoc: number;
  minLogChars: number;
  /** Compact when the log holds this many ops, whatever their size. */
  maxOps: number;
  /** After `idleMs` without an op, compact a log of at least `idleOps` ops (0: never). */
  idleMs: number;
  idleOps: number;
};

export const COMPACTION: CompactionPolicy = { logToDoc: 1, minLogChars: 64 * 1024, maxOps: 2_000, idleMs: 5_000, idleOps: 100 };

/** Whether a log of `ops` ops since the last fold, at these sizes, is to be folded now. */
export function logIsLarge(p: CompactionPolicy, ops: number, size: { log: number; doc: number } | undefined): boolean {
  if (ops >= p.maxOps) return true;
  return !!size && size.log >= p.minLogChars && size.log > size.doc * p.logToDoc;
}
