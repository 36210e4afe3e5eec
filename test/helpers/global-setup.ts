import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Browser tests need the built client; build it once per run when the sources are newer. */
export default function setup() {
  if (process.env.ONAJI_SKIP_BUILD) return;
  const index = path.join(root, 'dist/client/index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(path.join(root, 'client')), newest(path.join(root, 'shared')));
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the same
  // dist/client is what `npm start` and the benchmarks serve, so it must be the production one.
  if (built < sources)
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
