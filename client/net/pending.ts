import { z } from 'zod';
import { ClientOp } from '../../shared/ops';

/**
 * One op of ours the server has not confirmed yet. `at` is when we made it (the server's clock as
 * we knew it), so a rebase applies it as it was. `restored` marks an op read back from storage
 * after a reload: it may already have reached the server before the page went away.
 */
export type Pending = { op: ClientOp; at: number; restored?: boolean };

/**
 * Storage is a safety net, not a queue of its own: beyond these the newest ops live in memory only
 * (they are still sent while the tab lives). The oldest are kept, since later ops build on them.
 */
export const STORED_OPS_MAX = 500;
export const STORED_CHARS_MAX = 512 * 1024;

const Stored = z.object({ v: z.literal(1), ops: z.array(z.object({ op: z.unknown(), at: z.number() })) });

export const pendingKey = (boardId: string, participantId: string) => `onaji:pending:${boardId}:${participantId}`;

/**
 * The pending ops by opId, in the order they were made, mirrored to localStorage on every change
 * so that offline edits survive a reload or a closed tab (resent with the same opIds, C2).
 * Without storage (private mode, quota) they last as long as the page, as before.
 */
export class PendingOps implements Iterable<[string, Pending]> {
  private readonly map = new Map<string, Pending>();
  private key: string | null = null;
  /**
   * Ops the server acknowledged at a seq not applied here yet (its entry may still be queued).
   * Their entry normally confirms them; if that entry was redacted for us, the seq alone does.
   */
  private readonly acked = new Map<string, number>();

  get size(): number {
    return this.map.size;
  }
  has(opId: string): boolean {
    return this.map.has(opId);
  }
  get(opId: string): Pending | undefined {
    return this.map.get(opId);
  }
  firstId(): string | undefined {
    return this.map.keys().next().value;
  }
  values(): IterableIterator<Pending> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, Pending]> {
    return this.map.entries();
  }

  add(p: Pending): void {
    this.map.set(p.op.opId, p);
    this.save();
  }

  delete(opId: string): boolean {
    const had = this.map.delete(opId);
    if (had) this.save();
    return had;
  }

  /** The server applied this op at `seq`, which the confirmed board has not reached yet. */
  ackedAt(opId: string, seq: number): void {
    if (this.map.has(opId)) this.acked.set(opId, seq);
  }

  /** Drops the acknowledged ops whose seq the confirmed board has reached; true when one was still pending. */
  settle(confirmedSeq: number): boolean {
    let dropped = false;
    for (const [opId, seq] of this.acked) {
      if (!this.map.has(opId)) this.acked.delete(opId);
      else if (seq <= confirmedSeq) {
        this.acked.delete(opId);
        dropped = this.delete(opId) || dropped;
      }
    }
    return dropped;
  }

  /**
   * Ties the set to a board and participant. The first time, ops stored under that key by an
   * earlier page come back (marked `restored`) ahead of any made since; if we were someone else on
   * this board before (a new identity), our ops move over to the new key.
   */
  bind(boardId: string, participantId: string): void {
    const key = pendingKey(boardId, participantId);
    if (key === this.key) return;
    const old = this.key;
    this.key = key;
    if (old === null) {
      const restored = readStored(key);
      if (restored.length > 0) {
        const mine = [...this.map.values()];
        this.map.clear();
        for (const p of restored) this.map.set(p.op.opId, p);
        for (const p of mine) if (!this.map.has(p.op.opId)) this.map.set(p.op.opId, p);
      }
    } else {
      write(old, null);
    }
    this.save();
  }

  private save(): void {
    if (!this.key) return;
    if (this.map.size === 0) {
      write(this.key, null);
      return;
    }
    const ops: { op: ClientOp; at: number }[] = [];
    let chars = 0;
    for (const { op, at } of this.map.values()) {
      const size = JSON.stringify(op).length + 32;
      if (ops.length >= STORED_OPS_MAX || chars + size > STORED_CHARS_MAX) break;
      ops.push({ op, at });
      chars += size;
    }
    write(this.key, JSON.stringify({ v: 1, ops }));
  }
}

function readStored(key: string): Pending[] {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const parsed = Stored.safeParse(JSON.parse(raw));
    if (!parsed.success) return [];
    const out: Pending[] = [];
    // Each op is judged again with today's schema: one a newer client cannot read is left behind, not the rest.
    for (const s of parsed.data.ops) {
      const op = ClientOp.safeParse(s.op);
      if (op.success) out.push({ op: op.data, at: s.at, restored: true });
    }
    return out;
  } catch {
    return [];
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Full or forbidden storage: the ops still live in memory and are sent while the page lives.
  }
}
