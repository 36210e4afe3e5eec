import { addressKey, LIMITER_KEYS } from '../http/rate-limit.js';
import type { Role } from '../../shared/model.js';
import { isLoopback } from './admission.js';
import { TokenBucket, type Rate } from './guard.js';
import type { AppSocket } from './types.js';

/**
 * New participant identities one client address (an IPv6 /64) may make, server-wide (SC2): a
 * bucket of `burst`, refilled at `perSecond`. A venue behind one NAT — 60 people arriving within
 * a minute, even all in the same few seconds — fits in the burst; a script that mints identities
 * to fill a board's 300 seats gets about 60 and then one a second, each refusal `rate_limited`,
 * and the facilitator has minutes to notice and remove them (which frees their seats, SC1).
 */
export const IDENTITY_BUDGET = { burst: 60, perSecond: 1 };

export const IDENTITY_REFUSAL = 'too many new participants from your network just now; wait a few seconds and try again';


type Conn = AppSocket['conn'];

export class IdentityLimit {
  private buckets = new Map<string, TokenBucket>();
  private readonly rate: Rate;

  constructor(
    now: () => number,
    /** The client address of a connection as admission counted it (TRUST_PROXY aware). */
    private readonly addressOf: (conn: Conn) => string,
    budget = IDENTITY_BUDGET,
  ) {
    this.rate = { ...budget, now };
  }

  /**
   * True when this socket may make a new identity of `role` now, and counts it. Facilitators hold
   * the board's key and are not counted: the room's host must get in however full the bucket is.
   */
  allow(socket: AppSocket, role: Role): boolean {
    if (role !== 'participant') return true;
    const addr = this.addressOf(socket.conn);
    if (isLoopback(addr)) return true;
    const key = addressKey(addr);
    let bucket = this.buckets.get(key);
    if (bucket && !bucket.take()) return false;
    if (!bucket) {
      while (this.buckets.size >= LIMITER_KEYS) this.forgetOldest();
      bucket = new TokenBucket(this.rate);
      bucket.take();
    }
    // Re-inserted, so the first key is the one used longest ago: the one to forget when full.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    return true;
  }

  /** Addresses remembered now. */
  get size(): number {
    return this.buckets.size;
  }

  private forgetOldest() {
    this.buckets.delete(this.buckets.keys().next().value!);
  }
}
