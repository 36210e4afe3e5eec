import { addressKey, RateLimiter } from './rate-limit.js';

/**
 * What `GET /api/join/:code` allows (SC4–SC6). A right code is what a venue types, so look-ups
 * are generous per address: a room of 60 behind one NAT, all typing at once, is well inside them.
 * A wrong code is what a guesser makes, so wrong ones are counted apart and more strictly, per
 * address and over the whole server (a guesser with many addresses meets the server-wide count).
 */
export const JOIN_CODE_BUDGET = {
  windowMs: 60_000,
  /** Look-ups, right or wrong, from one address (an IPv6 /64) a minute. */
  perAddress: 120,
  /** Wrong codes from one address a minute: typos of a whole room, not a walk through a million codes. */
  failedPerAddress: 20,
  /** Wrong codes from everybody a minute; past it every look-up waits, and links and QR codes still work. */
  failedServerWide: 200,
};

export type JoinCodeRefusal = { retryAfter: number; message: string };

export class JoinCodeLimit {
  private readonly lookups: RateLimiter;
  private readonly failures: RateLimiter;
  private readonly everybody: RateLimiter;

  constructor(now: () => number, budget = JOIN_CODE_BUDGET) {
    this.lookups = new RateLimiter(budget.perAddress, budget.windowMs, now);
    this.failures = new RateLimiter(budget.failedPerAddress, budget.windowMs, now);
    this.everybody = new RateLimiter(budget.failedServerWide, budget.windowMs, now, 1);
  }

  /** Null when this address may look a code up now; otherwise why not and for how long. Counts nothing. */
  refusal(address: string): JoinCodeRefusal | null {
    const key = addressKey(address);
    // Checked first: while it holds, the answer must not depend on whether the code is right.
    if (this.everybody.spent('*')) {
      const retryAfter = this.everybody.retryAfter('*');
      return { retryAfter, message: `too many wrong codes on this server just now; try again in ${retryAfter} s, or use the join link or QR code` };
    }
    if (this.failures.spent(key)) {
      const retryAfter = this.failures.retryAfter(key);
      return { retryAfter, message: `too many wrong codes from your network; check the code and try again in ${retryAfter} s` };
    }
    if (this.lookups.spent(key)) {
      const retryAfter = this.lookups.retryAfter(key);
      return { retryAfter, message: `too many code look-ups from your network; try again in ${retryAfter} s` };
    }
    return null;
  }

  /** Counts a look-up that was answered: `found` says whether the code named a board. */
  record(address: string, found: boolean): void {
    const key = addressKey(address);
    this.lookups.hit(key);
    if (found) return;
    this.failures.hit(key);
    this.everybody.hit('*');
  }
}
