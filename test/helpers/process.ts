import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './server.js';

export type ServerProcess = { child: ChildProcess; url: string; output: () => string };

/**
 * The real server as `npm start` runs it (minus the build), in its own process, on a free port.
 * `via` an npm script starts it through npm itself, so the child is npm's process; `cwd` another
 * copy of the project to run it from.
 */
export function spawnServer(dataDir: string, env: Record<string, string> = {}, via: 'node' | 'start' | 'dev' = 'node', cwd = ROOT): Promise<ServerProcess> {
  const [cmd, args] = via === 'node' ? [process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/index.ts')]] : ['npm', ['run', via, '--silent']];
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ONAJI_SKIP_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
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
