import type { ServerLimits } from '../limits.js';

/** What every socket's guard shares: the limits and the clock. */
export type GuardPolicy = { limits: ServerLimits; now: () => number };

/**
 * What one socket may still do: ops and joins by token bucket (L3, L4), and how much garbage it
 * has sent lately (L5). A buggy client hits the buckets and recovers; only a socket that keeps
 * sending what no client of this protocol sends is cut off. Every connection has one (its
 * SocketState), so it holds only the numbers that differ between sockets; the rates and the
 * clock are shared.
 */
export class SocketGuard {
  private opTokens: number;
  private opAt: number;
  private joinTokens: number;
  private joinAt: number;
  /** Times of recent invalid events; most sockets never send one. */
  private invalidAt: number[] | null = null;

  constructor(private readonly policy: GuardPolicy) {
    const t = policy.now();
    this.opTokens = policy.limits.opBurst;
    this.joinTokens = policy.limits.joinBurst;
    this.opAt = t;
    this.joinAt = t;
  }

  /** One op from the bucket of `opsPerSecond` up to `opBurst`; false when it is empty. */
  takeOp(): boolean {
    const { opsPerSecond, opBurst } = this.policy.limits;
    const t = this.policy.now();
    const tokens = Math.min(opBurst, this.opTokens + ((t - this.opAt) / 1000) * opsPerSecond);
    this.opAt = t;
    this.opTokens = tokens >= 1 ? tokens - 1 : tokens;
    return tokens >= 1;
  }

  /** One join from the bucket of `joinsPerSecond` up to `joinBurst`. */
  takeJoin(): boolean {
    const { joinsPerSecond, joinBurst } = this.policy.limits;
    const t = this.policy.now();
    const tokens = Math.min(joinBurst, this.joinTokens + ((t - this.joinAt) / 1000) * joinsPerSecond);
    this.joinAt = t;
    this.joinTokens = tokens >= 1 ? tokens - 1 : tokens;
    return tokens >= 1;
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
