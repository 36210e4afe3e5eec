import { closeAllClients, connectMany, RelayClient, SioClient } from './clients.js';
import { startServer, type ServerChild, type Target } from './children.js';
import { createBoard, join, noteAdd, send } from './onaji.js';
import { coreTimes, othersOnServerCore } from './contention.js';
import { Samples, sleep, type Summary } from './stats.js';

/**
 * One load run against one server: `clients` sockets on one board; ops sent open-loop at
 * `ratePerSec` in total, op k by client `k % senders`; each op is timed from send to receipt at
 * every other client, and from send to acknowledgement where the server acknowledges.
 *
 * Ops are `note.move` of the sender's own note. The relays carry the same op with the send time in
 * the message (`{"t":…,"k":…,"op":…}`); for Onaji the op's opId names k, and the send time stays
 * in this process.
 */
export type FanoutSpec = {
  target: Target;
  clients: number;
  senders: number;
  ratePerSec: number;
  warmupMs: number;
  measureMs: number;
  /** Onaji only: notes on the board before the load starts (a board in the middle of a workshop). */
  notes?: number;
  profileAs?: string;
  log: (msg: string) => void;
};

export type FanoutResult = {
  target: string;
  delivery: Summary;
  ack: Summary | null;
  deliveries: number;
  expectedDeliveries: number;
  measuredOps: number;
  /** Server CPU over the measured window, in microseconds. */
  serverCpuUs: number;
  /** Generator CPU / wall time over the window: near 1 means the generator, not the server, was the limit. */
  generatorLoad: number;
  refused: number;
  setupMs: number;
  /** Share of the server's core that other processes took during the window (the machine is shared). */
  othersOnServerCore: number | null;
};

type Endpoint = { send: (k: number, t: number) => void; close: () => void };

export async function runFanout(spec: FanoutSpec): Promise<FanoutResult> {
  const warmupOps = Math.round((spec.ratePerSec * spec.warmupMs) / 1000);
  const measuredOps = Math.round((spec.ratePerSec * spec.measureMs) / 1000);
  const total = warmupOps + measuredOps;
  const sentAt = new Float64Array(total).fill(NaN);
  const delivery = new Samples(Math.min(measuredOps * (spec.clients - 1), 1 << 22));
  const ack = new Samples(Math.max(16, measuredOps));
  let deliveries = 0;
  let refused = 0;

  const deliver = (k: number, t: number, receivedAt: number) => {
    if (k < warmupOps || !(t >= 0)) return;
    deliveries++;
    delivery.add(receivedAt - t);
  };
  const acked = (k: number) => (args: unknown[], receivedAt: number) => {
    const a = args[0] as { ok?: boolean } | undefined;
    if (a?.ok === false) refused++;
    if (k >= warmupOps) ack.add(receivedAt - sentAt[k]!);
  };

  const server = await startServer(spec.target.kind, { env: spec.target.env });
  const setupStart = performance.now();
  try {
    const senders = await connect(server, spec, { deliver, acked, sentAt });
    const setupMs = performance.now() - setupStart;
    spec.log(`  ${spec.target.label}: ${spec.clients} clients ready in ${(setupMs / 1000).toFixed(1)} s`);

    await settle(server);
    await paced(0, warmupOps, spec.ratePerSec, (k) => fire(k), spec.warmupMs + 5_000);
    await sleep(200);
    if (spec.profileAs) await server.profileStart();
    const cpu0 = (await server.stats()).cpu;
    const core0 = coreTimes();
    const gen0 = process.cpuUsage();
    const wall0 = performance.now();
    await paced(warmupOps, total, spec.ratePerSec, (k) => fire(k), spec.measureMs + 5_000);
    const expectedDeliveries = measuredOps * (spec.clients - 1);
    await drain(() => deliveries, expectedDeliveries);
    const cpu1 = (await server.stats()).cpu;
    const gen = process.cpuUsage(gen0);
    const wall = performance.now() - wall0;
    const serverCpuUs = cpu1.user + cpu1.system - (cpu0.user + cpu0.system);
    const others = othersOnServerCore(core0, serverCpuUs);
    if (spec.profileAs) spec.log(`  profile: ${await server.profileStop(spec.profileAs)}`);
    for (const s of senders) s.close();
    return {
      target: spec.target.label,
      delivery: delivery.summary(),
      ack: ack.count ? ack.summary() : null,
      deliveries,
      expectedDeliveries,
      measuredOps,
      serverCpuUs,
      othersOnServerCore: others,
      generatorLoad: (gen.user + gen.system) / 1000 / wall,
      refused,
      setupMs,
    };

    function fire(k: number) {
      const t = performance.now();
      sentAt[k] = t;
      senders[k % senders.length]!.send(k, t);
    }
  } finally {
    closeAllClients();
    await server.stop();
  }
}

type Hooks = {
  deliver: (k: number, t: number, receivedAt: number) => void;
  acked: (k: number) => (args: unknown[], receivedAt: number) => void;
  sentAt: Float64Array;
};

const move = (k: number, sender: number) => ({
  opId: `mv_${k.toString(36).padStart(6, '0')}`,
  type: 'note.move',
  moves: [{ id: `n_${sender}`, x: 100 + ((k * 13) % 800), y: 100 + ((k * 7) % 600) }],
});
const kOfOpId = (s: string, at: number) => parseInt(s.slice(at + 11, at + 17), 36); // after `"opId":"mv_`

/** Connect every client the way each server wants, and return one endpoint per sender. */
async function connect(server: ServerChild, spec: FanoutSpec, h: Hooks): Promise<Endpoint[]> {
  const { clients, senders } = spec;
  if (spec.target.kind === 'ws-relay') {
    const cs = await connectMany(clients, () => RelayClient.connect(server.port));
    for (const c of cs) c.onMessage = (s, at) => h.deliver(parseInt(s.slice(s.indexOf('"k":') + 4), 10), parseFloat(s.slice(5)), at);
    return cs.slice(0, senders).map((c, i) => ({
      send: (k, t) => c.send(`{"t":${t},"k":${k},"op":${JSON.stringify(move(k, i))}}`),
      close: () => c.close(),
    }));
  }
  if (spec.target.kind === 'sio-relay') {
    const cs = await connectMany(clients, () => SioClient.connect(server.port));
    await Promise.all(cs.map((c) => c.request('join', 'board')));
    for (const c of cs)
      c.onEvent = (s, at) => {
        if (!s.startsWith('42["op"')) return;
        h.deliver(parseInt(s.slice(s.indexOf('"k":') + 4), 10), parseFloat(s.slice(s.indexOf('"t":') + 4)), at);
      };
    return cs.slice(0, senders).map((c, i) => ({
      send: (k, t) => c.emitWithAck('op', { t, k, op: move(k, i) }, h.acked(k)),
      close: () => c.close(),
    }));
  }
  const board = await createBoard(server.url);
  const cs = await connectMany(clients, () => SioClient.connect(server.port));
  // Ten joins at a time: a join storm is a benchmark of its own.
  for (let i = 0; i < cs.length; i += 10) await Promise.all(cs.slice(i, i + 10).map((c, j) => join(c, board.id, i + j)));
  await Promise.all(cs.slice(0, senders).map((c, i) => send(c, noteAdd(`n_${i}`, i))));
  for (let i = 0; i < (spec.notes ?? 0); i += 50)
    await Promise.all(Array.from({ length: Math.min(50, spec.notes! - i) }, (_, j) => send(cs[0]!, noteAdd(`extra_${i + j}`, i + j))));
  cs.forEach((c, index) => {
    c.onEvent = (s, at) => {
      if (!s.startsWith('42["op"')) return;
      const p = s.indexOf('"opId":"mv_');
      if (p < 0) return;
      const k = kOfOpId(s, p);
      if (k % senders === index) return; // the sender's own echo is not a delivery to another client
      h.deliver(k, h.sentAt[k]!, at);
    };
  });
  return cs.slice(0, senders).map((c, i) => ({
    send: (k) => c.emitWithAck('op', move(k, i), h.acked(k)),
    close: () => c.close(),
  }));
}

/** Call `send(k)` for k in [from, to) at `ratePerSec`, catching up when late; bounded by `limitMs`. */
export async function paced(from: number, to: number, ratePerSec: number, send: (k: number) => void, limitMs: number) {
  const period = 1000 / ratePerSec;
  const t0 = performance.now();
  let k = from;
  while (k < to) {
    const now = performance.now();
    if (now - t0 > limitMs) break;
    const due = t0 + (k - from) * period;
    if (due <= now) send(k++);
    else await sleep(Math.max(0, due - now - 0.5));
  }
  return k;
}

/** Wait until every expected delivery arrived, or nothing arrived for a second (at most 10 s). */
export async function drain(count: () => number, expected: number) {
  const start = performance.now();
  let last = count();
  let lastChange = start;
  while (count() < expected && performance.now() - start < 10_000) {
    await sleep(20);
    const c = count();
    if (c !== last) {
      last = c;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > 1_000) break;
  }
}

/** Wait (at most 30 s) until the server is idle: what joining queued up is not part of the load. */
export async function settle(server: ServerChild) {
  const start = performance.now();
  let last = await server.stats();
  while (performance.now() - start < 30_000) {
    await sleep(250);
    const now = await server.stats();
    const usedUs = now.cpu.user + now.cpu.system - last.cpu.user - last.cpu.system;
    last = now;
    if (usedUs < 25_000) return;
  }
}
