import type { ServerLimits } from '../limits.js';

/** `rate` tokens a second up to `burst`; each request takes one. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(private readonly rate: number, private readonly burst: number, private readonly now: () => number) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * What one socket may still do: ops and joins by token bucket (L3, L4), and how much garbage it
 * has sent lately (L5). A buggy client hits the buckets and recovers; only a socket that keeps
 * sending what no client of this protocol sends is cut off.
 */
export class SocketGuard {
  readonly ops: TokenBucket;
  readonly joins: TokenBucket;
  private invalidAt: number[] = [];

  constructor(private readonly limits: ServerLimits, private readonly now: () => number) {
    this.ops = new TokenBucket(limits.opsPerSecond, limits.opBurst, now);
    this.joins = new TokenBucket(limits.joinsPerSecond, limits.joinBurst, now);
  }

  /** Count one invalid event; true when the socket has now sent too many and must go. */
  invalid(): boolean {
    const t = this.now();
    const since = t - this.limits.invalidWindowMs;
    while (this.invalidAt.length && this.invalidAt[0]! <= since) this.invalidAt.shift();
    this.invalidAt.push(t);
    return this.invalidAt.length > this.limits.invalidEvents;
  }
}

/**
 * Socket.IO hands a handler whatever arguments arrived, with the ack function last when the
 * client asked for one. The protocol's events take exactly one payload.
 */
export function splitArgs(args: unknown[]): { payload: unknown; ack: ((res: never) => void) | null; extra: boolean } {
  const last = args[args.length - 1];
  const ack = typeof last === 'function' ? (last as (res: never) => void) : null;
  const data = ack ? args.slice(0, -1) : args;
  return { payload: data[0], ack, extra: data.length !== 1 };
}
