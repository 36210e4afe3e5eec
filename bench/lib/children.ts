import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Servers under test run as child processes, pinned to core 0 while the load generator (this
 * process) runs on core 1, so the two never compete for one core. Every child is tracked and
 * killed when the run ends, fails or is interrupted.
 */

export const BENCH_DIR = path.resolve(import.meta.dirname, '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

export type ServerKind = 'onaji' | 'ws-relay' | 'sio-relay';
/** A server kind with the environment that configures it (see bench/servers/*.ts for the BENCH_* flags). */
export type Target = { label: string; kind: ServerKind; env?: Record<string, string> };

export const TARGETS = {
  ws: { label: 'ws relay', kind: 'ws-relay' },
  sio: { label: 'socket.io relay', kind: 'sio-relay' },
  onaji: { label: 'onaji', kind: 'onaji' },
  /** The real server with the op log's disk writes left out: what our code costs without the disk. */
  onajiNoDisk: { label: 'onaji, no disk', kind: 'onaji', env: { BENCH_NO_DISK: '1' } },
} as const satisfies Record<string, Target>;
export type TargetKey = keyof typeof TARGETS;

export type ServerStats = {
  cpu: { user: number; system: number };
  mem: NodeJS.MemoryUsage;
  /** Event-loop delay since the last `resetLoop` (bench/servers/ipc.ts), ms. */
  loop: { maxMs: number; p99Ms: number };
};

export type ServerChild = {
  kind: ServerKind;
  pid: number;
  port: number;
  url: string;
  /**
   * The child's process.cpuUsage() and memoryUsage(); with `gc`, after full collections; with
   * `resetLoop`, the event-loop delay is counted afresh after this answer.
   */
  stats: (opts?: { gc?: boolean; resetLoop?: boolean }) => Promise<ServerStats>;
  /** Profile the child's main thread from now until `profileStop`, which writes `results/profiles/<name>.cpuprofile`. */
  profileStart: () => Promise<void>;
  profileStop: (name: string) => Promise<string>;
  /** Write a heap snapshot (after full GCs) to `file`. */
  heapSnapshot: (file: string) => Promise<void>;
  /** Ask the child to close and exit (so a CPU profile gets written); kill it if it does not. */
  stop: () => Promise<void>;
};

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function removeDir(dir: string) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    tempDirs.delete(dir);
  } catch {
    // a killed child may still be writing; its own exit handler tries again
  }
}

export const hasTaskset = (() => {
  try {
    return os.availableParallelism() >= 2 && spawnSync('taskset', ['-p', String(process.pid)]).status === 0;
  } catch {
    return false;
  }
})();

export const pinning = hasTaskset ? 'server on core 0, load generator on core 1 (taskset)' : 'not pinned (no taskset or one core)';

/** Run `fn` with this process (the load generator) pinned to core 1; restore the mask afterwards. */
export async function asGenerator<T>(fn: () => Promise<T>): Promise<T> {
  if (!hasTaskset) return fn();
  const before = spawnSync('taskset', ['-p', String(process.pid)], { encoding: 'utf8' }).stdout.trim().split(/\s+/).pop();
  spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)]);
  try {
    return await fn();
  } finally {
    if (before) spawnSync('taskset', ['-a', '-p', before, String(process.pid)]);
  }
}

export type StartOpts = { env?: Record<string, string>; nodeFlags?: string[] };

export async function startServer(kind: ServerKind, opts: StartOpts = {}): Promise<ServerChild> {
  const file = path.join(BENCH_DIR, 'servers', `${kind}.ts`);
  const flags = ['--expose-gc', '--import', 'tsx', ...(opts.nodeFlags ?? [])];
  // The real server's DATA_DIR is made here, not in the child, so that it is removed even when
  // the child is killed.
  const env: Record<string, string> = { ...opts.env };
  let ownDir: string | null = null;
  if (kind === 'onaji' && !env.BENCH_DATA_DIR) {
    ownDir = mkdtempSync(path.join(os.tmpdir(), 'onaji-bench-'));
    tempDirs.add(ownDir);
    env.BENCH_DATA_DIR = ownDir;
  }
  const argv = [process.execPath, ...flags, file];
  const [cmd, ...args] = hasTaskset ? ['taskset', '-c', '0', ...argv] : argv;
  const child = spawn(cmd!, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${kind}] ${d}`);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let stopping = false;
  child.once('exit', (code, signal) => {
    live.delete(child);
    if (ownDir) removeDir(ownDir);
    if (!stopping)
      process.stderr.write(`[bench] the ${kind} server (pid ${child.pid}) exited on its own (${signal ?? code}); its last output:\n${output}\n`);
  });
  // A channel that closes under a send must not take the run down; the exit above says why.
  child.on('error', (e) => process.stderr.write(`[bench] ${kind} server: ${e.message}\n`));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${kind} server did not start in 30 s`)), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${output}`));
    };
    child.once('exit', (code) => fail(new Error(`${kind} server exited with ${code} before it was ready`)));
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'ready' && typeof m.port === 'number') {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
  });

  let nextId = 0;
  const ask = <T>(type: string, payload: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => reject(new Error(`${kind} server did not answer ${type}`)), 20_000);
      const onMessage = (m: { id?: number } & T) => {
        if (m?.id !== id) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.send({ type, id, ...payload }, (e) => {
        if (!e) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        reject(e);
      });
    });
  const heapSnapshot = async (file: string) => void (await ask('heap-snapshot', { file }));
  const stats = (o: { gc?: boolean; resetLoop?: boolean } = {}) => ask<ServerStats>('stats', { gc: !!o.gc, resetLoop: !!o.resetLoop });
  const profileStart = async () => void (await ask('profile-start'));
  const profileStop = async (name: string) => {
    const dir = path.join(RESULTS_DIR, 'profiles');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.cpuprofile`);
    await ask('profile-stop', { file });
    return file;
  };

  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' }, (e) => e && child.kill('SIGKILL'));
    else child.kill('SIGKILL');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  return { kind, pid: child.pid!, port, url: `http://127.0.0.1:${port}`, stats, profileStart, profileStop, heapSnapshot, stop };
}

/** Kill whatever is still running: between benchmarks, and on every way out of the run. */
export function killAll() {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
  for (const d of tempDirs) removeDir(d);
}

let hooked = false;
export function killChildrenOnExit() {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  process.on('uncaughtException', (e) => {
    console.error(e);
    killAll();
    process.exit(1);
  });
}
