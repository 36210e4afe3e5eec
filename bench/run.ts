import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCHMARKS } from './registry.js';
import { killAll, killChildrenOnExit, pinning, RESULTS_DIR } from './lib/children.js';
import { closeAllClients } from './lib/clients.js';
import { describeProfile } from './lib/cpuprofile.js';
import { table } from './lib/table.js';
import type { Row, RunOpts } from './lib/types.js';

// npm run bench [-- --quick] [--only P1,P3] [--profile] [--strict]
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const valueOf = (name: string) => {
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

const quick = flag('quick');
const only = valueOf('only')?.split(',').map((s) => s.trim().toUpperCase());
const chosen = BENCHMARKS.filter((b) => !only || only.includes(b.id.toUpperCase()));
if (chosen.length === 0) {
  console.error(`no benchmark matches --only ${only?.join(',')}; known: ${BENCHMARKS.map((b) => b.id).join(', ')}`);
  process.exit(2);
}

const started = Date.now();
const loadAtStart = os.loadavg();
const log = (msg: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
const opts: RunOpts = { quick, profile: flag('profile'), log };

killChildrenOnExit();
mkdirSync(RESULTS_DIR, { recursive: true });
const profileDir = path.join(RESULTS_DIR, 'profiles');
if (opts.profile) rmSync(profileDir, { recursive: true, force: true });

const cpu = os.cpus()[0]?.model ?? 'unknown';
log(`${quick ? 'quick' : 'full'} run of ${chosen.map((b) => b.id).join(', ')} on ${os.availableParallelism()} cores (${cpu}), Node ${process.version}; ${pinning}`);

const rows: Row[] = [];
let crashed = false;
for (const b of chosen) {
  const budget = (quick ? b.budgetMs?.quick : b.budgetMs?.full) ?? (quick ? 120_000 : 600_000);
  const t0 = Date.now();
  log(`${b.id} ${b.name} (at most ${budget / 1000} s)`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const out = await Promise.race([
      b.run(opts),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`stopped after ${budget / 1000} s`)), budget))),
    ]);
    rows.push(...out);
  } catch (e) {
    crashed = true;
    log(`${b.id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    rows.push({ id: b.id, name: b.name, value: null, unit: '', baseline: null, ratio: null, goal: '—', pass: false, note: `failed: ${String(e instanceof Error ? e.message : e).split('\n')[0]}` });
  } finally {
    clearTimeout(timer);
    closeAllClients();
    killAll();
  }
  log(`${b.id} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const meta = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  benchmarks: chosen.map((b) => b.id),
  node: process.version,
  cores: os.availableParallelism(),
  cpu,
  pinning,
  env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_') || k === 'NODE_PATH' || k === 'WS_NO_BUFFER_UTIL')),
  seconds: Math.round((Date.now() - started) / 1000),
  /** 1-minute load average at the start and the end: how busy the shared machine was. */
  loadavg: [loadAtStart[0], os.loadavg()[0]].map((x) => Math.round(x! * 100) / 100),
};
writeFileSync(path.join(RESULTS_DIR, 'latest.json'), JSON.stringify(rows, null, 2) + '\n');
writeFileSync(path.join(RESULTS_DIR, 'latest-meta.json'), JSON.stringify(meta, null, 2) + '\n');
const stamp = meta.date.replace(/[:.]/g, '-');
writeFileSync(path.join(RESULTS_DIR, `${stamp}-${meta.mode}.json`), JSON.stringify({ meta, rows }, null, 2) + '\n');

if (opts.profile && existsSync(profileDir)) {
  const files = readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(profileDir, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  writeFileSync(path.join(profileDir, 'summary.txt'), files.map((f) => describeProfile(f)).join('\n\n') + '\n');
  log(`CPU profiles of the server children (measured window only): ${path.relative(process.cwd(), profileDir)}/ (summary.txt)`);
}

console.log(table(rows));
console.log(`\n${meta.mode} run, ${meta.seconds} s, load average ${meta.loadavg.join(' → ')}; rows in ${path.relative(process.cwd(), path.join(RESULTS_DIR, 'latest.json'))}`);
const missed = rows.filter((r) => !r.pass).length;
process.exit(crashed ? 1 : flag('strict') && missed > 0 ? 1 : 0);
