import net from 'node:net';
import WebSocket from 'ws';

/**
 * A Socket.IO client spoken by hand over a plain WebSocket whose TCP socket the test holds, so it
 * can stop reading at the TCP level (`stopReading`) while it keeps answering the heartbeat: the
 * client of a phone whose page hangs, or someone who means harm.
 */
export class RawSocket {
  readonly ws: WebSocket;
  private tcp: net.Socket | null = null;
  private acks = new Map<number, (v: unknown) => void>();
  private nextAck = 0;
  private pong: NodeJS.Timeout | null = null;
  private opened: Promise<void>;

  constructor(url: string) {
    const u = new URL(url);
    this.ws = new WebSocket(`ws://${u.host}/socket.io/?EIO=4&transport=websocket`, {
      createConnection: () => (this.tcp = net.connect({ host: u.hostname, port: Number(u.port) })),
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('error', reject);
      this.ws.on('message', (data) => {
        const text = data.toString();
        if (text === '2') return this.ws.send('3');
        if (text.startsWith('0')) return this.ws.send('40');
        if (text.startsWith('40')) return resolve();
        const ack = /^43(\d+)(.*)$/s.exec(text);
        if (ack) {
          const id = Number(ack[1]);
          this.acks.get(id)?.((JSON.parse(ack[2]!) as unknown[])[0]);
          this.acks.delete(id);
        }
      });
    });
  }

  async emit(event: string, payload: unknown): Promise<unknown> {
    await this.opened;
    const id = this.nextAck++;
    return new Promise((r) => {
      this.acks.set(id, r);
      this.ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  /** Reads nothing more from the network, but keeps saying it is alive. */
  stopReading() {
    this.tcp!.pause();
    this.pong = setInterval(() => this.ws.send('3'), 500);
  }

  close() {
    if (this.pong) clearInterval(this.pong);
    this.tcp?.destroy();
  }
}
