import { isIPv4, isIPv6 } from 'node:net';

/** Keys a limiter remembers at most; past that the one whose window began longest ago goes first. */
export const LIMITER_KEYS = 10_000;

/**
 * Fixed-window counters per key: enough to stop someone walking through all six-digit codes.
 * Memory is bounded by evicting the oldest window, never by forgetting every key at once (a
 * visitor who could make the limiter forget would only need to bring 10,000 addresses).
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly maxKeys = LIMITER_KEYS,
  ) {}

  /** Counts one request of `key`; false once the key has had `max` in its window. */
  allow(key: string): boolean {
    if (this.spent(key)) return false;
    this.hit(key);
    return true;
  }

  /** True while `key` has used its window up; counts nothing. */
  spent(key: string): boolean {
    const w = this.current(key);
    return !!w && w.count >= this.max;
  }

  /** Counts one request of `key`. */
  hit(key: string): void {
    const w = this.current(key);
    if (w) {
      w.count++;
      return;
    }
    // A key whose window starts anew goes to the end, so the first key is always the oldest window.
    this.windows.delete(key);
    while (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(key, { start: this.now(), count: 1 });
  }

  /** Whole seconds until `key`'s window ends (at least 1), for `Retry-After`. */
  retryAfter(key: string): number {
    const w = this.current(key);
    return w ? Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000)) : 1;
  }

  /** Keys remembered now (a test reads it to see memory stay bounded). */
  get size(): number {
    return this.windows.size;
  }

  private current(key: string) {
    const w = this.windows.get(key);
    return w && this.now() - w.start < this.windowMs ? w : undefined;
  }
}

/**
 * The key a client address is counted under: an IPv4 address as it is (also when written as an
 * IPv4-mapped IPv6 address), an IPv6 address by its /64. One IPv6 subscriber is handed a whole
 * /64 and may use any address in it, so counting them one by one would give it 2^64 allowances.
 */
export function addressKey(address: string): string {
  const addr = address.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(addr)) return addr;
  const groups = expandIPv6(addr);
  return `${groups.slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a trailing dotted IPv4 part allowed). */
function expandIPv6(addr: string): number[] {
  let text = addr;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  const zeros = tail === undefined ? [] : Array<number>(8 - front.length - back.length).fill(0);
  return [...front, ...zeros, ...back];
}
