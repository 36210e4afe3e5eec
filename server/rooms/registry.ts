import { emptyBoard, type Board, type Lang } from '../../shared/model.js';
import type { Template } from '../../shared/templates/index.js';
import type { Clock, Log } from '../log.js';
import { hashSecret, newBoardId, newFacilitatorKey, newJoinCode } from '../secrets.js';
import { SCHEMA_VERSION, type BoardDocument, type BoardStore } from '../store/types.js';
import { Room } from './room.js';

type Deps = { store: BoardStore; clock: Clock; log: Log };

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
        const room = new Room(loaded.doc, loaded.entries, this.deps, saved);
        for (const fn of this.created) fn(room);
        return room;
      });
      r.catch(() => this.rooms.delete(id));
      this.rooms.set(id, r);
    }
    return r;
  }

  async create(opts: { title: string; template: Template; lang: Lang }): Promise<{ room: Room; facilitatorKey: string }> {
    const board = emptyBoard({ id: newBoardId(), title: opts.title, template: opts.template.id, lang: opts.lang, createdAt: this.deps.clock.now() });
    opts.template.sections.forEach((s, i) => (board.sections[`s_${i + 1}`] = { ...s, id: `s_${i + 1}` }));
    return this.open(board);
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
    const room = new Room(doc, [], this.deps);
    for (const fn of this.created) fn(room);
    this.rooms.set(id, Promise.resolve(room));
    return { room, facilitatorKey };
  }

  async flushAll(): Promise<void> {
    const rooms = await Promise.all(this.rooms.values());
    await Promise.all(rooms.map((r) => r?.flush()));
  }
}
