import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../realtime/admission.js';
import { RateLimiter } from './rate-limit.js';
import { fail } from './respond.js';

/** Characters of answers kept in all (results and exports of every board together). */
export const ANSWER_CACHE_CHARS = 32 * 1024 * 1024;

/**
 * Answers that cost a walk over a whole board (results, exports: long on a board of thousands of notes),
 * kept per board for the state they were made of (BU3). The key names everything the answer
 * depends on (the board's seq, the view, the format, who is online); a board keeps only the
 * answers of its latest state, and every board's together stay under `maxChars`.
 */
export class AnswerCache {
  /** board id → key → answer; least recently used board first. */
  private boards = new Map<string, { seq: number; answers: Map<string, string> }>();
  private chars = 0;

  constructor(private readonly maxChars = ANSWER_CACHE_CHARS) {}

  /** The answer kept for this state of the board, if any. */
  kept(boardId: string, seq: number, key: string): string | undefined {
    const b = this.boards.get(boardId);
    if (!b || b.seq !== seq) return undefined;
    this.boards.delete(boardId);
    this.boards.set(boardId, b);
    return b.answers.get(key);
  }

  keep(boardId: string, seq: number, key: string, body: string) {
    if (body.length > this.maxChars) return;
    let b = this.boards.get(boardId);
    if (b && b.seq !== seq) {
      // An answer made of an older state, finished late, is not worth keeping.
      if (b.seq > seq) return;
      this.forget(boardId);
      b = undefined;
    }
    if (!b) this.boards.set(boardId, (b = { seq, answers: new Map() }));
    const old = b.answers.get(key);
    if (old !== undefined) this.chars -= old.length;
    b.answers.set(key, body);
    this.chars += body.length;
    for (const [id] of this.boards) {
      if (this.chars <= this.maxChars) break;
      this.forget(id);
    }
  }

  /** The board changed or was unloaded. */
  forget(boardId: string) {
    const b = this.boards.get(boardId);
    if (!b) return;
    for (const a of b.answers.values()) this.chars -= a.length;
    this.boards.delete(boardId);
  }
}

/**
 * Per address (BU3): `perMinute` answers made afresh, and ten times as many read from the cache
 * (a venue behind one NAT opening the results page at once reads one answer). False when
 * refused (sent, 429 with Retry-After).
 */
export function readLimits(perMinute: number, now: () => number, trustProxy: boolean) {
  const requests = new RateLimiter(perMinute * 10, 60_000, now);
  const made = new RateLimiter(perMinute, 60_000, now);
  const refuse = (res: ServerResponse) => {
    res.setHeader('Retry-After', '60');
    fail(res, 429, 'rate_limited', 'too many downloads from this address; wait a minute');
    return false;
  };
  return {
    /** Any read. */
    request: (req: IncomingMessage, res: ServerResponse) => requests.allow(clientAddress(req, trustProxy)) || refuse(res),
    /** A read whose answer is not kept: it costs a walk over the board. */
    make: (req: IncomingMessage, res: ServerResponse) => made.allow(clientAddress(req, trustProxy)) || refuse(res),
  };
}
