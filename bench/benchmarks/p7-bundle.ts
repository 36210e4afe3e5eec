import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { RESULTS_DIR, ROOT } from '../lib/children.js';
import { atMost, missing, row, type Benchmark, type RunOpts } from '../lib/types.js';

const KB = 1024;
const GOAL = atMost(250, 'KB');
const NAME = 'client JS, gzip';

/**
 * P7: what a participant's phone downloads. Gzips every dist/client/assets/*.js; when dist/client
 * is missing or older than the sources, builds the client into bench/results/ first (never over
 * dist/, which tests use). Baseline: the same libraries the client imports, bundled with none of
 * our code.
 */
export const p7: Benchmark = {
  id: 'P7',
  name: 'client JavaScript size, gzip',
  budgetMs: { quick: 300_000, full: 300_000 },
  async run(opts) {
    let dir = path.join(ROOT, 'dist/client');
    let how = 'dist/client';
    if (!fresh(dir)) {
      dir = path.join(RESULTS_DIR, 'p7-client');
      how = 'a fresh build (dist/client was missing or older than client/)';
      opts.log('  P7: building the client');
      const built = await viteBuild(path.join(ROOT, 'client'), dir, opts);
      if (!built.ok) return [missing('P7', NAME, 'KB', GOAL, `the client did not build: ${built.error}`)];
    }
    const ours = gzippedJs(dir);
    if (ours.files === 0) return [missing('P7', NAME, 'KB', GOAL, `no .js files in ${path.relative(ROOT, dir)}/assets`)];
    const deps = await depsOnly(opts);
    return [
      row({
        id: 'P7',
        name: NAME,
        value: ours.gzip / KB,
        unit: 'KB',
        baseline: deps ? deps.gzip / KB : null,
        goal: GOAL,
        note:
          `${ours.files} file(s) from ${how}, ${(ours.raw / KB).toFixed(0)} KB before gzip; ` +
          (deps ? `baseline: ${deps.imports.join(', ')} bundled whole with no app code (${(deps.raw / KB).toFixed(0)} KB raw)` : 'baseline bundle did not build'),
      }),
    ];
  },
};

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function fresh(dist: string) {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= Math.max(newest(path.join(ROOT, 'client')), newest(path.join(ROOT, 'shared')));
}

function gzippedJs(dir: string) {
  const assets = path.join(dir, 'assets');
  const files = existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith('.js')) : [];
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const data = readFileSync(path.join(assets, f));
    raw += data.length;
    gzip += gzipSync(data).length;
  }
  return { files: files.length, raw, gzip };
}

function viteBuild(root: string, outDir: string, opts: RunOpts, config?: false): Promise<{ ok: true } | { ok: false; error: string }> {
  rmSync(outDir, { recursive: true, force: true });
  const args = ['vite', 'build', root, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'];
  if (config === false) args.push('--config', path.join(root, 'vite.config.mjs'));
  return new Promise((resolve) => {
    execFile('npx', args, { cwd: ROOT, timeout: 180_000, maxBuffer: 8 * 1024 * 1024 }, (e, stdout, stderr) => {
      if (!e) return resolve({ ok: true });
      const first = `${stderr}\n${stdout}`.split('\n').find((l) => /error/i.test(l)) ?? e.message;
      opts.log(`  P7: build failed: ${first}`);
      resolve({ ok: false, error: first.trim().slice(0, 300) });
    });
  });
}

/** The packages the client imports (scanned from client/), bundled whole into one page. */
async function depsOnly(opts: RunOpts) {
  const imports = [...scanImports(path.join(ROOT, 'client'))].sort();
  if (imports.length === 0) return null;
  const root = path.join(RESULTS_DIR, 'p7-deps-src');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    path.join(root, 'main.js'),
    imports.map((m, i) => `import * as m${i} from '${m}';`).join('\n') + `\nwindow.__deps = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
  // An empty config, so the project's vite.config.ts (root: client) is not picked up.
  writeFileSync(path.join(root, 'vite.config.mjs'), 'export default {};\n');
  const out = path.join(RESULTS_DIR, 'p7-deps');
  const built = await viteBuild(root, out, opts, false);
  if (!built.ok) return null;
  return { ...gzippedJs(out), imports };
}

function scanImports(dir: string, found = new Set<string>()): Set<string> {
  if (!existsSync(dir)) return found;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) scanImports(p, found);
    else if (/\.(tsx?|jsx?)$/.test(e.name)) {
      const text = readFileSync(p, 'utf8');
      for (const m of text.matchAll(/^\s*import\s+(?!type\b)[^'"]*?from\s+['"]([^'"./][^'"]*)['"]/gm)) {
        const spec = m[1]!;
        if (!spec.startsWith('node:')) found.add(spec);
      }
    }
  }
  return found;
}
