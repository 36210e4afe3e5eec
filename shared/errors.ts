export const ERROR_CODES = ['invalid', 'not_found', 'forbidden', 'locked', 'limit', 'rate_limited', 'conflict'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type OpError = { code: ErrorCode; message: string };

export const err = (code: ErrorCode, message: string): OpError => ({ code, message });

/** Results instead of throws across every boundary. */
export type Result<T> = ({ ok: true } & T) | { ok: false; error: OpError };
