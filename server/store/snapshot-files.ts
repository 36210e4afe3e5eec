import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Id } from '../../shared/model.js';
import { Snapshot, SnapshotInfo } from '../../shared/snapshot.js';
import { boardTag, type Log } from '../log.js';
import { syncDir, writeFileDurably } from './durable-file.js';
import { SnapshotBudget, type StoredSnapshot } from './types.js';

const INDEX = 'index.json';
const IndexFile = z.array(SnapshotInfo);

/**
 * Checkpoints of one board in `boards/<id>.snapshots/`: one durable file per checkpoint, in the
 * same format as a JSON export, plus `index.json` listing them so the list does not read every
 * board. The index is a cache: a checkpoint file it does not name (a crash between the two
 * writes) is found and added on the next read.
 *
 * The files of one board stay within `budget` bytes (S10): automatic checkpoints go first,
 * oldest first; a named one that would not fit is refused, as is an automatic one that would not
 * fit beside the named ones.
 */
export class SnapshotFiles {
  private lists = new Map<string, Promise<SnapshotInfo[]>>();
  private chains = new Map<string, Promise<unknown>>();
  /** Bytes of each checkpoint file, per board, once its list was read. */
  private sizes = new Map<string, Map<string, number>>();

  constructor(
    private readonly boardsDir: string,
    private readonly log: Log,
    private readonly budget = Infinity,
  ) {}

  /** Bytes of named checkpoints asked for and not yet written, per board: they count before they land. */
  private reserved = new Map<string, number>();
  private autoIds = new Map<string, Set<string>>();

  /** Whether a named checkpoint of about `bytes` fits once every automatic one is gone. */
  roomFor(boardId: string, bytes: number): boolean {
    if (this.budget === Infinity) return true;
    const sizes = this.sizes.get(boardId) ?? new Map<string, number>();
    return this.namedBytes(boardId, sizes) + (this.reserved.get(boardId) ?? 0) + bytes <= this.budget;
  }

  private namedBytes(boardId: string, sizes: Map<string, number>): number {
    let n = 0;
    for (const [id, b] of sizes) if (!this.autoIds.get(boardId)?.has(id)) n += b;
    return n;
  }

  private reserve(boardId: string, bytes: number): () => void {
    this.reserved.set(boardId, (this.reserved.get(boardId) ?? 0) + bytes);
    return () => this.reserved.set(boardId, (this.reserved.get(boardId) ?? 0) - bytes);
  }

  private dir = (boardId: string) => path.join(this.boardsDir, `${boardId}.snapshots`);

  /** Writes for one board run one after another, so the index never loses an entry to a race. */
  private serial<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(boardId) ?? Promise.resolve()).then(fn, fn);
    this.chains.set(boardId, next.catch(() => {}));
    return next;
  }

  /**
   * Write a checkpoint. Its bytes count against the budget from this call on (a burst of saves
   * is judged as a whole); `mayWrite` is asked just before writing (the free-space floor).
   */
  save(boardId: string, snap: StoredSnapshot, mayWrite: () => Promise<void> = async () => {}): Promise<{ dropped: string[] }> {
    const text = JSON.stringify(snap);
    const bytes = Buffer.byteLength(text);
    const release = snap.checkpoint.auto ? () => {} : this.reserve(boardId, bytes);
    return this.serial(boardId, async () => {
      await mayWrite();
      let list = (await this.list(boardId)).filter((i) => i.id !== snap.checkpoint.id);
      const sizes = this.sizes.get(boardId) ?? new Map<string, number>();
      const dropped = this.overBudget(list, sizes, bytes);
      const dir = this.dir(boardId);
      if (dropped.length) {
        // Space first: the dropped ones are automatic, and the index may name a missing file (it is a cache).
        list = list.filter((i) => !dropped.includes(i.id));
        this.lists.set(boardId, Promise.resolve(list));
        for (const id of dropped) {
          await fs.unlink(path.join(dir, `${id}.json`)).catch(() => {});
          sizes.delete(id);
        }
        this.log.info('removed the oldest automatic checkpoints to keep a board within its snapshot budget', { board: boardTag(boardId), removed: dropped.length });
      }
      const made = await fs.mkdir(dir, { recursive: true });
      if (made) await syncDir(this.boardsDir);
      await writeFileDurably(path.join(dir, `${snap.checkpoint.id}.json`), text);
      sizes.set(snap.checkpoint.id, bytes);
      this.sizes.set(boardId, sizes);
      if (snap.checkpoint.auto) this.autos(boardId).add(snap.checkpoint.id);
      const next = [...list, snap.checkpoint];
      this.lists.set(boardId, Promise.resolve(next));
      await writeFileDurably(path.join(dir, INDEX), JSON.stringify(next));
      return { dropped };
    }).finally(release);
  }

  private autos(boardId: string): Set<string> {
    let a = this.autoIds.get(boardId);
    if (!a) this.autoIds.set(boardId, (a = new Set()));
    return a;
  }

  /** The automatic checkpoints to delete, oldest first, so that `bytes` more fit; throws when they cannot. */
  private overBudget(list: SnapshotInfo[], sizes: Map<string, number>, bytes: number): string[] {
    if (this.budget === Infinity) return [];
    let used = list.reduce((n, i) => n + (sizes.get(i.id) ?? 0), 0);
    const dropped: string[] = [];
    for (const i of list) {
      if (used + bytes <= this.budget) break;
      if (!i.auto) continue;
      dropped.push(i.id);
      used -= sizes.get(i.id) ?? 0;
    }
    // A named one never makes room for an automatic one; the automatic one is left out instead.
    if (used + bytes > this.budget) throw new SnapshotBudget(this.budget);
    return dropped;
  }

  list(boardId: string): Promise<SnapshotInfo[]> {
    let l = this.lists.get(boardId);
    if (!l) {
      l = this.readList(boardId);
      l.catch(() => this.lists.delete(boardId));
      this.lists.set(boardId, l);
    }
    return l;
  }

  async get(boardId: string, snapshotId: string): Promise<StoredSnapshot | null> {
    if (!Id.safeParse(snapshotId).success) return null;
    const snap = await this.readFile(boardId, `${snapshotId}.json`);
    return snap?.checkpoint.id === snapshotId ? snap : null;
  }

  private async readList(boardId: string): Promise<SnapshotInfo[]> {
    const dir = this.dir(boardId);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      this.sizes.set(boardId, new Map());
      this.autoIds.set(boardId, new Set());
      return [];
    }
    let indexed: SnapshotInfo[] = [];
    try {
      indexed = IndexFile.parse(JSON.parse(await fs.readFile(path.join(dir, INDEX), 'utf8')));
    } catch {
      // Missing or damaged: every checkpoint file is read below instead.
    }
    const files = new Set(names.filter((n) => n.endsWith('.json') && n !== INDEX).map((n) => n.slice(0, -'.json'.length)));
    const out = indexed.filter((i) => files.has(i.id));
    const known = new Set(out.map((i) => i.id));
    for (const id of files) {
      if (known.has(id)) continue;
      const snap = await this.readFile(boardId, `${id}.json`);
      if (snap?.checkpoint.id === id) out.push(snap.checkpoint);
    }
    const sizes = new Map<string, number>();
    for (const i of out) sizes.set(i.id, await fs.stat(path.join(dir, `${i.id}.json`)).then((s) => s.size, () => 0));
    this.sizes.set(boardId, sizes);
    this.autoIds.set(boardId, new Set(out.filter((i) => i.auto).map((i) => i.id)));
    return out.sort((a, b) => a.at - b.at);
  }

  private async readFile(boardId: string, name: string): Promise<StoredSnapshot | null> {
    let text: string;
    try {
      text = await fs.readFile(path.join(this.dir(boardId), name), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      const snap = Snapshot.parse(JSON.parse(text));
      if (snap.checkpoint) return snap as StoredSnapshot;
    } catch (e) {
      this.log.warn('ignoring an unreadable checkpoint file', { board: boardTag(boardId), file: name, why: String(e) });
    }
    return null;
  }
}
