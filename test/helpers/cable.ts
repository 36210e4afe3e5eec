import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay in front of a server whose cable can be pulled: `cut()` stops carrying bytes in
 * both directions and keeps every connection open, as when a phone leaves the Wi-Fi. Neither side
 * gets a FIN, a reset or a goodbye packet; only a heartbeat can tell.
 */
export class Cable {
  private readonly server: net.Server;
  private readonly pairs: [net.Socket, net.Socket][] = [];
  private cutAt: number | null = null;

  private constructor(target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      const pair: [net.Socket, net.Socket] = [client, upstream];
      this.pairs.push(pair);
      for (const s of pair) s.on('error', () => {});
      if (this.cutAt !== null) return this.freeze(pair);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  static async to(url: string): Promise<{ cable: Cable; url: string }> {
    const u = new URL(url);
    const cable = new Cable({ host: u.hostname, port: Number(u.port) });
    await new Promise<void>((r) => cable.server.listen(0, '127.0.0.1', r));
    return { cable, url: `http://127.0.0.1:${(cable.server.address() as AddressInfo).port}` };
  }

  cut(): number {
    this.cutAt = Date.now();
    for (const p of this.pairs) this.freeze(p);
    return this.cutAt;
  }

  private freeze([client, upstream]: [net.Socket, net.Socket]) {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  }

  async close() {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
