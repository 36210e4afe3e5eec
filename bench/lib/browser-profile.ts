import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ensureProfileClient, PROFILE_CLIENT, seedBoard, startBoardServer, type BoardServer, type SeededBoard } from './browser.js';
import { RESULTS_DIR } from './children.js';

/**
 * Where a page's time goes, for `--profile` runs of P4 and P5: an extra, unmeasured round against
 * an unminified build of the client (bench/results/profile-client), recorded two ways at once:
 *  - a V8 CPU profile of the page (CDP Profiler, 200 µs sampling): JavaScript by function, put
 *    down to a package (react-dom, konva, socket.io, zod, …) or to our own client/ and shared/
 *    modules through the `// <file>` lines the unminified bundle keeps above each module;
 *  - a Chromium trace (CDP Tracing, devtools.timeline and v8 categories) of the renderer's main
 *    thread: time by trace event (script, GC, style, layout, paint, canvas) by self time.
 * Both files go to bench/results/profiles/ (open them in Chrome DevTools), and a summary to
 * bench/results/profiles/client-summary.txt.
 */

const PROFILE_DIR = path.join(RESULTS_DIR, 'profiles');
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'blink',
  'cc',
  'toplevel',
];

export type PageProfiler = {
  start(page: Page): Promise<void>;
  /** Stops both recordings, writes the files, returns the summary's first lines for a row's note. */
  stop(page: Page): Promise<string>;
};

/** A server serving the unminified client, with its own board of `notes` notes. */
export async function withProfileServer<T>(log: (m: string) => void, notes: number, fn: (server: BoardServer, seed: SeededBoard) => Promise<T>): Promise<T | null> {
  const built = await ensureProfileClient(log);
  if (!built.ok) {
    log(`  profile: the unminified client did not build: ${built.error}`);
    return null;
  }
  const server = await startBoardServer(PROFILE_CLIENT);
  try {
    return await fn(server, await seedBoard(server, notes));
  } finally {
    await server.close();
  }
}

export function pageProfiler(name: string, browser: Browser, log: (m: string) => void): PageProfiler {
  let cdp: CDPSession | null = null;
  let t0 = 0;
  return {
    async start(page) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await browser.startTracing(page, { categories: CATEGORIES });
      await cdp.send('Profiler.start');
      t0 = performance.now();
    },
    async stop() {
      const ms = performance.now() - t0;
      const { profile } = (await cdp!.send('Profiler.stop')) as { profile: CpuProfile };
      const trace = await browser.stopTracing();
      await cdp!.detach().catch(() => {});
      mkdirSync(PROFILE_DIR, { recursive: true });
      const profFile = path.join(PROFILE_DIR, `${name}-page.cpuprofile`);
      const traceFile = path.join(PROFILE_DIR, `${name}-page.trace.json`);
      writeFileSync(profFile, JSON.stringify(profile));
      writeFileSync(traceFile, trace);
      const js = summariseCpuProfile(profile);
      const main = summariseTrace(JSON.parse(trace.toString('utf8')) as TraceFile);
      const text = [
        `${name}: ${ms.toFixed(0)} ms recorded (${path.relative(process.cwd(), profFile)}, ${path.relative(process.cwd(), traceFile)})`,
        js.text,
        main.text,
      ].join('\n');
      appendFileSync(path.join(PROFILE_DIR, 'client-summary.txt'), text + '\n\n');
      log(`  ${name} profile:\n${text.replace(/^/gm, '    ')}`);
      return `profile (${name}, unminified build, one extra round): JS by package ${js.short}; renderer main thread ${main.short}`;
    },
  };
}

// ── CPU profile ──────────────────────────────────────────────────────────────

type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number };

/** Line → module of each unminified asset, from the `// node_modules/…` and `// client/…` lines above each module. */
function moduleMaps(): Map<string, { lines: number[]; files: string[] }> {
  const out = new Map<string, { lines: number[]; files: string[] }>();
  const dir = path.join(PROFILE_CLIENT, 'assets');
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const lines: number[] = [];
    const files: string[] = [];
    readFileSync(path.join(dir, f), 'utf8')
      .split('\n')
      .forEach((l, i) => {
        const m = /^\/\/ (?:\0)?((?:node_modules|client|shared|vite|rolldown)\/\S+|\\0\S+)$/.exec(l);
        if (m) {
          lines.push(i);
          files.push(m[1]!.replace(/^\\0/, ''));
        }
      });
    out.set(f, { lines, files });
  }
  return out;
}

function moduleAt(maps: ReturnType<typeof moduleMaps>, url: string, line: number): string | null {
  const m = maps.get(url.slice(url.lastIndexOf('/') + 1));
  if (!m) return null;
  let lo = 0;
  let hi = m.lines.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (m.lines[mid]! <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 ? m.files[found]! : null;
}

const GROUPS: [RegExp, string][] = [
  [/^node_modules\/(react-dom|react|scheduler|react-reconciler|react-konva|its-fine)\//, 'react'],
  [/^node_modules\/konva\//, 'konva'],
  [/^node_modules\/(socket\.io-client|engine\.io-client|socket\.io-parser|engine\.io-parser|@socket\.io\/component-emitter)\//, 'socket.io'],
  [/^node_modules\/zod\//, 'zod'],
  [/^client\/(canvas|net|state|ui|i18n)\//, 'ours: client/$1'],
  [/^shared\//, 'ours: shared'],
];

function groupOf(file: string | null, fn: string, url: string): string {
  if (!url) return fn.startsWith('(') ? fn : `(native) ${fn}`;
  if (!file) return url.includes('/assets/') ? 'bundle (unmapped)' : url.slice(url.lastIndexOf('/') + 1).split('?')[0] || 'other';
  for (const [re, name] of GROUPS) {
    const m = re.exec(file);
    if (m) return name.replace('$1', m[1] ?? '');
  }
  const nm = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return nm ? nm[1]! : file;
}

type Hot = { name: string; ms: number };

export function summariseCpuProfile(p: CpuProfile): { text: string; short: string } {
  const maps = moduleMaps();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  // A sample's time is the delta to the next one (V8 sometimes writes a small negative delta: none).
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + Math.max(0, deltas[i + 1] ?? 0) / 1000);
  const groups = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') {
      idle += ms;
      continue;
    }
    total += ms;
    const file = url ? moduleAt(maps, url, lineNumber) : null;
    const g = groupOf(file, functionName, url);
    groups.set(g, (groups.get(g) ?? 0) + ms);
    const key = `${functionName || '(anonymous)'}${file ? `  ${file}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>, top: number): Hot[] =>
    [...m]
      .map(([name, ms]) => ({ name, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top);
  const pct = (ms: number) => `${((ms / total) * 100).toFixed(1).padStart(5)}%`;
  const line = (h: Hot) => `  ${pct(h.ms)} ${h.ms.toFixed(0).padStart(6)} ms  ${h.name}`;
  const g = rank(groups, 14);
  const text = [
    ` CPU profile: ${total.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle; busy time by package (self time):`,
    ...g.map(line),
    ' by function (self time):',
    ...rank(fns, 25).map(line),
  ].join('\n');
  const short = g
    .slice(0, 6)
    .map((h) => `${h.name} ${((h.ms / total) * 100).toFixed(0)}%`)
    .join(', ');
  return { text, short: `(${total.toFixed(0)} ms busy, ${idle.toFixed(0)} ms idle): ${short}` };
}

// ── trace ────────────────────────────────────────────────────────────────────

type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } };
type TraceFile = { traceEvents: TraceEvent[] } | TraceEvent[];

/** Self time by event name on the busiest renderer main thread (the page's). */
export function summariseTrace(file: TraceFile): { text: string; short: string } {
  const events = Array.isArray(file) ? file : file.traceEvents;
  const mains = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  const perThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (!mains.has(key) || (e.ph !== 'X' && e.ph !== 'B' && e.ph !== 'E')) continue;
    (perThread.get(key) ?? perThread.set(key, []).get(key)!).push(e);
  }
  // B/E pairs become complete events.
  const complete = (list: TraceEvent[]) => {
    const out: { name: string; ts: number; end: number }[] = [];
    const open: TraceEvent[] = [];
    for (const e of [...list].sort((a, b) => a.ts - b.ts)) {
      if (e.ph === 'X') out.push({ name: e.name, ts: e.ts, end: e.ts + (e.dur ?? 0) });
      else if (e.ph === 'B') open.push(e);
      else {
        const b = open.pop();
        if (b) out.push({ name: b.name, ts: b.ts, end: e.ts });
      }
    }
    return out.sort((a, b) => a.ts - b.ts || b.end - a.end);
  };
  let best: { name: string; ts: number; end: number }[] = [];
  let bestBusy = -1;
  for (const list of perThread.values()) {
    const c = complete(list);
    const busy = c.filter((e) => e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask').reduce((s, e) => s + (e.end - e.ts), 0);
    if (busy > bestBusy) {
      bestBusy = busy;
      best = c;
    }
  }
  if (best.length === 0) return { text: ' trace: no renderer main thread found', short: 'n/a' };
  const self = new Map<string, number>();
  const stack: { name: string; end: number; child: number; ts: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack.at(-1)!.end <= upTo) {
      const top = stack.pop()!;
      const dur = top.end - top.ts;
      self.set(top.name, (self.get(top.name) ?? 0) + Math.max(0, dur - top.child));
      if (stack.length) stack.at(-1)!.child += dur;
    }
  };
  for (const e of best) {
    close(e.ts);
    stack.push({ name: e.name, end: e.end, child: 0, ts: e.ts });
  }
  close(Infinity);
  const span = (best.at(-1)!.end - best[0]!.ts) / 1000;
  const total = [...self.values()].reduce((a, b) => a + b, 0) / 1000;
  const rows = [...self]
    .map(([name, us]) => ({ name, ms: us / 1000 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 18);
  const text = [
    ` renderer main thread: ${total.toFixed(0)} ms in trace events over ${span.toFixed(0)} ms; self time by event:`,
    ...rows.map((r) => `  ${((r.ms / total) * 100).toFixed(1).padStart(5)}% ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`),
  ].join('\n');
  const short = `${total.toFixed(0)} ms busy of ${span.toFixed(0)} ms: ${rows
    .slice(0, 5)
    .map((r) => `${r.name} ${((r.ms / total) * 100).toFixed(0)}%`)
    .join(', ')}`;
  return { text, short };
}
