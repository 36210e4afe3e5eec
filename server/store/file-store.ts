import { UnavailableBoards } from './unavailable.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { boardTag, type Log } from '../log.js';
import { DurableJSONFile, writeFileDurably } from './durable-file.js';
import { DiskFloor, type FreeBytes } from './disk-floor.js';
import { openLogFile, type OpenLogFile } from './log-file.js';
import { replayLog } from './log-replay.js';
import { OpLog } from './op-log.js';
import { entryFromFiles, moveAside, rebuildIndex, removeStaleTemporaries, repairLog, salvageCodes } from './recovery.js';
import { SnapshotFiles } from './snapshot-files.js';
import { TemplateFiles } from './template-files.js';
import {
  BoardDocument,
  BoardUnavailable,
  DiskFull,
  type LogEntry,
  type BoardStore,
  type IndexEntry,
  type LoadedBoard,
  type StoredSnapshot,
  type StoredTemplate,
} from './types.js';

type IndexData = { boards: Record<string, IndexEntry> };

export type FileStoreOptions = {
  /** Bytes of checkpoints one board may keep on disk (S10); unlimited unless given. */
  snapshotBytesPerBoard?: number;
  /** Free bytes below which nothing a visitor does is written (S9); no floor unless given. */
  minFreeBytes?: number;
  /** How op log files are opened; a test passes one that fails like a full disk. */
  openLogFile?: OpenLogFile;
  /** How free space is read; `statfs` of DATA_DIR unless given. */
  freeBytes?: FreeBytes;
};

/** A lookup of an id or code the index does not know reads the boards folder at most this often. */
const RESCAN_MS = 1_000;

/**
 * The embedded default store: in DATA_DIR, `index.json` (board id → join code and title) and per
 * board `boards/<id>.json` (lowdb document) plus `boards/<id>.log` (one JSON line per confirmed op)
 * and `boards/<id>.snapshots/` (checkpoints); custom templates in `templates/<id>.json`.
 */
export class FileStore implements BoardStore {
  private index!: Low<IndexData>;
  private byCode = new Map<string, string>();
  private logs = new Map<string, OpLog>();
  private docs = new Map<string, Low<BoardDocument>>();
  /** Characters of each board's log lines appended since its last compaction was asked for. */
  private logChars = new Map<string, number>();
  private indexWrite: Promise<void> = Promise.resolve();
  private readonly snapshots: SnapshotFiles;
  private readonly templates: TemplateFiles;
  private closed = false;
  private readonly floor: DiskFloor;
  private readonly openLog: OpenLogFile;
  private scannedAt = -Infinity;
  private readonly unopened: UnavailableBoards;

  private constructor(readonly dir: string, private readonly log: Log, opts: FileStoreOptions) {
    this.floor = new DiskFloor(dir, opts.minFreeBytes ?? 0, opts.freeBytes);
    this.unopened = new UnavailableBoards(log);
    this.openLog = opts.openLogFile ?? openLogFile;
    this.snapshots = new SnapshotFiles(path.join(dir, 'boards'), log, opts.snapshotBytesPerBoard ?? Infinity);
    this.templates = new TemplateFiles(path.join(dir, 'templates'), log);
  }

  static async open(dir: string, log: Log, opts: FileStoreOptions = {}): Promise<FileStore> {
    const store = new FileStore(dir, log, opts);
    const boardsDir = path.join(dir, 'boards');
    await fs.mkdir(boardsDir, { recursive: true });
    await removeStaleTemporaries(dir, log);
    const indexFile = path.join(dir, 'index.json');
    store.index = new Low<IndexData>(new DurableJSONFile(indexFile), { boards: {} });
    let readable = true;
    try {
      await store.index.read();
    } catch (e) {
      readable = false;
      await moveAside(indexFile, log, String(e), { file: 'index.json' });
    }
    if (!readable || store.index.data === null || !(await exists(indexFile))) {
      store.index.data = { boards: await rebuildIndex(dir, boardsDir, log) };
      if (Object.keys(store.index.data.boards).length) await store.index.write();
    }
    store.index.data ??= { boards: {} };
    for (const b of Object.values(store.index.data.boards)) if (b.code) store.byCode.set(b.code, b.id);
    return store;
  }

  /** Whether the disk is above the free-space floor (S9); a reading at most a second old. */
  hasRoom(): Promise<boolean> {
    return this.floor.hasRoom();
  }

  /** The floor's latest verdict without waiting, for a room ordering its ops. */
  roomNow(): boolean {
    return this.floor.roomNow();
  }

  /**
   * A board the index does not know may have come back (a document restored from a backup) or
   * lost its entry with a damaged index: the boards folder decides (S8). An id with no file
   * costs two `stat`s; ids that are not board ids cost nothing.
   */
  private async rediscover(id: string): Promise<boolean> {
    const boardsDir = path.join(this.dir, 'boards');
    const direct = await entryFromFiles(boardsDir, id, new Map()).catch(() => null);
    if (!direct) return false;
    const entry = direct.code ? direct : ((await entryFromFiles(boardsDir, id, await salvageCodes(this.dir)).catch(() => null)) ?? direct);
    await this.addToIndex(entry);
    return true;
  }

  /** Boards in the folder the index does not list, found when a join code is not known. */
  private async rescan(): Promise<void> {
    if (Date.now() - this.scannedAt < RESCAN_MS) return;
    this.scannedAt = Date.now();
    const names = await fs.readdir(path.join(this.dir, 'boards')).catch(() => [] as string[]);
    for (const n of names) {
      const id = n.endsWith('.json') ? n.slice(0, -'.json'.length) : null;
      if (id && !Object.hasOwn(this.index.data.boards, id)) await this.rediscover(id);
    }
  }

  private async addToIndex(entry: IndexEntry): Promise<void> {
    this.log.warn('added a board found in the boards folder to the index', { board: boardTag(entry.id), code: entry.code ? 'kept' : 'unknown' });
    await this.updateIndex(entry).catch((e) => this.log.error('could not write index.json', { error: String(e) }));
  }

  private boardFile = (id: string, ext: string) => path.join(this.dir, 'boards', `${id}.${ext}`);

  private doc(id: string): Low<BoardDocument> & { adapter: DurableJSONFile<BoardDocument> } {
    let d = this.docs.get(id);
    if (!d) this.docs.set(id, (d = new Low<BoardDocument>(new DurableJSONFile(this.boardFile(id, 'json')), null as never)));
    return d as Low<BoardDocument> & { adapter: DurableJSONFile<BoardDocument> };
  }

  private opLog(id: string): OpLog {
    let l = this.logs.get(id);
    if (!l) this.logs.set(id, (l = new OpLog(this.boardFile(id, 'log'), this.openLog)));
    return l;
  }

  async create(doc: BoardDocument): Promise<void> {
    // Refused before anything is written, so a refusal leaves no half-made board (S9).
    if (!(await this.hasRoom())) throw new DiskFull();
    const d = this.doc(doc.board.id);
    d.data = doc;
    await d.write();
    this.logChars.set(doc.board.id, 0);
    const b = doc.board;
    await this.updateIndex({ id: b.id, code: doc.meta.code, title: b.title, createdAt: b.createdAt });
  }

  async createText(entry: IndexEntry, text: string): Promise<void> {
    if (!(await this.hasRoom())) throw new DiskFull();
    await writeFileDurably(this.boardFile(entry.id, 'json'), text);
    this.logChars.set(entry.id, 0);
    await this.updateIndex(entry);
  }

  async load(id: string): Promise<LoadedBoard | null> {
    if (!Object.hasOwn(this.index.data.boards, id) && !(await this.rediscover(id))) return null;
    // A board loaded again (its room was dropped after a failed write) starts from a fresh
    // handle, once the failed write's bytes are cut off (S7): until then it is not opened.
    const stale = this.logs.get(id);
    if (stale) {
      try {
        await stale.repair();
      } catch (e) {
        this.log.error('could not cut a failed write off an op log; the board stays closed until it can', { board: boardTag(id), error: String(e) });
        throw new BoardUnavailable(id, 'disk');
      }
      this.logs.delete(id);
      await stale.close().catch(() => {});
    }
    const d = this.doc(id);
    const file = this.boardFile(id, 'json');
    let raw: unknown;
    try {
      raw = await d.adapter.read();
    } catch (e) {
      // Never overwrite what we cannot read: move it aside so a person can look at it.
      await moveAside(file, this.log, String(e), { board: boardTag(id) });
      throw this.unopened.refuse(id, 'unreadable');
    }
    if (raw === null) throw this.unopened.refuse(id, 'missing');
    const parsed = BoardDocument.safeParse(raw);
    if (!parsed.success || parsed.data.board.id !== id) {
      const why = parsed.success ? 'it holds another board' : parsed.error.issues[0]?.message ?? 'invalid';
      await moveAside(file, this.log, why, { board: boardTag(id) });
      throw this.unopened.refuse(id, 'unreadable');
    }
    this.unopened.opened(id);
    d.data = parsed.data;
    const known = this.index.data.boards[id];
    if (known && (known.code !== parsed.data.meta.code || !known.createdAt)) {
      const b = parsed.data.board;
      await this.updateIndex({ id, code: parsed.data.meta.code, title: b.title, createdAt: b.createdAt }).catch(() => {});
    }
    return { doc: parsed.data, entries: await this.readLog(id, parsed.data.board.seq) };
  }


  private async readLog(id: string, afterSeq: number): Promise<LogEntry[]> {
    const file = this.boardFile(id, 'log');
    let text = '';
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const { entries, good, dropped, missing, torn } = replayLog(text, afterSeq);
    if (dropped.length || missing.length) {
      const unreadable = dropped.filter((d) => d.why === 'unreadable').length;
      this.log.warn('op log replay left lines out', {
        board: boardTag(id),
        dropped: dropped.length,
        unreadable,
        outOfOrder: dropped.length - unreadable,
        missingSeqs: missing.length ? `${missing[0]}…${missing[missing.length - 1]} (${missing.length})` : 0,
        kept: entries.length,
      });
    }
    const damaged = dropped.length > 0 || missing.length > 0;
    if (damaged || torn) await repairLog(file, id, text, good, damaged ? 'damaged' : 'torn', this.log);
    // What the next compaction folds: the lines kept (those already folded count too, they go with it).
    this.logChars.set(id, good.reduce((n, line) => n + line.length + 1, 0));
    return entries;
  }

  append(id: string, entry: LogEntry): Promise<void> {
    const line = JSON.stringify(entry);
    this.logChars.set(id, (this.logChars.get(id) ?? 0) + line.length + 1);
    return this.opLog(id).append(line);
  }

  compact(id: string, doc: BoardDocument): Promise<void> {
    // A room outliving its store (a server stopped without folding, as after kill -9) writes nothing.
    if (this.closed) return Promise.resolve();
    const log = this.opLog(id);
    // Every line appended so far is folded by this compaction, whenever its turn comes.
    this.logChars.set(id, 0);
    return log.exclusive(async () => {
      const d = this.doc(id);
      d.data = doc;
      await d.write();
      await log.truncate();
    });
  }

  sizes(id: string): { log: number; doc: number } | undefined {
    const log = this.logChars.get(id);
    const doc = this.docs.get(id) as { adapter: DurableJSONFile<BoardDocument> } | undefined;
    return log === undefined || !doc ? undefined : { log, doc: doc.adapter.chars };
  }

  async findByCode(code: string) {
    if (!this.byCode.has(code)) await this.rescan();
    return this.byCode.get(code) ?? null;
  }
  async codeInUse(code: string) {
    return this.byCode.has(code);
  }

  async updateIndex(entry: IndexEntry): Promise<void> {
    const known = this.index.data.boards[entry.id];
    if (known && known.title === entry.title && known.code === entry.code) return;
    this.index.data.boards[entry.id] = entry;
    if (known?.code && known.code !== entry.code) this.byCode.delete(known.code);
    if (entry.code) this.byCode.set(entry.code, entry.id);
    // Writes are chained: two boards created at once must not race on one file.
    const write = this.indexWrite.then(() => this.index.write());
    this.indexWrite = write.catch(() => {});
    await write;
  }

  saveSnapshot(boardId: string, snap: StoredSnapshot): Promise<{ dropped: string[] } | void> {
    return this.snapshots.save(boardId, snap, async () => {
      if (!(await this.hasRoom())) throw new DiskFull();
    });
  }

  snapshotRoom(boardId: string, bytes: number): boolean {
    return this.snapshots.roomFor(boardId, bytes);
  }
  async listSnapshots(boardId: string) {
    return [...(await this.snapshots.list(boardId))];
  }
  getSnapshot(boardId: string, snapshotId: string) {
    return this.snapshots.get(boardId, snapshotId);
  }

  listTemplates() {
    return this.templates.list();
  }
  async saveTemplate(stored: StoredTemplate) {
    if (!(await this.hasRoom())) throw new DiskFull();
    return this.templates.save(stored);
  }
  deleteTemplate(id: string) {
    return this.templates.remove(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.logs.values()].map((l) => l.close()));
    this.logs.clear();
  }
}

const exists = (file: string) => fs.stat(file).then(() => true, () => false);
