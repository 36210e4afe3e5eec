import type { Log } from '../log.js';
import type { AppSocket, IO } from './types.js';

/**
 * What this module reads of a connection, all of it public state of engine.io and ws: the
 * packets engine.io holds while its transport is still writing (`writeBuffer`), the transport,
 * and for WebSocket the ws socket whose `bufferedAmount` counts what the kernel has not taken yet.
 * Nothing is patched or wrapped; a transport without these fields counts as empty.
 */
type Conn = {
  writeBuffer?: { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  close: (discard?: boolean) => void;
};

/** How often the queues are looked at: a slow reader's queue grows at most what the board sends in this long. */
export const SEND_BUFFER_CHECK_MS = 250;

/** Bytes queued for one socket and not yet taken by its client, counting up to `cap` (then it stops adding). */
export function queuedBytes(socket: AppSocket, cap = Infinity): number {
  const conn = socket.conn as unknown as Conn;
  let n = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    if (n > cap) break;
    const d = p.data;
    n += typeof d === 'string' ? d.length : d instanceof Uint8Array ? d.byteLength : 16;
  }
  return n;
}

/** A queue this many times the cap is cut whether it drains or not. */
export const HARD_CAP_FACTOR = 8;

/**
 * BU4: a socket whose client stopped reading (but still answers pings, so the heartbeat keeps
 * it) would make the server queue every broadcast for it, without end. A socket whose queue is
 * over `maxBytes` at two looks in a row without having shrunk in between (or over
 * HARD_CAP_FACTOR × `maxBytes` at any look) is sent away: `bye {reason: 'slow'}` (which reaches
 * a client that reads again), and its connection is cut at once, its queue dropped. A phone
 * still downloading one large answer drains between looks and is left alone. The client
 * reconnects by itself and catches up with `since` or a fresh board, which costs the server one
 * answer instead of every op it missed.
 */
export function capSendBuffers(io: IO, maxBytes: number, log: Log): () => void {
  const over = new WeakMap<AppSocket, number>();
  const hard = maxBytes * HARD_CAP_FACTOR;
  const timer = setInterval(() => {
    for (const s of io.sockets.sockets.values()) {
      const n = queuedBytes(s, hard);
      if (n <= maxBytes) {
        over.delete(s);
        continue;
      }
      const before = over.get(s);
      if (n <= hard && (before === undefined || n < before)) {
        over.set(s, n);
        continue;
      }
      over.delete(s);
      log.warn('sent away a socket that stopped reading what it was sent', { maxBytes });
      s.emit('bye', { reason: 'slow' });
      const conn = s.conn as unknown as Conn;
      // A closing ws waits for its peer's close frame, holding the queue; this peer reads nothing.
      conn.transport?.socket?.terminate?.();
      conn.close(true);
    }
  }, SEND_BUFFER_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
