import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Log } from '../log.js';
import { DurableJSONFile, syncDir } from './durable-file.js';
import { OpLog, splitLogLines } from './op-log.js';
import { SnapshotFiles } from './snapshot-files.js';
import { BoardDocument, LogEntry, type BoardStore, type IndexEntry, type LoadedBoard, type StoredSnapshot } from './types.js';

type IndexData = { boards: Record<string, IndexEntry> };

/**
 * The embedded default store: in DATA_DIR, `index.json` (board id → join code and title) and per
 * board `boards/<id>.json` (lowdb document) plus `boards/<id>.log` (one JSON line per confirmed op)
 * and `boards/<id>.snapshots/` (checkpoints).
 */
export class FileStore implements BoardStore {
  private index!: Low<IndexData>;
  private byCode = new Map<string, string>();
  private logs = new Map<string, OpLog>();
  private docs = new Map<string, Low<BoardDocument>>();
  private indexWrite: Promise<void> = Promise.resolve();
  private readonly snapshots: SnapshotFiles;

  private constructor(readonly dir: string, private readonly log: Log) {
    this.snapshots = new SnapshotFiles(path.join(dir, 'boards'), log);
  }

  static async open(dir: string, log: Log): Promise<FileStore> {
    const store = new FileStore(dir, log);
    await fs.mkdir(path.join(dir, 'boards'), { recursive: true });
    store.index = new Low<IndexData>(new DurableJSONFile(path.join(dir, 'index.json')), { boards: {} });
    try {
      await store.index.read();
    } catch (e) {
      await store.quarantine(path.join(dir, 'index.json'), e);
      store.index.data = { boards: {} };
    }
    store.index.data ??= { boards: {} };
    for (const b of Object.values(store.index.data.boards)) store.byCode.set(b.code, b.id);
    return store;
  }

  private boardFile = (id: string, ext: string) => path.join(this.dir, 'boards', `${id}.${ext}`);

  private doc(id: string): Low<BoardDocument> {
    let d = this.docs.get(id);
    if (!d) this.docs.set(id, (d = new Low<BoardDocument>(new DurableJSONFile(this.boardFile(id, 'json')), null as never)));
    return d;
  }

  private opLog(id: string): OpLog {
    let l = this.logs.get(id);
    if (!l) this.logs.set(id, (l = new OpLog(this.boardFile(id, 'log'))));
    return l;
  }

  async create(doc: BoardDocument): Promise<void> {
    const d = this.doc(doc.board.id);
    d.data = doc;
    await d.write();
    const b = doc.board;
    await this.updateIndex({ id: b.id, code: doc.meta.code, title: b.title, createdAt: b.createdAt });
  }

  async load(id: string): Promise<LoadedBoard | null> {
    if (!Object.hasOwn(this.index.data.boards, id)) return null;
    const d = this.doc(id);
    let raw: unknown;
    try {
      raw = await d.adapter.read();
    } catch (e) {
      await this.quarantine(this.boardFile(id, 'json'), e);
      return null;
    }
    const parsed = BoardDocument.safeParse(raw);
    if (!parsed.success) {
      // Never overwrite what we cannot read: move it aside so a person can look at it.
      await this.quarantine(this.boardFile(id, 'json'), parsed.error.issues[0]?.message);
      return null;
    }
    d.data = parsed.data;
    return { doc: parsed.data, entries: await this.readLog(id, parsed.data.board.seq) };
  }

  private async readLog(id: string, afterSeq: number): Promise<LogEntry[]> {
    let text = '';
    try {
      text = await fs.readFile(this.boardFile(id, 'log'), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const { lines, torn } = splitLogLines(text);
    if (torn) this.log.warn('ignoring a torn last line in an op log', { board: id });
    const entries: LogEntry[] = [];
    let expected = afterSeq + 1;
    for (const line of lines) {
      let entry: LogEntry;
      try {
        entry = LogEntry.parse(JSON.parse(line));
      } catch {
        this.log.warn('stopping op log replay at an unreadable line', { board: id, seq: expected });
        break;
      }
      if (entry.seq <= afterSeq) continue; // already folded into the document (crash after compaction)
      if (entry.seq !== expected) {
        this.log.warn('stopping op log replay at a gap', { board: id, expected, found: entry.seq });
        break;
      }
      entries.push(entry);
      expected++;
    }
    return entries;
  }

  append(id: string, entry: LogEntry): Promise<void> {
    return this.opLog(id).append(JSON.stringify(entry));
  }

  compact(id: string, doc: BoardDocument): Promise<void> {
    const log = this.opLog(id);
    return log.exclusive(async () => {
      const d = this.doc(id);
      d.data = doc;
      await d.write();
      await log.truncate();
    });
  }

  async findByCode(code: string) {
    return this.byCode.get(code) ?? null;
  }
  async codeInUse(code: string) {
    return this.byCode.has(code);
  }

  async updateIndex(entry: IndexEntry): Promise<void> {
    const known = this.index.data.boards[entry.id];
    if (known && known.title === entry.title && known.code === entry.code) return;
    this.index.data.boards[entry.id] = entry;
    this.byCode.set(entry.code, entry.id);
    // Writes are chained: two boards created at once must not race on one file.
    const write = this.indexWrite.then(() => this.index.write());
    this.indexWrite = write.catch(() => {});
    await write;
  }

  saveSnapshot(boardId: string, snap: StoredSnapshot): Promise<void> {
    return this.snapshots.save(boardId, snap);
  }
  async listSnapshots(boardId: string) {
    return [...(await this.snapshots.list(boardId))];
  }
  getSnapshot(boardId: string, snapshotId: string) {
    return this.snapshots.get(boardId, snapshotId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.logs.values()].map((l) => l.close()));
    this.logs.clear();
  }

  private async quarantine(file: string, why: unknown) {
    const aside = `${file}.corrupt-${Date.now()}`;
    try {
      await fs.rename(file, aside);
      await syncDir(path.dirname(file));
      this.log.error('moved an unreadable file aside', { file, aside, why: String(why) });
    } catch (e) {
      this.log.error('could not move an unreadable file aside', { file, why: String(e) });
    }
  }
}
