import { emptyBoard, type Board, type Lang } from '../../shared/model.js';
import type { Template } from '../../shared/templates/index.js';
import type { Clock, Log } from '../log.js';
import { hashSecret, newBoardId, newFacilitatorKey, newJoinCode } from '../secrets.js';
import type { ImportedBoard } from '../http/import.worker.js';
import { SCHEMA_VERSION, type BoardDocument, type BoardStore } from '../store/types.js';
import { withTemplate } from '../templates/content.js';
import type { CompactionPolicy } from './compaction.js';
import { Room } from './room.js';

/**
 * How many boards stay in memory (BU1). `maxBoards` rooms at most, and at most `maxChars`
 * characters of stored JSON between them (document plus op log, as the store counts them: a
 * board in memory takes a few times that). Boards past either are unloaded, least recently used
 * first, unless somebody is on them or an op of theirs is in flight.
 */
export type MemoryBudget = { maxBoards: number; maxChars: number };

export const UNBOUNDED: MemoryBudget = { maxBoards: Infinity, maxChars: Infinity };

type Deps = { store: BoardStore; clock: Clock; log: Log; compaction?: CompactionPolicy; budget?: MemoryBudget };

/**
 * Loads each board's room once and keeps it while it is used; concurrent first requests share one
 * load. Idle rooms beyond the memory budget are made durable and let go (BU1); the next request
 * loads the board again, after that unload has finished writing.
 */
export class RoomRegistry {
  /** Least recently asked for first. */
  private rooms = new Map<string, Promise<Room | null>>();
  /** The rooms of `rooms` that have finished loading. */
  private ready = new Map<string, Room>();
  /** Boards being written out; a load of one waits for its unload. */
  private unloading = new Map<string, Promise<void>>();
  private created: ((room: Room) => void)[] = [];
  private unloaded: ((id: string) => void)[] = [];
  private inUse: () => ReadonlySet<string> = () => new Set();
  private trimming: NodeJS.Immediate | null = null;
  private readonly budget: MemoryBudget;

  constructor(private readonly deps: Deps) {
    this.budget = deps.budget ?? UNBOUNDED;
  }

  onRoom(fn: (room: Room) => void) {
    this.created.push(fn);
  }

  /** Called with a board's id once its room is unloaded, so caches of it can go too. */
  onUnload(fn: (id: string) => void) {
    this.unloaded.push(fn);
  }

  /** The boards somebody is on now (sockets joined or joining): never unloaded. */
  keepWhile(fn: () => ReadonlySet<string>) {
    this.inUse = fn;
  }

  /** Rooms in memory now. */
  get size() {
    return this.ready.size;
  }

  has(id: string) {
    return this.ready.has(id);
  }

  /** The room of a board loaded now, without waiting or loading it. */
  peek(id: string): Room | undefined {
    return this.ready.get(id);
  }

  get(id: string): Promise<Room | null> {
    let r = this.rooms.get(id);
    if (r) {
      this.rooms.delete(id);
      this.rooms.set(id, r);
      return r;
    }
    const after = this.unloading.get(id) ?? Promise.resolve();
    r = after
      .then(() => this.deps.store.load(id))
      .then(async (loaded) => {
        if (!loaded) {
          this.rooms.delete(id);
          return null;
        }
        const saved = await this.deps.store.listSnapshots(id);
        const room = this.opened(new Room(loaded.doc, loaded.entries, this.deps, saved));
        if (this.rooms.get(id) === r) this.ready.set(id, room);
        this.trimSoon();
        return room;
      });
    r.catch(() => {
      if (this.rooms.get(id) === r) this.rooms.delete(id);
    });
    this.rooms.set(id, r);
    return r;
  }

  /**
   * Runs after the current request's continuations: a join that has just been handed its room
   * has by then submitted its op or marked its socket, so the room counts as in use.
   */
  /** Somebody left a board: it may be idle now, and the budget may want it out. */
  left() {
    this.trimSoon();
  }

  private trimSoon() {
    if (this.trimming || (this.budget.maxBoards === Infinity && this.budget.maxChars === Infinity)) return;
    this.trimming = setImmediate(() => {
      this.trimming = null;
      this.trim();
    });
  }

  private trim() {
    const chars = (id: string) => {
      const s = this.deps.store.sizes?.(id);
      return s ? s.doc + s.log : 0;
    };
    let total = 0;
    for (const id of this.ready.keys()) total += chars(id);
    const busy = this.inUse();
    for (const [id, room] of [...this.ready]) {
      if (this.ready.size <= this.budget.maxBoards && total <= this.budget.maxChars) break;
      if (busy.has(id) || room.busy) continue;
      total -= chars(id);
      this.unload(id, room);
    }
  }

  private unload(id: string, room: Room) {
    this.rooms.delete(id);
    this.ready.delete(id);
    // A board whose log holds nothing unfolded (an import, a board only read) is on disk as it
    // is: rewriting its whole document would cost the event loop for nothing.
    const sizes = this.deps.store.sizes?.(id);
    const write = sizes && sizes.log === 0 ? room.quiet() : room.flush();
    const done = write
      .catch((e) => this.deps.log.error('could not write a board out before unloading it', { error: String(e) }))
      .then(() => {
        for (const fn of this.unloaded) fn(id);
      })
      .finally(() => {
        if (this.unloading.get(id) === done) this.unloading.delete(id);
      });
    this.unloading.set(id, done);
  }

  async create(opts: { title: string; template: Template; lang: Lang }): Promise<{ room: Room; facilitatorKey: string }> {
    const board = emptyBoard({ id: newBoardId(), title: opts.title, template: opts.template.id, lang: opts.lang, createdAt: this.deps.clock.now() });
    return this.open(withTemplate(board, opts.template));
  }

  /**
   * A new board with the content of `content` (an imported snapshot, or a handover): its own id,
   * join code and facilitator key, seq from 0, a stopped timer. Participants stay as records so
   * notes and votes keep their authors, but no secret comes along: nobody can resume an
   * identity of the board the content came from.
   */
  importBoard(content: Board): Promise<{ room: Room; facilitatorKey: string }> {
    return this.open({ ...content, id: newBoardId(), seq: 0, timer: { ...content.timer, endsAt: null } });
  }

  /**
   * A board an import made, as the JSON text a worker wrote (BU2): it is stored as it is and not
   * loaded, so a 10 MiB file costs the event loop neither a parse nor a stringify. The first
   * request for the board loads it, as after a restart.
   */
  async importText(board: ImportedBoard): Promise<{ id: string; meta: { code: string }; facilitatorKey: string }> {
    const { meta, facilitatorKey } = await this.newMeta();
    const text = `{"schemaVersion":${SCHEMA_VERSION},"meta":${JSON.stringify(meta)},"board":${board.json}}`;
    await this.deps.store.createText({ id: board.id, code: meta.code, title: board.title, createdAt: board.createdAt }, text);
    return { id: board.id, meta, facilitatorKey };
  }

  /** A new board's key and a join code no other board holds. */
  private async newMeta(): Promise<{ meta: BoardDocument['meta']; facilitatorKey: string }> {
    const facilitatorKey = newFacilitatorKey();
    let code = newJoinCode();
    for (let i = 0; (await this.deps.store.codeInUse(code)) && i < 50; i++) code = newJoinCode();
    return { meta: { code, facilitatorKeyHash: hashSecret(facilitatorKey), secrets: {}, opIds: [] }, facilitatorKey };
  }

  private async open(board: Board): Promise<{ room: Room; facilitatorKey: string }> {
    const id = board.id;
    const { meta, facilitatorKey } = await this.newMeta();
    const doc: BoardDocument = { schemaVersion: SCHEMA_VERSION, board, meta };
    await this.deps.store.create(doc);
    const room = this.opened(new Room(doc, [], this.deps));
    this.rooms.set(id, Promise.resolve(room));
    this.ready.set(id, room);
    this.trimSoon();
    return { room, facilitatorKey };
  }

  private opened(room: Room): Room {
    // A room whose write failed is forgotten; the next request loads the board from disk (L16).
    room.onBroken(() => {
      if (this.ready.get(room.id) !== room) return;
      this.rooms.delete(room.id);
      this.ready.delete(room.id);
    });
    for (const fn of this.created) fn(room);
    return room;
  }

  private async loaded(): Promise<Room[]> {
    const all = await Promise.allSettled(this.rooms.values());
    return all.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  }

  /** Every op submitted so far is acknowledged (or refused). */
  async settle(): Promise<void> {
    await Promise.all((await this.loaded()).map((r) => r.settle()));
  }

  async flushAll(): Promise<void> {
    await Promise.all([...(await this.loaded()).map((r) => r.flush()), ...this.unloading.values()]);
  }
}
