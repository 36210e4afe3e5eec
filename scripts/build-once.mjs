// The client build of `npm start`, safe when several servers start from one checkout at the same
// moment (a cluster's nodes, REDIS_URL): one of them builds while the others wait for it, and a
// build whose sources have not changed since the last one is not done again, so no server ever
// serves a dist/client that another is emptying. A directory is the lock: mkdir is atomic on every
// system npm runs on, where flock(1) is not everywhere.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const lock = path.join(dist, '.build-lock');
const stamp = path.join(dist, 'client', '.built');
// What the bundle is made of; a change to any of them makes the next start build again.
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'package.json', 'tsconfig.json'];
// A lock older than this was left by a build that died (a kill -9 mid-build): taken over.
const STALE_MS = 10 * 60 * 1000;

const newest = (p) => {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
};
const builtAt = () => {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
};
const upToDate = () => builtAt() > 0 && SOURCES.every((s) => newest(path.join(root, s)) <= builtAt());

mkdirSync(dist, { recursive: true });
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch {
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue;
    }
    if (age > STALE_MS) rmSync(lock, { recursive: true, force: true });
    else await new Promise((r) => setTimeout(r, 250));
  }
}
try {
  if (upToDate()) {
    console.log('client: dist/client is up to date with its sources; not built again');
  } else {
    const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
    if (vite.status === 0) writeFileSync(stamp, new Date().toISOString() + '\n');
    // The lock goes first (finally below), then start.sh stops on the failed build.
    else process.exitCode = vite.status ?? 1;
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
