import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, hasTaskset, ROOT } from './children.js';
import type { ForumCrowd, Style } from './forum-crowd.js';

/**
 * The forum's participants spread over a few generator processes (forum-load.ts), pinned beside
 * the bench on core 1 while the server has core 0. `all(method, …)` calls one ForumCrowd method in
 * every child at once and gathers the answers; `each` gives every child its own arguments.
 */
type Methods = { [K in keyof ForumCrowd]: ForumCrowd[K] extends (...a: infer A) => infer R ? (...a: A) => R : never };
type Result<K extends keyof ForumCrowd> = Awaited<ReturnType<Methods[K]>>;

export type Pool = {
  size: number;
  all: <K extends keyof ForumCrowd>(method: K, ...args: Parameters<Methods[K]>) => Promise<Result<K>[]>;
  each: <K extends keyof ForumCrowd>(method: K, args: (i: number) => Parameters<Methods[K]>) => Promise<Result<K>[]>;
  close: () => void;
};

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export async function startPool(size: number, style: Style): Promise<Pool> {
  const file = path.join(BENCH_DIR, 'lib', 'forum-load.ts');
  const argv = [process.execPath, '--import', 'tsx', file];
  const children = await Promise.all(
    Array.from({ length: size }, () => {
      const [cmd, ...args] = hasTaskset ? ['taskset', '-c', '1', ...argv] : argv;
      const child = spawn(cmd!, args, { cwd: ROOT, env: { ...process.env, FORUM_STYLE: JSON.stringify(style) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      live.add(child);
      child.once('exit', () => live.delete(child));
      return new Promise<ChildProcess>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('a forum load process did not start in 30 s')), 30_000);
        child.once('exit', (code) => reject(new Error(`a forum load process exited with ${code}`)));
        child.once('message', () => {
          clearTimeout(timer);
          resolve(child);
        });
      });
    }),
  );
  let next = 0;
  const call = (child: ChildProcess, method: string, args: unknown[]) =>
    new Promise<never>((resolve, reject) => {
      const id = ++next;
      const onMessage = (m: { id?: number; result?: never; error?: string }) => {
        if (m?.id !== id) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (m.error) reject(new Error(`forum load process, ${method}: ${m.error}`));
        else resolve(m.result!);
      };
      const onExit = (code: number | null) => reject(new Error(`a forum load process exited with ${code} during ${method}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, method, args });
    });
  return {
    size,
    all: (method, ...args) => Promise.all(children.map((c) => call(c, method, args))),
    each: (method, args) => Promise.all(children.map((c, i) => call(c, method, args(i)))),
    close: () => {
      for (const c of children) {
        live.delete(c);
        c.kill('SIGKILL');
      }
    },
  };
}
