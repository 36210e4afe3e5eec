import { z } from 'zod';
import { Id } from '../../shared/model.js';
import { Snapshot, SnapshotInfo } from '../../shared/snapshot.js';
import { boardTag, type Log } from '../log.js';
import type { RedisKeys } from './redis-scripts.js';
import { SnapshotBudget, type StoredSnapshot } from './types.js';

/** A list entry: the checkpoint as listed, and its size, so the budget needs no read of the checkpoints. */
const Listed = z.strictObject({ info: SnapshotInfo, bytes: z.number().int().nonnegative() });
type Listed = z.infer<typeof Listed>;

/** The few hash commands checkpoints need; the store passes its client, guarded (RS4). */
export type SnapshotCommands = {
  hGetAll(key: string): Promise<Record<string, string>>;
  hGet(key: string, field: string): Promise<string | null>;
  /** Write `snap` and its list entry, and delete `dropped`, in one MULTI. */
  saveAll(boardId: string, id: string, text: string, listed: string, dropped: string[]): Promise<void>;
};

/**
 * Checkpoints of a board in Redis, within the same byte budget as on disk (S10): automatic ones
 * go first, oldest first; a named one that does not fit is refused. Writes for one board run one
 * after another, so two saves never judge the budget against the same list.
 */
export class RedisSnapshots {
  private chains = new Map<string, Promise<unknown>>();
  private sizes = new Map<string, Map<string, Listed>>();

  constructor(
    private readonly keys: RedisKeys,
    private readonly redis: SnapshotCommands,
    private readonly log: Log,
    private readonly budget = Infinity,
  ) {}

  private serial<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(boardId) ?? Promise.resolve()).then(fn, fn);
    this.chains.set(boardId, next.catch(() => {}));
    return next;
  }

  /** Whether a named checkpoint of about `bytes` fits once every automatic one is gone (as last listed). */
  roomFor(boardId: string, bytes: number): boolean {
    if (this.budget === Infinity) return true;
    let named = 0;
    for (const l of this.sizes.get(boardId)?.values() ?? []) if (!l.info.auto) named += l.bytes;
    return named + bytes <= this.budget;
  }

  save(boardId: string, snap: StoredSnapshot): Promise<{ dropped: string[] }> {
    const text = JSON.stringify(snap);
    const bytes = Buffer.byteLength(text);
    return this.serial(boardId, async () => {
      const listed = (await this.listed(boardId)).filter((l) => l.info.id !== snap.checkpoint.id);
      const dropped = this.overBudget(listed, bytes);
      const entry: Listed = { info: snap.checkpoint, bytes };
      await this.redis.saveAll(boardId, snap.checkpoint.id, text, JSON.stringify(entry), dropped);
      const kept = new Map(listed.filter((l) => !dropped.includes(l.info.id)).map((l) => [l.info.id, l]));
      kept.set(snap.checkpoint.id, entry);
      this.sizes.set(boardId, kept);
      if (dropped.length) this.log.info('removed the oldest automatic checkpoints to keep a board within its snapshot budget', { board: boardTag(boardId), removed: dropped.length });
      return { dropped };
    });
  }

  private overBudget(listed: Listed[], bytes: number): string[] {
    if (this.budget === Infinity) return [];
    let used = listed.reduce((n, l) => n + l.bytes, 0);
    const dropped: string[] = [];
    for (const l of listed) {
      if (used + bytes <= this.budget) break;
      if (!l.info.auto) continue;
      dropped.push(l.info.id);
      used -= l.bytes;
    }
    if (used + bytes > this.budget) throw new SnapshotBudget(this.budget);
    return dropped;
  }

  async list(boardId: string): Promise<SnapshotInfo[]> {
    return (await this.listed(boardId)).map((l) => l.info);
  }

  /** The list entries, oldest first; one that does not parse is left out, as an unreadable checkpoint file is. */
  private async listed(boardId: string): Promise<Listed[]> {
    const all = await this.redis.hGetAll(this.keys.snapInfo(boardId));
    const out: Listed[] = [];
    for (const [id, text] of Object.entries(all)) {
      const parsed = parseJson(Listed, text);
      if (parsed && parsed.info.id === id) out.push(parsed);
      else this.log.warn('ignoring an unreadable checkpoint entry', { board: boardTag(boardId), snapshot: id });
    }
    out.sort((a, b) => a.info.at - b.info.at);
    this.sizes.set(boardId, new Map(out.map((l) => [l.info.id, l])));
    return out;
  }

  async get(boardId: string, snapshotId: string): Promise<StoredSnapshot | null> {
    if (!Id.safeParse(snapshotId).success) return null;
    const text = await this.redis.hGet(this.keys.snaps(boardId), snapshotId);
    if (text === null) return null;
    const snap = parseJson(Snapshot, text);
    if (!snap?.checkpoint || snap.checkpoint.id !== snapshotId) {
      this.log.warn('ignoring an unreadable checkpoint', { board: boardTag(boardId), snapshot: snapshotId });
      return null;
    }
    return snap as StoredSnapshot;
  }
}

export function parseJson<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
