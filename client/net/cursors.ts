import { LIMITS } from '../../shared/limits';
import type { RemoteCursor as WireCursor } from '../../shared/protocol';
import { Store } from '../state/store';
import type { RemoteCursor } from '../state/source';
import type { BoardSocket } from './socket';

const SEND_INTERVAL_MS = Math.ceil(1000 / LIMITS.cursorsPerSecond) + 10;
const FORGET_AFTER_MS = 15_000;

/** Own cursor out (throttled, volatile), others' cursors in (batched per animation frame). */
export class CursorChannel {
  readonly cursors = new Store<ReadonlyMap<string, RemoteCursor>>(new Map());
  private lastSent = 0;
  private trailing: ReturnType<typeof setTimeout> | null = null;
  private latest: { x: number; y: number } | null = null;
  private incoming = new Map<string, RemoteCursor>();
  private frame: number | null = null;
  private sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly socket: BoardSocket,
    private readonly canSend: () => boolean,
  ) {}

  start(): void {
    this.socket.on('cursor', this.onCursor);
    this.sweeper = setInterval(this.sweep, 5000);
  }

  stop(): void {
    this.socket.off('cursor', this.onCursor);
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
    const cur = this.cursors.get();
    const kept = ([id, c]: [string, RemoteCursor]) => !!c.anonymous || online.has(id);
    if ([...cur].every(kept)) return;
    this.cursors.set(new Map([...cur].filter(kept)));
  }

  private flush(): void {
    this.trailing = null;
    if (!this.latest || !this.canSend()) return;
    this.lastSent = Date.now();
    this.socket.volatile.emit('cursor', this.latest);
    this.latest = null;
  }

  private readonly onCursor = (c: WireCursor): void => {
    if (!c || typeof c.id !== 'string' || !Number.isFinite(c.x) || !Number.isFinite(c.y)) return;
    this.incoming.set(c.id, c.anonymous ? { x: c.x, y: c.y, at: Date.now(), anonymous: true } : { x: c.x, y: c.y, at: Date.now() });
    this.frame ??= requestAnimationFrame(() => {
      this.frame = null;
      const next = new Map(this.cursors.get());
      for (const [id, pos] of this.incoming) {
        // The board turned anonymous or back: a pointer left resting under its other id would say
        // who the moving one is, so the other kind goes at once.
        for (const [old, c] of next) if (!c.anonymous !== !pos.anonymous) next.delete(old);
        next.set(id, pos);
      }
      this.incoming = new Map();
      this.cursors.set(next);
    });
  };

  private readonly sweep = (): void => {
    const cutoff = Date.now() - FORGET_AFTER_MS;
    const cur = this.cursors.get();
    if ([...cur.values()].every((c) => c.at >= cutoff)) return;
    this.cursors.set(new Map([...cur].filter(([, c]) => c.at >= cutoff)));
  };
}
