import type { OpError } from '../../shared/errors';
import type { ClientOp } from '../../shared/ops';
import type { OpAck } from '../../shared/protocol';
import type { PendingOps } from './pending';
import type { BoardSocket } from './socket';

/** First wait after a `rate_limited` refusal; it doubles while refusals keep coming, up to the max. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 8000;

export type SendHooks = {
  /** May ops go out now (joined, not stopped)? */
  canSend(): boolean;
  /** The server applied it at `seq`. */
  accepted(opId: string, seq: number): void;
  /** The server refused it for good (O3 remembers the refusal). */
  refused(opId: string, error: OpError): void;
  /** The server could not save it just now (S7); it stays pending and goes again after a back-off. */
  held?(error: OpError): void;
};

/**
 * Sends our ops and sorts the answers. A `rate_limited` refusal is only for now (L3: the server does
 * not keep it under the opId), and so is `unavailable` (S7: the server could not save it and kept
 * nothing of it), so those ops stay pending and are sent again together after a back-off, with
 * the same opIds.
 */
export class OpSender {
  private readonly later = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private wait = RETRY_FIRST_MS;

  constructor(
    private readonly socket: BoardSocket,
    private readonly pending: PendingOps,
    private readonly hooks: SendHooks,
  ) {}

  send(op: ClientOp): void {
    this.socket.emit('op', op, (ack: OpAck) => this.onAck(op.opId, ack));
  }

  /** After a join (C2): every pending op, in order, with its original opId. */
  sendAll(): void {
    this.reset();
    for (const { op } of this.pending.values()) this.send(op);
  }

  /** A lost connection: a fresh join will send everything anyway. */
  reset(): void {
    this.stop();
    this.later.clear();
    this.wait = RETRY_FIRST_MS;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private onAck(opId: string, ack: OpAck): void {
    if (ack.ok) {
      this.wait = RETRY_FIRST_MS;
      this.hooks.accepted(opId, ack.seq);
    } else if (ack.error.code !== 'rate_limited' && ack.error.code !== 'unavailable') this.hooks.refused(opId, ack.error);
    else if (this.pending.has(opId)) {
      // Said once per wave of refusals, not once per op.
      if (ack.error.code === 'unavailable' && !this.later.size && !this.timer) this.hooks.held?.(ack.error);
      this.retryLater(opId);
    }
  }

  private retryLater(opId: string): void {
    this.later.add(opId);
    if (this.timer) return;
    // A little jitter, so the clients a server throttled together do not come back together.
    const delay = this.wait * (0.8 + Math.random() * 0.4);
    this.wait = Math.min(this.wait * 2, RETRY_MAX_MS);
    this.timer = setTimeout(this.fire, delay);
  }

  private readonly fire = (): void => {
    this.timer = null;
    const ids = [...this.later];
    this.later.clear();
    if (!this.hooks.canSend()) return;
    for (const id of ids) {
      const p = this.pending.get(id);
      if (p) this.send(p.op);
    }
  };
}
