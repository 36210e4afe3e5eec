import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { tempDir, removeDir } from './server.js';

/**
 * A real `redis-server` of this machine, on a free port with its own temporary directory, with
 * the persistence the docs ask for (AOF, fsync before every reply). Never a system service: a
 * test owns it, kills it and starts it again on the same files.
 */
export type TestRedis = {
  port: number;
  url: string;
  dir: string;
  /** SIGTERM and wait for the exit (Redis writes nothing more on the way out with `--save ''`). */
  stop: () => Promise<void>;
  /** kill -9: whatever Redis had not synced is gone, as after a power cut. */
  kill9: () => Promise<void>;
  /** SIGSTOP: the connection stays open and nothing is answered, as with a stalled machine. */
  pause: () => void;
  /** SIGCONT after `pause`. */
  resume: () => void;
  /** Start again on the same directory and port: the same AOF is read back. */
  restart: () => Promise<void>;
  /** Stop it and delete its directory. */
  dispose: () => Promise<void>;
  output: () => string;
};

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/** A test that needs Redis says so loudly when there is none: `.ci/run` installs it. */
export function requireRedisServer(binary = BINARY): void {
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`${binary} was not found: install Debian's redis-server package (apt-get install redis-server); these tests never skip without it`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** One PING over a raw socket: true once Redis answers PONG (it loads its AOF before it does). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = new Socket();
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('error', () => done(false));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
    sock.connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
  });
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited at start:\n${output()}`);
    if (await ping(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer PING within 20 s:\n${output()}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

export type RedisOptions = {
  /** `always` unless given; a test of the persistence warning asks for less. */
  appendfsync?: 'always' | 'everysec' | 'no';
  appendonly?: 'yes' | 'no';
};

export async function startRedis(opts: RedisOptions = {}): Promise<TestRedis> {
  requireRedisServer();
  const dir = await tempDir('onaji-redis-');
  const port = await freePort();
  let out = '';
  let child: ChildProcess;
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--appendonly', opts.appendonly ?? 'yes',
    '--appendfsync', opts.appendfsync ?? 'always',
    '--save', '',
    '--daemonize', 'no',
    '--loglevel', 'warning',
  ];
  const launch = async () => {
    child = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitForPing(port, child, () => out);
  };
  await launch();
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited(child);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop: () => signal('SIGTERM'),
    kill9: () => signal('SIGKILL'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    restart: async () => {
      await signal('SIGTERM');
      await launch();
    },
    dispose: async () => {
      child.kill('SIGCONT');
      await signal('SIGKILL');
      await removeDir(dir);
    },
    output: () => out,
  };
}
