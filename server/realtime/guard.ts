import type { ServerLimits } from '../limits.js';

/** What every socket's guard shares: the limits, the clock and the buckets' rates. */
export type GuardPolicy = { limits: ServerLimits; now: () => number; ops: Rate; joins: Rate };

export function guardPolicy(limits: ServerLimits, now: () => number): GuardPolicy {
  return {
    limits,
    now,
    ops: { perSecond: limits.opsPerSecond, burst: limits.opBurst, now },
    joins: { perSecond: limits.joinsPerSecond, burst: limits.joinBurst, now },
  };
}

/**
 * What one socket may still do: ops and joins by token bucket (L3, L4), and how much garbage it
 * has sent lately (L5). A buggy client hits the buckets and recovers; only a socket that keeps
 * sending what no client of this protocol sends is cut off. Every connection has one (its
 * SocketState).
 */
export class SocketGuard {
  /**
   * Made at the first op: a bucket starts full and stays full until taken from, so one made late
   * answers as one made at connect, and a socket that sends no op (the wall, a phone that only
   * watches) holds no bucket of ops (P6).
   */
  private ops: TokenBucket | null = null;
  private readonly joins: TokenBucket;
  /** Times of recent invalid events; most sockets never send one. */
  private invalidAt: number[] | null = null;

  constructor(private readonly policy: GuardPolicy) {
    this.joins = new TokenBucket(policy.joins);
  }

  /** One op from the bucket of `opsPerSecond` up to `opBurst`; false when it is empty. */
  takeOp(): boolean {
    return (this.ops ??= new TokenBucket(this.policy.ops)).take();
  }

  /** One join from the bucket of `joinsPerSecond` up to `joinBurst`. */
  takeJoin(): boolean {
    return this.joins.take();
  }

  /** Count one invalid event; true when the socket has now sent too many and must go. */
  invalid(): boolean {
    const t = this.policy.now();
    const since = t - this.policy.limits.invalidWindowMs;
    const at = (this.invalidAt ??= []);
    while (at.length && at[0]! <= since) at.shift();
    at.push(t);
    return at.length > this.policy.limits.invalidEvents;
  }
}

/** `perSecond` tokens a second, at most `burst` saved up; starts full. */
/** A bucket's rate, shared by every bucket of one kind: a socket holds two buckets, so each is small. */
export type Rate = { readonly perSecond: number; readonly burst: number; readonly now: () => number };

export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(private readonly rate: Rate) {
    this.tokens = rate.burst;
    this.at = rate.now();
  }

  /** One token; false (and nothing taken) when the bucket is empty. */
  take(): boolean {
    const { perSecond, burst, now } = this.rate;
    const t = now();
    const tokens = Math.min(burst, this.tokens + ((t - this.at) / 1000) * perSecond);
    this.at = t;
    this.tokens = tokens >= 1 ? tokens - 1 : tokens;
    return tokens >= 1;
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
