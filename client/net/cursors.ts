import { LIMITS } from '../../shared/limits';
import { Store } from '../state/store';
import type { RemoteCursor } from '../state/source';
import { readCursor, readCursorBatch, type PointerMessage } from './cursorBatch';
import type { BoardSocket } from './socket';

const SEND_INTERVAL_MS = Math.ceil(1000 / LIMITS.cursorsPerSecond) + 10;
const FORGET_AFTER_MS = 15_000;

/**
 * Own cursor out (throttled, volatile), others' cursors in: as batches (`cursors`, RM1) or one by
 * one from a server that does not batch (`cursor`, P2), published at most once per animation frame.
 */
export class CursorChannel {
  readonly cursors = new Store<ReadonlyMap<string, RemoteCursor>>(new Map());
  private lastSent = 0;
  private trailing: ReturnType<typeof setTimeout> | null = null;
  private latest: { x: number; y: number } | null = null;
  /** What the next frame publishes; null while nothing arrived since the last one. */
  private next: Map<string, RemoteCursor> | null = null;
  private frame: number | null = null;
  private sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly socket: BoardSocket,
    private readonly canSend: () => boolean,
    /** Our own pointer comes back in the batches (RM1): under our participant id, or on an anonymous board under the join's `pointerId`. */
    private readonly isOwn: (id: string) => boolean = () => false,
  ) {}

  start(): void {
    this.socket.on('cursor', this.onCursor);
    this.socket.on('cursors', this.onBatch);
    this.sweeper = setInterval(this.sweep, 5000);
  }

  stop(): void {
    this.socket.off('cursor', this.onCursor);
    this.socket.off('cursors', this.onBatch);
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.trailing) clearTimeout(this.trailing);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
  }

  send(x: number, y: number): void {
    this.latest = { x: Math.round(x), y: Math.round(y) };
    const wait = this.lastSent + SEND_INTERVAL_MS - Date.now();
    if (wait <= 0) this.flush();
    else this.trailing ??= setTimeout(() => this.flush(), wait);
  }

  /** Drops the cursors of people who left; a nameless pointer belongs to nobody on the list and goes by age alone. */
  keepOnly(online: ReadonlySet<string>): void {
    const cur = this.next ?? this.cursors.get();
    const kept = ([id, c]: [string, RemoteCursor]) => !!c.anonymous || online.has(id);
    if ([...cur].every(kept)) return;
    const left = new Map([...cur].filter(kept));
    if (this.next) this.next = left;
    else this.cursors.set(left);
  }

  private flush(): void {
    this.trailing = null;
    if (!this.latest || !this.canSend()) return;
    this.lastSent = Date.now();
    this.socket.volatile.emit('cursor', this.latest);
    this.latest = null;
  }

  private readonly onCursor = (raw: unknown): void => {
    const msg = readCursor(raw);
    if (msg) this.take(msg);
  };

  private readonly onBatch = (raw: unknown): void => {
    const msg = readCursorBatch(raw);
    if (msg) this.take(msg);
  };

  /** Applies one message in arrival order onto what the next frame publishes. */
  private take(msg: PointerMessage): void {
    const next = (this.next ??= new Map(this.cursors.get()));
    // The board turned anonymous or back: a pointer left resting under its other id would say who
    // the moving one is, so the other kind goes at once (LK3). A message says its kind even when
    // it holds only our own pointer.
    for (const [id, c] of next) if (!c.anonymous !== !msg.anonymous) next.delete(id);
    const at = Date.now();
    for (const { id, x, y } of msg.list) {
      if (this.isOwn(id)) continue;
      next.set(id, msg.anonymous ? { x, y, at, anonymous: true } : { x, y, at });
    }
    this.frame ??= requestAnimationFrame(this.publish);
  }

  private readonly publish = (): void => {
    this.frame = null;
    const next = this.next;
    this.next = null;
    if (next && !sameCursors(next, this.cursors.get())) this.cursors.set(next);
  };

  private readonly sweep = (): void => {
    const cutoff = Date.now() - FORGET_AFTER_MS;
    const cur = this.next ?? this.cursors.get();
    if ([...cur.values()].every((c) => c.at >= cutoff)) return;
    const fresh = new Map([...cur].filter(([, c]) => c.at >= cutoff));
    if (this.next) this.next = fresh;
    else this.cursors.set(fresh);
  };
}

/** A batch holding only our own pointer changes nothing on screen, and the canvas need not hear of it. */
function sameCursors(a: ReadonlyMap<string, RemoteCursor>, b: ReadonlyMap<string, RemoteCursor>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, c] of a) if (b.get(id) !== c) return false;
  return true;
}
