import { Store } from '../state/store';
import type { ConnectionInfo, ConnectionStatus } from '../state/source';
import type { BoardSocket } from './socket';

/** How long a lost connection counts as "reconnecting" before the badge says "offline". */
const OFFLINE_AFTER_MS = 4000;

/**
 * Turns socket events and the browser's online flag into the one status the badge shows.
 * A browser that says it is offline gets its socket closed at once: otherwise the socket would
 * sit "connected" until a ping times out, and ops would vanish into a dead connection.
 */
export class ConnectionTracker {
  readonly info = new Store<ConnectionInfo>({ status: 'connecting', pending: 0, fatal: null });
  private joined = false;
  private everJoined = false;
  private fatal: ConnectionInfo['fatal'] = null;
  private slow = false;
  private browserOffline = false;
  private lostAt = Date.now();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly socket: BoardSocket,
    private readonly pendingCount: () => number,
  ) {}

  start(): void {
    this.browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
    window.addEventListener('offline', this.onBrowserOffline);
    window.addEventListener('online', this.onBrowserOnline);
    this.socket.on('disconnect', this.onSocketDisconnect);
    this.timer = setInterval(() => this.poll(), 1000);
    this.refresh();
  }

  stop(): void {
    window.removeEventListener('offline', this.onBrowserOffline);
    window.removeEventListener('online', this.onBrowserOnline);
    this.socket.off('disconnect', this.onSocketDisconnect);
    if (this.timer) clearInterval(this.timer);
  }

  setJoined(joined: boolean): void {
    if (joined) {
      this.everJoined = true;
      this.slow = false;
    }
    else if (this.joined) this.lostAt = Date.now();
    this.joined = joined;
    this.refresh();
  }

  /** The server said this connection fell behind (BU4); the socket reconnects by itself. */
  setSlow(): void {
    this.slow = true;
    this.refresh();
  }

  setFatal(fatal: NonNullable<ConnectionInfo['fatal']>): void {
    this.fatal = fatal;
    this.refresh();
  }

  /** The online/offline events can be missed (a tab in the background); the flag itself cannot. */
  private poll(): void {
    const offline = navigator.onLine === false;
    if (offline && !this.browserOffline) this.onBrowserOffline();
    else if (!offline && this.browserOffline) this.onBrowserOnline();
    else this.refresh();
  }

  refresh(): void {
    const next: ConnectionInfo = { status: this.status(), pending: this.pendingCount(), fatal: this.fatal, ...(this.slow ? { slow: true } : {}) };
    const cur = this.info.get();
    if (cur.status !== next.status || cur.pending !== next.pending || cur.fatal !== next.fatal || !!cur.slow !== this.slow) this.info.set(next);
  }

  private status(): ConnectionStatus {
    if (this.fatal) return 'offline';
    if (this.joined) return 'connected';
    if (this.browserOffline || Date.now() - this.lostAt >= OFFLINE_AFTER_MS) return 'offline';
    return this.everJoined ? 'reconnecting' : 'connecting';
  }

  private readonly onBrowserOffline = (): void => {
    this.browserOffline = true;
    this.socket.disconnect();
    this.refresh();
  };

  private readonly onBrowserOnline = (): void => {
    this.browserOffline = false;
    this.lostAt = Date.now();
    if (!this.fatal) this.socket.connect();
    this.refresh();
  };

  private readonly onSocketDisconnect = (reason: string): void => {
    // After a server-side close socket.io does not retry by itself; a restarting server wants us back.
    if (reason === 'io server disconnect' && !this.fatal && !this.browserOffline)
      setTimeout(() => {
        if (!this.fatal && !this.socket.connected) this.socket.connect();
      }, 1000);
  };
}
