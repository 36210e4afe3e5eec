import { WebSocket } from 'ws';

/**
 * One member of the forum as the server sees it: a Socket.IO v5 / Engine.IO v4 client over a plain
 * `ws` WebSocket, the frames socket.io-client sends with `transports: ['websocket']`, binary
 * attachments (a gzipped join answer, J7) included. It counts every byte it receives and hands
 * each server event over by name, as the raw frame; only what the bench needs is ever parsed, so
 * that a generator process can carry a hundred of these at tens of thousands of messages a second.
 */

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes on one machine. */
export const nowAbs = () => performance.timeOrigin + performance.now();

type AckFn = (json: string, receivedAt: number) => void;
export type EventFn = (frame: string, receivedAt: number) => void;

const EVENT_NAME_AT = 4; // after `42["`

export class ForumSocket {
  /** Bytes of every WebSocket frame received, text and binary. */
  bytes = 0;
  /** Closed by the server, or sent away with `bye`. */
  dropped = false;
  byes = 0;
  private readonly handlers = new Map<string, EventFn>();
  private readonly acks = new Map<number, AckFn>();
  private nextAck = 0;
  /** A packet with binary attachments (a gzipped join answer or reset) whose attachments are still arriving. */
  private pending: { left: number; deliver: (at: number) => void } | null = null;
  /** Closed by us, which is not a drop. */
  private closing = false;

  private constructor(private readonly ws: WebSocket) {}

  static connect(port: number): Promise<ForumSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    const s = new ForumSocket(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket.io connect timed out')), 15_000);
      let open = false;
      ws.on('error', (e) => {
        if (!open) {
          clearTimeout(timer);
          reject(e);
        }
      });
      ws.on('close', () => {
        s.dropped = s.dropped || !s.closing;
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        const at = nowAbs();
        s.bytes += data.length;
        if (isBinary) return s.attachment(at);
        switch (data[0]) {
          case 0x30: // engine open: connect to the default namespace
            ws.send('40');
            return;
          case 0x32: // engine ping
            ws.send('3');
            return;
          case 0x34:
            switch (data[1]) {
              case 0x30:
                open = true;
                clearTimeout(timer);
                return resolve(s);
              case 0x32:
                return s.event(data, at);
              case 0x33:
                return s.ack(data.toString(), at);
              case 0x35:
                return s.startBinaryEvent(data.toString());
              case 0x36:
                return s.startBinaryAck(data.toString());
              case 0x34:
                clearTimeout(timer);
                return reject(new Error(`connect refused: ${data.toString()}`));
            }
        }
      });
    });
  }

  /** Handle the server event `name`; the handler gets the whole `42[...]` frame. */
  on(name: string, fn: EventFn) {
    this.handlers.set(name, fn);
  }

  private event(data: Buffer | string, at: number) {
    const frame = typeof data === 'string' ? data : null;
    const name = frame ? frame.slice(EVENT_NAME_AT, frame.indexOf('"', EVENT_NAME_AT)) : (data as Buffer).toString('latin1', EVENT_NAME_AT, (data as Buffer).indexOf(0x22, EVENT_NAME_AT));
    if (name === 'bye') {
      this.byes++;
      this.dropped = true;
    }
    const fn = this.handlers.get(name);
    if (fn) fn(frame ?? data.toString(), at);
  }

  private ack(s: string, at: number) {
    const bracket = s.indexOf('[');
    const id = Number(s.slice(2, bracket));
    const fn = this.acks.get(id);
    if (!fn) return;
    this.acks.delete(id);
    fn(s.slice(bracket), at);
  }

  /** `46<attachments>-<id>[…]`: the JSON part comes first, each attachment in a binary frame after it. */
  private startBinaryAck(s: string) {
    const dash = s.indexOf('-');
    const bracket = s.indexOf('[');
    const id = Number(s.slice(dash + 1, bracket));
    this.pending = { left: Number(s.slice(2, dash)), deliver: (at) => this.ack(`43${id}${s.slice(bracket)}`, at) };
  }

  /** `45<attachments>-[…]`: handed over as a plain `42[…]` frame (attachments left as placeholders) once they are all in. */
  private startBinaryEvent(s: string) {
    const dash = s.indexOf('-');
    this.pending = { left: Number(s.slice(2, dash)), deliver: (at) => this.event(`42${s.slice(dash + 1)}`, at) };
  }

  private attachment(at: number) {
    const p = this.pending;
    if (!p || --p.left > 0) return;
    this.pending = null;
    p.deliver(at);
  }

  /** Emit with an acknowledgement; `onAck` gets the ack's JSON array (attachments left as placeholders) and when it arrived. */
  emitWithAck(event: string, data: unknown, onAck: AckFn) {
    const id = this.nextAck++;
    this.acks.set(id, onAck);
    this.ws.send(`42${id}${JSON.stringify([event, data])}`);
  }

  /** Emit without an acknowledgement (a pointer position). */
  emit(event: string, data: unknown) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(`42${JSON.stringify([event, data])}`);
  }

  request<T>(event: string, data: unknown, timeoutMs = 30_000): Promise<{ value: T; at: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event} in ${timeoutMs} ms`)), timeoutMs);
      this.emitWithAck(event, data, (json, at) => {
        clearTimeout(timer);
        resolve({ value: (JSON.parse(json) as unknown[])[0] as T, at });
      });
    });
  }

  close() {
    this.closing = true;
    this.ws.terminate();
  }
}

/** Connect `n` sockets, `batch` at a time (hundreds at once would only measure the accept queue). */
export async function connectSockets(port: number, n: number, batch = 25): Promise<ForumSocket[]> {
  const out: ForumSocket[] = [];
  for (let i = 0; i < n; i += batch) out.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => ForumSocket.connect(port)))));
  return out;
}
