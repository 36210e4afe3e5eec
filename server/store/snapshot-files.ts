import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Id } from '../../shared/model.js';
import { Snapshot, SnapshotInfo } from '../../shared/snapshot.js';
import { boardTag, type Log } from '../log.js';
import { syncDir, writeFileDurably } from './durable-file.js';
import type { StoredSnapshot } from './types.js';

const INDEX = 'index.json';
const IndexFile = z.array(SnapshotInfo);

/**
 * Checkpoints of one board in `boards/<id>.snapshots/`: one durable file per checkpoint, in the
 * same format as a JSON export, plus `index.json` listing them so the list does not read every
 * board. The index is a cache: a checkpoint file it does not name (a crash between the two
 * writes) is found and added on the next read.
 */
export class SnapshotFiles {
  private lists = new Map<string, Promise<SnapshotInfo[]>>();
  private chains = new Map<string, Promise<unknown>>();

  constructor(private readonly boardsDir: string, private readonly log: Log) {}

  private dir = (boardId: string) => path.join(this.boardsDir, `${boardId}.snapshots`);

  /** Writes for one board run one after another, so the index never loses an entry to a race. */
  private serial<T>(boardId: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(boardId) ?? Promise.resolve()).then(fn, fn);
    this.chains.set(boardId, next.catch(() => {}));
    return next;
  }

  save(boardId: string, snap: StoredSnapshot): Promise<void> {
    return this.serial(boardId, async () => {
      const list = await this.list(boardId);
      const dir = this.dir(boardId);
      const made = await fs.mkdir(dir, { recursive: true });
      if (made) await syncDir(this.boardsDir);
      await writeFileDurably(path.join(dir, `${snap.checkpoint.id}.json`), JSON.stringify(snap));
      const next = [...list.filter((i) => i.id !== snap.checkpoint.id), snap.checkpoint];
      this.lists.set(boardId, Promise.resolve(next));
      await writeFileDurably(path.join(dir, INDEX), JSON.stringify(next));
    });
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
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
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
