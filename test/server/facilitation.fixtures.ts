import { expect } from 'vitest';
import type { Affiliation, Board, Role } from '../../shared/model.js';
import type { JoinRequest, PresenceEntry } from '../../shared/protocol.js';
import { boardFromView, viewFor, type BoardView } from '../../shared/view.js';
import { replay } from '../helpers/replica.js';
import { createBoard, opId, Peer, type TestServer } from '../helpers/server.js';

// Shared by the facilitation test files: a board with a facilitator and participants, each seat
// remembering its join view so that its replica can be rebuilt and compared with the server.

export type Seat = { peer: Peer; id: string; secret: string; role: string; view: BoardView; name: string };

export class Table {
  readonly seats: Seat[] = [];
  private barriers = 0;

  constructor(
    readonly srv: TestServer,
    readonly boardId: string,
    readonly facilitatorKey: string,
    private readonly peers: Peer[],
  ) {}

  static async open(srv: TestServer, peers: Peer[], title = 'ワークショップ'): Promise<Table> {
    const b = await createBoard(srv.url, { title });
    return new Table(srv, b.id, b.facilitatorKey, peers);
  }

  async join(name: string, extra: Partial<JoinRequest> & { affiliation?: Affiliation } = {}): Promise<Seat> {
    const peer = new Peer(this.srv.url);
    this.peers.push(peer);
    const ack = await peer.join({ boardId: this.boardId, name, ...extra });
    if (!ack.ok || !('board' in ack)) throw new Error(`join ${name}: ${JSON.stringify(ack)}`);
    const seat = { peer, ...ack.you, view: ack.board, name };
    this.seats.push(seat);
    return seat;
  }

  facilitator(name = '進行役'): Promise<Seat> {
    return this.join(name, { facilitatorKey: this.facilitatorKey });
  }

  async board(): Promise<Board> {
    const room = await this.srv.app.registry.get(this.boardId);
    if (!room) throw new Error('no room');
    return room.board;
  }

  /**
   * A harmless op from the facilitator that everybody receives; once every open seat has it,
   * anything sent before it would have arrived too.
   */
  async barrier(by: Seat): Promise<number> {
    const ack = await by.peer.send({ opId: opId(), type: 'focus', x: ++this.barriers, y: 0, zoom: 1 });
    if (!ack.ok) throw new Error(`barrier: ${JSON.stringify(ack)}`);
    await this.settled(ack.seq);
    return ack.seq;
  }

  /** Wait until every connected seat has seen `seq` (as an op or as a reset). */
  async settled(seq?: number) {
    const target = seq ?? (await this.board()).seq;
    for (const s of this.seats) if (s.peer.socket.connected) await s.peer.waitFor(() => seenSeq(s) >= target);
  }

  /** [O2][V1–V5] Every connected seat's replica equals what the server says it may see. */
  async expectConsistent() {
    await this.settled();
    const board = await this.board();
    for (const s of this.seats) {
      if (!s.peer.socket.connected) continue;
      expect(replicaOf(s), `replica of ${s.name}`).toEqual(boardFromView(viewFor(board, { id: s.id, role: s.role as Role })));
    }
  }
}

export const resets = (s: Seat) =>
  s.peer.received.filter((r) => r.event === 'reset').map((r) => r.args[0] as { seq: number; board: BoardView });

export const lastReset = (s: Seat) => resets(s).at(-1);

const seenSeq = (s: Seat) => Math.max(s.view.seq, lastReset(s)?.seq ?? 0, ...s.peer.entries.map((e) => e.seq));

/** What this client holds: its latest full view (join or reset) plus every op after it. */
export const replicaOf = (s: Seat): Board => replay(lastReset(s)?.board ?? s.view, s.peer.entries);

/** The latest `participants` list the seat received. */
export const presence = (s: Seat) =>
  [...s.peer.received].reverse().find((r) => r.event === 'participants')?.args[0] as PresenceEntry[] | undefined;

export const addNote = (s: Seat, id: string, text: string, x = 0, y = 0) =>
  s.peer.send({ opId: opId(), type: 'note.add', note: { id, text, x, y } });

/** Unique strings whose presence in recorded traffic proves (or disproves) a leak. */
let markers = 0;
export const marker = (who: string) => `MARK-${who}-${process.pid}-${++markers}-${Math.random().toString(36).slice(2, 8)}`;

export const refused = (code: string) => ({ ok: false, error: { code } });
