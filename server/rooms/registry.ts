import { emptyBoard, type Board, type Lang } from '../../shared/model.js';
import type { Template } from '../../shared/templates/index.js';
import type { Clock, Log } from '../log.js';
import { hashSecret, newBoardId, newFacilitatorKey, newJoinCode } from '../secrets.js';
import { SCHEMA_VERSION, type BoardDocument, type BoardStore } from '../store/types.js';
import { withTemplate } from '../templates/content.js';
import { Room, type CompactionPolicy } from './room.js';

type Deps = { store: BoardStore; clock: Clock; log: Log; compaction?: CompactionPolicy };

/** Loads each board's room once and keeps it; concurrent first requests share one load. */
export class RoomRegistry {
  private rooms = new Map<string, Promise<Room | null>>();
  private created: ((room: Room) => void)[] = [];

  constructor(private readonly deps: Deps) {}

  onRoom(fn: (room: Room) => void) {
    this.created.push(fn);
  }

  get(id: string): Promise<Room | null> {
    let r = this.rooms.get(id);
    if (!r) {
      r = this.deps.store.load(id).then(async (loaded) => {
        if (!loaded) {
          this.rooms.delete(id);
          return null;
        }
        const saved = await this.deps.store.listSnapshots(id);
        return this.opened(new Room(loaded.doc, loaded.entries, this.deps, saved));
      });
      r.catch(() => this.rooms.delete(id));
      this.rooms.set(id, r);
    }
    return r;
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

  private async open(board: Board): Promise<{ room: Room; facilitatorKey: string }> {
    const id = board.id;
    const facilitatorKey = newFacilitatorKey();
    let code = newJoinCode();
    for (let i = 0; (await this.deps.store.codeInUse(code)) && i < 50; i++) code = newJoinCode();
    const doc: BoardDocument = {
      schemaVersion: SCHEMA_VERSION,
      board,
      meta: { code, facilitatorKeyHash: hashSecret(facilitatorKey), secrets: {}, opIds: [] },
    };
    await this.deps.store.create(doc);
    const room = this.opened(new Room(doc, [], this.deps));
    this.rooms.set(id, Promise.resolve(room));
    return { room, facilitatorKey };
  }

  private opened(room: Room): Room {
    // A room whose write failed is forgotten; the next request loads the board from disk (L16).
    room.onBroken(() => {
      void this.rooms.get(room.id)?.then((r) => r === room && this.rooms.delete(room.id));
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
    await Promise.all((await this.loaded()).map((r) => r.flush()));
  }
}
