/**
 * `unavailable`: the server could not save the change just now (its disk failed or filled up
 * mid-write); nothing of it was kept, and the client sends it again later with the same opId (S7).
 */
export const ERROR_CODES = ['invalid', 'not_found', 'forbidden', 'locked', 'limit', 'rate_limited', 'conflict', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type OpError = { code: ErrorCode; message: string };

export const err = (code: ErrorCode, message: string): OpError => ({ code, message });

/** Results instead of throws across every boundary. */
export type Result<T> = ({ ok: true } & T) | { ok: false; error: OpError };

/** Refusals the client names in its own words (S9, S10); the server sends exactly these messages. */
export const LIMIT_MESSAGES = {
  diskFull: "the server's disk is nearly full, so nothing new can be saved; please tell the server's administrator",
  snapshotBudget: "this board's checkpoints have reached their disk budget; named checkpoints are kept, so no more can be saved",
} as const;
