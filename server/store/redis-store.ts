import { UnavailableBoards } from './unavailable.js';
import { createClient, ErrorReply } from 'redis';
import { z } from 'zod';
import { boardTag, type Log } from '../log.js';
import { checkPersistence, type Persistence } from './redis-persistence.js';
import { redisKeys, SCRIPTS, type RedisKeys, type ScriptReply } from './redis-scripts.js';
import { replayStream } from './redis-log.js';
import { parseJson, RedisSnapshots } from './redis-snapshots.js';
import {
  AppendConflict,
  BoardDocument,
  LogEntry,
  StoreUnavailable,
  StoredTemplate,
  type BoardStore,
  type IndexEntry,
  type LoadedBoard,
  type StoredSnapshot,
} from './types.js';
import { describeIssues } from '../../shared/issues.js';

/** An index entry as read back: trusted only once it parses. */
const IndexRecord = z.strictObject({ id: z.string(), code: z.string(), title: z.string(), createdAt: z.number() });

export type RedisStoreOptions = {
  /** Prefix of every key, so one Redis may hold several deployments; `onaji:` unless given. */
  prefix?: string;
  /** Bytes of checkpoints one board may keep (S10); unlimited unless given. */
  snapshotBytesPerBoard?: number;
  /** How long a connection attempt may take before a call is refused (RS4). */
  connectTimeoutMs?: number;
  /** How long a call may wait for Redis's reply before it is refused (RS4): a paused Redis must not hang acks. */
  commandTimeoutMs?: number;
};

const client = (url: string, connectTimeout: number, timeout: number) =>
  createClient({
    url,
    scripts: SCRIPTS,
    // A Redis that holds the connection but does not answer (paused, swapping, a disk that
    // stalls its fsync) refuses too. The write may still land; the board is then reloaded from
    // Redis and the client's resend with the same opId settles it (O3).
    commandOptions: { timeout, rejectInFlight: true },
    // A call while Redis is away is refused at once (RS4): queued, it would hang an ack for as
    // long as Redis is away, and could be written long after its sender gave up on it.
    disableOfflineQueue: true,
    socket: { connectTimeout, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000) },
  });
type Client = ReturnType<typeof client>;

/**
 * Boards in Redis (REDIS_URL): the same behaviour as the file store, with Redis's AOF as the disk.
 * An append resolves only once Redis replied to it; with `appendfsync always` that means the op
 * is on Redis's disk (RS1). Every value read back is parsed with the shared schemas; a value that
 * does not parse is moved aside and treated as a damaged file is (L15, T12).
 */
export class RedisStore implements BoardStore {
  private readonly keys: RedisKeys;
  private readonly snapshots: RedisSnapshots;
  private logChars = new Map<string, number>();
  private docChars = new Map<string, number>();
  /** Index entries as last written or read here, so a fold that changes no title writes no index. */
  private indexed = new Map<string, IndexEntry>();
  private closed = false;
  private down = false;
  private everReady = false;
  persistence: Persistence | null = null;
  private readonly unopened: UnavailableBoards;

  private constructor(
    private readonly redis: Client,
    private readonly log: Log,
    opts: RedisStoreOptions,
  ) {
    this.keys = redisKeys(opts.prefix ?? 'onaji:');
    this.unopened = new UnavailableBoards(log);
    this.snapshots = new RedisSnapshots(
      this.keys,
      {
        hGetAll: (key) => this.call(() => this.redis.hGetAll(key)),
        hGet: (key, field) => this.call(() => this.redis.hGet(key, field)),
        saveAll: (boardId, id, text, listed, dropped) =>
          this.call(async () => {
            const m = this.redis.multi();
            if (dropped.length) m.hDel(this.keys.snaps(boardId), dropped).hDel(this.keys.snapInfo(boardId), dropped);
            await m.hSet(this.keys.snaps(boardId), id, text).hSet(this.keys.snapInfo(boardId), id, listed).exec();
          }),
      },
      log,
      opts.snapshotBytesPerBoard ?? Infinity,
    );
    // Without a listener an error event would end the process; the store reports going down and coming back once each.
    redis.on('error', (e: unknown) => {
      if (this.down || this.closed) return;
      this.down = true;
      if (this.everReady) log.error('lost the connection to Redis; changes are refused until it is back', { error: String(e) });
      else log.error('cannot reach Redis (REDIS_URL); the server starts once it answers', { error: String(e) });
    });
    redis.on('ready', () => {
      this.everReady = true;
      if (!this.down) return;
      this.down = false;
      log.info('Redis is reachable; changes are accepted');
    });
  }

  /** Connect, and say at once whether an ack survives a Redis crash (RS1). */
  static async open(url: string, log: Log, opts: RedisStoreOptions = {}): Promise<RedisStore> {
    const redis = client(url, opts.connectTimeoutMs ?? 2_000, opts.commandTimeoutMs ?? 5_000);
    const store = new RedisStore(redis, log, opts);
    await redis.connect();
    store.persistence = await checkPersistence((name) => redis.configGet(name), log);
    return store;
  }

  /** Every Redis error becomes StoreUnavailable: the room then refuses with `unavailable` and reloads later (RS4). */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailable('closed');
    try {
      return await fn();
    } catch (e) {
      if (e instanceof StoreUnavailable || e instanceof AppendConflict) throw e;
      if (e instanceof ErrorReply) this.log.error('Redis refused a command', { error: String(e) });
      throw new StoreUnavailable(e);
    }
  }

  async create(doc: BoardDocument): Promise<void> {
    const b = doc.board;
    await this.createText({ id: b.id, code: doc.meta.code, title: b.title, createdAt: b.createdAt }, JSON.stringify(doc), b.seq);
  }

  /** A document given as text is a new or imported board, whose seq is 0 (registry.importText). */
  async createText(entry: IndexEntry, text: string, seq = 0): Promise<void> {
    const keys: [string, string, string] = [this.keys.board(entry.id), this.keys.codes, this.keys.boards];
    const r = await this.call(() => this.redis.createBoard(keys, entry.id, entry.code, text, seq, JSON.stringify(entry)) as Promise<ScriptReply>);
    if (r[0] !== 'ok') throw new Error(`a board ${boardTag(entry.id)} already exists`);
    this.indexed.set(entry.id, entry);
    this.docChars.set(entry.id, text.length);
    this.logChars.set(entry.id, 0);
  }

  async load(id: string): Promise<LoadedBoard | null> {
    const [fields, known] = await this.call(() => Promise.all([this.redis.hmGet(this.keys.board(id), ['doc', 'head']), this.redis.hGet(this.keys.boards, id)]));
    const doc = fields[0] ?? null;
    const head = fields[1] ?? null;
    if (doc === null) {
      // Known but without a document (moved aside): it exists and answers 503, never 404 (L15).
      if (known === null) return null;
      throw this.unopened.refuse(id, 'missing');
    }
    const raw = parseJsonText(doc);
    const parsed = raw === undefined ? null : BoardDocument.safeParse(raw);
    if (!parsed?.success || parsed.data.board.id !== id) {
      const why = !parsed ? 'not JSON' : parsed.success ? 'it holds another board' : describeIssues(parsed.error, 'document');
      await this.moveAside(id, doc, why);
      throw this.unopened.refuse(id, 'unreadable');
    }
    this.unopened.opened(id);
    this.docChars.set(id, doc.length);
    const entries = await this.readLog(id, parsed.data.board.seq, Number(head ?? parsed.data.board.seq));
    const b = parsed.data.board;
    const listed = known === null ? null : parseJson(IndexRecord, known);
    if (listed?.id === id) this.indexed.set(id, listed);
    await this.updateIndex({ id, code: parsed.data.meta.code, title: b.title, createdAt: b.createdAt });
    return { doc: parsed.data, entries };
  }

  /** The document is kept under `aside` for a person, and the board stays known; nothing overwrites it (L15). */
  private async moveAside(id: string, text: string, why: string) {
    await this.call(() => this.redis.multi().hSet(this.keys.aside, `board:${id}:${Date.now()}`, text).hDel(this.keys.board(id), 'doc').exec());
    this.log.error(`moved an unreadable board document aside (${why}); it is kept for a person to inspect`, { board: boardTag(id) });
  }


  /** The entries after the document, in seq order; an entry that does not parse or is out of order is left out, as on disk (S6). */
  private async readLog(id: string, afterSeq: number, head: number): Promise<LogEntry[]> {
    const stream = (await this.call(() => this.redis.xRange(this.keys.log(id), `${afterSeq + 1}-0`, '+'))) ?? [];
    const { entries, kept, last, chars, unreadable, outOfOrder, missing } = replayStream(stream, afterSeq);
    if (unreadable || outOfOrder || missing) this.log.warn('op log replay left entries out', { board: boardTag(id), unreadable, outOfOrder, missingSeqs: missing, kept: entries.length });
    // The next append must follow the last entry the board holds, not one it left out (S6).
    if (unreadable || outOfOrder || last !== head) {
      const lastId = stream.at(-1)?.id ?? (await this.call(() => this.redis.xRevRange(this.keys.log(id), '+', '-', { COUNT: 1 })))?.[0]?.id ?? '';
      await this.repairLog(id, lastId, last, kept);
    }
    this.logChars.set(id, chars);
    return entries;
  }

  private async repairLog(id: string, lastId: string, head: number, kept: [string, string][]) {
    const keys: [string, string, string] = [this.keys.board(id), this.keys.log(id), this.keys.logAside(id, Date.now())];
    const r = await this.call(() => this.redis.repairLog(keys, lastId, head, kept) as Promise<ScriptReply>);
    if (r[0] !== 'ok') throw new AppendConflict(id, head, null);
    this.log.warn('kept an op log replay could not use whole aside and wrote back the entries it kept', { board: boardTag(id), kept: kept.length });
  }

  async append(id: string, entry: LogEntry): Promise<void> {
    const line = JSON.stringify(entry);
    this.logChars.set(id, (this.logChars.get(id) ?? 0) + line.length + 1);
    const r = await this.call(() => this.redis.appendEntry(this.keys.board(id), this.keys.log(id), entry.seq, line) as Promise<ScriptReply>);
    if (r[0] === 'conflict') throw new AppendConflict(id, entry.seq - 1, r[1] ?? null);
  }

  async compact(id: string, doc: BoardDocument): Promise<void> {
    // A room outliving its store (a server stopped without folding, as after kill -9) writes nothing.
    if (this.closed) return;
    this.logChars.set(id, 0);
    const text = JSON.stringify(doc);
    const r = await this.call(() => this.redis.foldLog(this.keys.board(id), this.keys.log(id), doc.board.seq, text) as Promise<ScriptReply>);
    if (r[0] === 'stale') throw new AppendConflict(id, doc.board.seq, r[2]);
    this.docChars.set(id, text.length);
  }

  sizes(id: string): { log: number; doc: number } | undefined {
    const log = this.logChars.get(id);
    const doc = this.docChars.get(id);
    return log === undefined || doc === undefined ? undefined : { log, doc };
  }

  async findByCode(code: string): Promise<string | null> {
    if (!/^\d{6}$/.test(code)) return null;
    return this.call(() => this.redis.hGet(this.keys.codes, code));
  }

  async codeInUse(code: string): Promise<boolean> {
    return (await this.call(() => this.redis.hExists(this.keys.codes, code))) === 1;
  }

  async updateIndex(entry: IndexEntry): Promise<void> {
    const known = this.indexed.get(entry.id);
    if (known && known.title === entry.title && known.code === entry.code) return;
    await this.call(async () => {
      const m = this.redis.multi().hSet(this.keys.boards, entry.id, JSON.stringify(entry));
      if (known?.code && known.code !== entry.code) m.hDel(this.keys.codes, known.code);
      if (entry.code) m.hSet(this.keys.codes, entry.code, entry.id);
      await m.exec();
    });
    this.indexed.set(entry.id, entry);
  }

  saveSnapshot(boardId: string, snap: StoredSnapshot): Promise<{ dropped: string[] }> {
    return this.snapshots.save(boardId, snap);
  }
  snapshotRoom(boardId: string, bytes: number): boolean {
    return this.snapshots.roomFor(boardId, bytes);
  }
  listSnapshots(boardId: string) {
    return this.snapshots.list(boardId);
  }
  getSnapshot(boardId: string, snapshotId: string) {
    return this.snapshots.get(boardId, snapshotId);
  }

  /** Oldest first; one that does not parse is moved aside and not offered (T12). */
  async listTemplates(): Promise<StoredTemplate[]> {
    const all = await this.call(() => this.redis.hGetAll(this.keys.templates));
    const out: StoredTemplate[] = [];
    for (const [id, text] of Object.entries(all)) {
      const t = parseJson(StoredTemplate, text);
      if (t && t.template.id === id) {
        out.push(t);
        continue;
      }
      await this.call(() => this.redis.multi().hSet(this.keys.aside, `template:${id}:${Date.now()}`, text).hDel(this.keys.templates, id).exec());
      this.log.error('moved an unreadable template aside; it is kept for a person to inspect', { template: id });
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.template.id < b.template.id ? -1 : 1));
  }

  async saveTemplate(stored: StoredTemplate): Promise<void> {
    await this.call(() => this.redis.hSet(this.keys.templates, stored.template.id, JSON.stringify(stored)));
  }

  async deleteTemplate(id: string): Promise<boolean> {
    return (await this.call(() => this.redis.hDel(this.keys.templates, id))) === 1;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Every write this process was acknowledged for has had its reply; nothing is left to send.
    await this.redis.close().catch(() => this.redis.destroy());
  }
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
