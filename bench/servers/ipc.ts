/**
 * The child side of the bench harness: tell the parent the port, answer stats requests with this
 * process's own CPU and memory figures, stop when asked, and never outlive the parent.
 */
import { ServerResponse } from 'node:http';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';

type Request =
  | { type: 'stats'; id: number; gc: boolean; resetLoop?: boolean }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; file: string }
  | { type: 'heap-snapshot'; id: number; file: string }
  | { type: 'stop' };

const gc = (globalThis as { gc?: () => void }).gc;

async function collect() {
  if (!gc) return;
  // Several rounds with a turn of the event loop between them, so finalizers and weak maps settle.
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
}

/** A CPU profile of just the measured window (`--cpu-prof` would also hold start-up and the tsx loader). */
const profiler = (() => {
  let session: Session | null = null;
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session!.post(method, params, (e, r) => (e ? reject(e) : resolve(r as T))));
  return {
    async start() {
      session = new Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 250 });
      await post('Profiler.start');
    },
    async stop(file: string) {
      if (!session) return;
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      session = null;
    },
  };
})();

export function serveParent(port: number, close: () => Promise<void>) {
  if (!process.send) throw new Error('bench servers run as children of bench/run.ts (they need an IPC channel)');
  // The longest the event loop was held since the last reset: a stall every client waits through.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(0), 5_000);
    force.unref();
    await close().catch(() => {});
    process.exit(0);
  };
  process.on('message', async (m: Request) => {
    if (m.type === 'stats') {
      if (m.gc) await collect();
      const delay = { maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 };
      if (m.resetLoop) loop.reset();
      process.send!({ type: 'stats', id: m.id, cpu: process.cpuUsage(), mem: process.memoryUsage(), loop: delay });
    } else if (m.type === 'profile-start') {
      await profiler.start();
      process.send!({ type: 'profile', id: m.id });
    } else if (m.type === 'profile-stop') {
      await profiler.stop(m.file);
      process.send!({ type: 'profile', id: m.id });
    } else if (m.type === 'heap-snapshot') {
      await collect();
      writeHeapSnapshot(m.file);
      process.send!({ type: 'heap-snapshot', id: m.id });
    } else if (m.type === 'stop') await stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.send({ type: 'ready', port });
}

/** Socket.IO options the relays and the Onaji wrapper read from the environment, to measure their effect. */
export function perMessageDeflate(): false | { threshold: number } {
  const v = process.env.BENCH_PMD;
  if (!v || v === '0') return false;
  return { threshold: Number.isFinite(Number(v)) && v !== '1' ? Number(v) : 1024 };
}

export const flag = (name: string) => !!process.env[name] && process.env[name] !== '0';

type Trimmable = {
  engine: {
    on: (ev: 'connection', fn: (raw: { request: unknown }) => void) => unknown;
    use: (fn: (req: unknown, res: object, next: () => void) => void) => unknown;
  };
  use: (fn: (socket: { handshake: { headers: object; query: object } }, next: () => void) => void) => unknown;
};

/**
 * socket.io's documented memory saving: drop the reference to each session's first HTTP request.
 * With BENCH_DROP_REQUEST=2, also forget the handshake's copy of the request headers and query.
 * With BENCH_DROP_REQUEST=3, also the WebSocket upgrade's request, which engine.io's stand-in
 * response keeps for the connection's life: both requests, as the Onaji server drops them
 * (server/realtime/admission.ts), so the relay is the floor Socket.IO itself sets.
 */
export function dropRequests(io: Trimmable) {
  io.engine.on('connection', (raw) => {
    raw.request = null;
  });
  if (process.env.BENCH_DROP_REQUEST === '3')
    io.engine.use((_req, res, next) => {
      next();
      if (!(res instanceof ServerResponse)) (res as { req?: unknown }).req = null;
    });
  if (process.env.BENCH_DROP_REQUEST === '2')
    io.use((socket, next) => {
      socket.handshake.headers = {};
      socket.handshake.query = {};
      next();
    });
}
