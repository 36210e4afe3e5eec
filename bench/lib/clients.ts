import { WebSocket } from 'ws';

/**
 * Load-generator clients. Every client is a plain `ws` WebSocket so that the generator spends the
 * same per message whichever server it talks to; `SioClient` speaks the Socket.IO v5 / Engine.IO
 * v4 protocol over it (the frames socket.io-client sends with `transports: ['websocket']`), and
 * hands each server event to the benchmark as the raw text frame.
 */

const open = new Set<WebSocket>();

/** Close every client a benchmark left open. */
export function closeAllClients() {
  for (const ws of open) ws.terminate();
  open.clear();
}

function track(ws: WebSocket) {
  open.add(ws);
  ws.on('close', () => open.delete(ws));
  ws.on('error', () => {});
  return ws;
}

export type RawHandler = (text: string, receivedAt: number) => void;

/** A client of the raw `ws` relay. */
export class RelayClient {
  onMessage: RawHandler = () => {};
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const at = performance.now();
      this.onMessage(data.toString(), at);
    });
  }

  static connect(port: number): Promise<RelayClient> {
    const ws = track(new WebSocket(`ws://127.0.0.1:${port}/`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('relay connect timed out')), 10_000);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve(new RelayClient(ws));
      });
      ws.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  send(text: string) {
    this.ws.send(text);
  }
  close() {
    this.ws.terminate();
  }
}

type AckFn = (args: unknown[], receivedAt: number) => void;

export class SioClient {
  /** Server-to-client events (`42[...]` frames) as raw text; parse only what a benchmark needs. */
  onEvent: RawHandler = () => {};
  private acks = new Map<number, AckFn>();
  private nextAck = 0;

  private constructor(readonly ws: WebSocket) {}

  /**
   * Straight to WebSocket, as socket.io-client does with `transports: ['websocket']`. With
   * `viaPolling`, the way a browser with default options connects: an HTTP long-polling handshake,
   * the namespace connect over polling, then the upgrade to WebSocket (probe, upgrade packet).
   */
  static async connect(port: number, opts: { viaPolling?: boolean } = {}): Promise<SioClient> {
    const base = `127.0.0.1:${port}/socket.io/?EIO=4`;
    let sid: string | null = null;
    if (opts.viaPolling) {
      const open = await (await fetch(`http://${base}&transport=polling`)).text();
      sid = (JSON.parse(open.slice(1)) as { sid: string }).sid;
      const posted = await fetch(`http://${base}&transport=polling&sid=${sid}`, { method: 'POST', body: '40' });
      if ((await posted.text()) !== 'ok') throw new Error('polling connect refused');
      const connected = await (await fetch(`http://${base}&transport=polling&sid=${sid}`)).text();
      if (!connected.startsWith('40')) throw new Error(`unexpected polling answer ${connected.slice(0, 40)}`);
    }
    const ws = track(new WebSocket(`ws://${base}&transport=websocket${sid ? `&sid=${sid}` : ''}`));
    const client = new SioClient(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket.io connect timed out')), 10_000);
      const done = (e?: Error) => {
        clearTimeout(timer);
        if (e) reject(e);
        else resolve(client);
      };
      ws.once('error', (e) => done(e));
      if (sid) ws.once('open', () => ws.send('2probe'));
      ws.on('message', (data) => {
        const at = performance.now();
        const s = data.toString();
        switch (s.charCodeAt(0)) {
          case 0x30: // engine open: connect to the default namespace
            ws.send('40');
            return;
          case 0x33: // engine pong to our probe: finish the upgrade; the namespace is already connected
            if (s === '3probe') {
              ws.send('5');
              done();
            }
            return;
          case 0x32: // engine ping
            ws.send('3');
            return;
          case 0x34: // engine message carrying a socket.io packet
            switch (s.charCodeAt(1)) {
              case 0x30:
                return done();
              case 0x32:
                return client.onEvent(s, at);
              case 0x33:
                return client.ack(s, at);
              case 0x34:
                return done(new Error(`connect refused: ${s}`));
            }
        }
      });
    });
  }

  private ack(s: string, at: number) {
    const bracket = s.indexOf('[');
    const id = Number(s.slice(2, bracket));
    const fn = this.acks.get(id);
    if (!fn) return;
    this.acks.delete(id);
    fn(JSON.parse(s.slice(bracket)) as unknown[], at);
  }

  /** Emit with an acknowledgement; `onAck` gets the ack's arguments and the time it arrived. */
  emitWithAck(event: string, data: unknown, onAck: AckFn) {
    const id = this.nextAck++;
    this.acks.set(id, onAck);
    this.ws.send(`42${id}${JSON.stringify([event, data])}`);
  }

  request<T>(event: string, data: unknown, timeoutMs = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event} in ${timeoutMs} ms`)), timeoutMs);
      this.emitWithAck(event, data, (args) => {
        clearTimeout(timer);
        resolve(args[0] as T);
      });
    });
  }

  get pendingAcks() {
    return this.acks.size;
  }

  close() {
    this.ws.terminate();
  }
}

/** Connect `n` clients, `batch` at a time (a thousand at once would only measure the accept queue). */
export async function connectMany<T>(n: number, connect: (i: number) => Promise<T>, batch = 50): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += batch) {
    const part = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, j) => connect(i + j)));
    out.push(...part);
  }
  return out;
}
