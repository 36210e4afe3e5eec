import { gzip } from 'node:zlib';
import type { Board } from '../../shared/model.js';
import { viewFor, type Viewer } from '../../shared/view.js';
import { hidesAnything } from './broadcast.js';

/**
 * zlib level for J7: the higher levels save a quarter of the bytes for several times the CPU, and
 * level 1 is already far under P4's byte goal, so it leaves the most CPU for the ops of a busy start
 * (`bench/tools/join-gzip.ts`; the figures are in docs/PERFORMANCE.md).
 */
export const BOARD_GZIP_LEVEL = 1;

export type BoardGzipOptions = {
  /** Boards whose last answer is kept. */
  maxBoards: number;
  /** Characters of JSON kept in all, so many large boards cannot hold much memory between them. */
  maxChars: number;
  /** An answer nobody asked for again within this long is let go. */
  idleMs: number;
};

const DEFAULTS: BoardGzipOptions = { maxBoards: 8, maxChars: 8_000_000, idleMs: 30_000 };

type Kept = { board: Board; json: string; gz: Promise<Buffer>; timer: NodeJS.Timeout };

/**
 * The gzipped board view of a join (J7), compressed on the threadpool so a large board never
 * blocks the event loop. Joins at the start of a workshop come in bursts whose acks share one
 * group commit and therefore one board, so the last answer per board is kept and reused when the
 * JSON is the same: when the board is the very same object and nothing on it is hidden (the view
 * is then the same for everybody, and the JSON need not be built again), or else when the JSON
 * string equals the kept one (whatever the viewer may see).
 */
export class BoardGzip {
  private kept = new Map<string, Kept>();
  private chars = 0;
  private readonly opts: BoardGzipOptions;

  constructor(opts: Partial<BoardGzipOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  of(boardId: string, board: Board, viewer: Viewer): Promise<Buffer> {
    const k = this.kept.get(boardId);
    if (k && k.board === board && !hidesAnything(board)) return this.use(boardId, k).gz;
    const json = JSON.stringify(viewFor(board, viewer));
    if (k && k.json === json) {
      k.board = board;
      return this.use(boardId, k).gz;
    }
    const gz = compress(json);
    this.keep(boardId, { board, json, gz, timer: this.timer(boardId) });
    gz.catch(() => {
      if (this.kept.get(boardId)?.gz === gz) this.drop(boardId);
    });
    return gz;
  }

  /** Boards with an answer kept now. */
  get size() {
    return this.kept.size;
  }

  /** The board was unloaded (BU1): its answer goes with it. */
  forget(boardId: string) {
    this.drop(boardId);
  }

  clear() {
    for (const id of [...this.kept.keys()]) this.drop(id);
  }

  private use(boardId: string, k: Kept): Kept {
    // Most recently used last, so the first entry is the one to let go.
    this.kept.delete(boardId);
    this.kept.set(boardId, k);
    k.timer.refresh();
    return k;
  }

  private keep(boardId: string, k: Kept) {
    this.drop(boardId);
    if (k.json.length > this.opts.maxChars) {
      clearTimeout(k.timer);
      return;
    }
    this.kept.set(boardId, k);
    this.chars += k.json.length;
    for (const [id] of this.kept) {
      if (this.kept.size <= this.opts.maxBoards && this.chars <= this.opts.maxChars) break;
      this.drop(id);
    }
  }

  private drop(boardId: string) {
    const k = this.kept.get(boardId);
    if (!k) return;
    clearTimeout(k.timer);
    this.kept.delete(boardId);
    this.chars -= k.json.length;
  }

  private timer(boardId: string) {
    const t = setTimeout(() => this.drop(boardId), this.opts.idleMs);
    t.unref();
    return t;
  }
}

function compress(json: string): Promise<Buffer> {
  return new Promise((resolve, reject) => gzip(json, { level: BOARD_GZIP_LEVEL }, (e, out) => (e ? reject(e) : resolve(out))));
}
