import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, readdir, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT } from './server.js';

export type ServerProcess = { child: ChildProcess; url: string; output: () => string };

/**
 * The real server as `npm start` runs it (minus the build), in its own process, on a free port.
 * `via` an npm script starts it through npm itself, so the child is npm's process; `cwd` another
 * copy of the project to run it from.
 */
export function spawnServer(dataDir: string, env: Record<string, string> = {}, via: 'node' | 'start' | 'dev' = 'node', cwd = ROOT, startMs = 90_000): Promise<ServerProcess> {
  const [cmd, args] = via === 'node' ? [process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/index.ts')]] : ['npm', ['run', via, '--silent']];
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ONAJI_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), startMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /local:\s+(http:\/\/\S+?)\/?\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1'), output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

export function waitExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

/**
 * A copy of the project in `tree` to change or build without touching the checkout: its own
 * sources, and a node_modules folder of links to the real packages, so that Vite keeps its caches
 * in the copy (where a server's file watcher does not look) and a build writes the copy's dist/.
 */
export async function copyProject(tree: string): Promise<void> {
  const skip = new Set(['node_modules', 'dist', '.git', 'test-results', 'data']);
  await cp(ROOT, tree, {
    recursive: true,
    filter: (src) => !skip.has(path.relative(ROOT, src).split(path.sep)[0]!) && !path.relative(ROOT, src).startsWith('bench/results'),
  });
  await mkdir(path.join(tree, 'node_modules'));
  for (const e of await readdir(path.join(ROOT, 'node_modules'))) if (!e.startsWith('.vite')) await symlink(path.join(ROOT, 'node_modules', e), path.join(tree, 'node_modules', e));
}

/** A port nothing listens on now, for a server that must come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
