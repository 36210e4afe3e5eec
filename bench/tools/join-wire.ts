import { io as ioc, type Socket } from 'socket.io-client';
import { killChildrenOnExit, startServer } from '../lib/children.js';
import { seedBoard } from '../lib/browser.js';
import { median } from '../lib/stats.js';

/**
 * The join answer of a 2,000-note board (the P4 board) from the real server, plain and gzipped
 * (J7): bytes received for the answer and milliseconds from `join` to its ack, for one returning
 * participant at a time and for a burst of new participants joining together.
 * `npx tsx bench/tools/join-wire.ts [notes] [rounds] [burst]`
 */
killChildrenOnExit();
const NOTES = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 7);
const BURST = Number(process.argv[4] ?? 30);
const server = await startServer('onaji');

const connect = (): Promise<{ s: Socket; bytes: () => number }> =>
  new Promise((resolve, reject) => {
    const s = ioc(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    let n = 0;
    s.io.on('open', () =>
      s.io.engine.on('data', (d: unknown) => void (n += typeof d === 'string' ? Buffer.byteLength(d) : (d as ArrayBuffer).byteLength)),
    );
    s.once('connect', () => resolve({ s, bytes: () => n }));
    s.once('connect_error', reject);
  });

try {
  const seed = await seedBoard(server, NOTES);
  const v = seed.viewer;
  const req = (gzip: boolean) => ({ boardId: seed.boardId, name: v.name, affiliation: v.affiliation, participant: { id: v.participantId, secret: v.secret }, ...(gzip ? { encoding: 'gzip' } : {}) });
  const one = async (gzip: boolean) => {
    const { s, bytes } = await connect();
    const before = bytes();
    const t = performance.now();
    const ack = (await s.emitWithAck('join', req(gzip))) as { ok: boolean; boardGzip?: ArrayBuffer };
    const ms = performance.now() - t;
    if (!ack.ok) throw new Error('join refused');
    const got = bytes() - before;
    s.close();
    return { ms, bytes: got };
  };
  for (const gzip of [false, true]) await one(gzip); // warm-up
  const runs: Record<'plain' | 'gzip', { ms: number; bytes: number }[]> = { plain: [], gzip: [] };
  for (let r = 0; r < ROUNDS; r++) for (const gzip of r % 2 ? [true, false] : [false, true]) runs[gzip ? 'gzip' : 'plain'].push(await one(gzip));
  for (const [k, rs] of Object.entries(runs))
    console.log(`${k}: answer ${(median(rs.map((r) => r.bytes)) / 1024).toFixed(1)} KB received, join → ack ${median(rs.map((r) => r.ms)).toFixed(1)} ms (median of ${rs.length})`);

  const burst = async (gzip: boolean) => {
    const clients = await Promise.all(Array.from({ length: BURST }, connect));
    const t = performance.now();
    const cpu0 = await server.stats();
    await Promise.all(clients.map(({ s }, i) => s.emitWithAck('join', { boardId: seed.boardId, name: `参加者${i}`, ...(gzip ? { encoding: 'gzip' } : {}) })));
    const ms = performance.now() - t;
    const cpu1 = await server.stats();
    const bytes = clients.reduce((n, c) => n + c.bytes(), 0);
    for (const { s } of clients) s.close();
    return { ms, bytes, cpu: cpu1.cpu.user + cpu1.cpu.system - cpu0.cpu.user - cpu0.cpu.system };
  };
  for (const gzip of [false, true, false, true]) {
    const b = await burst(gzip);
    console.log(`burst of ${BURST} new participants, ${gzip ? 'gzip' : 'plain'}: all acked in ${b.ms.toFixed(0)} ms, ${(b.bytes / 1024).toFixed(0)} KB received in all, server CPU ${(b.cpu / 1000).toFixed(0)} ms`);
  }
} finally {
  await server.stop();
}
