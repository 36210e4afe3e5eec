/**
 * Where a profiled P5 round's frames went, frame by frame: the trace gives the frames (as
 * bench/lib/browser.ts framesFromTrace does), the CPU profile's samples are put into the frame
 * they fell in, and each frame's time is split by the outermost function of interest on the
 * sample's stack. Prints the median split of ordinary frames and the split of the slowest ones.
 *
 *   npx tsx bench/tools/frame-breakdown.ts [bench/results/profiles/P5-onaji-page]
 */
import { readFileSync } from 'node:fs';

const base = process.argv[2] ?? 'bench/results/profiles/P5-onaji-page';
type Ev = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } };
const raw = JSON.parse(readFileSync(`${base}.trace.json`, 'utf8')) as { traceEvents: Ev[] } | Ev[];
const events = Array.isArray(raw) ? raw : raw.traceEvents;
type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
const prof = JSON.parse(readFileSync(`${base}.cpuprofile`, 'utf8')) as { nodes: Node[]; startTime: number; samples: number[]; timeDeltas: number[] };

const mark = (n: string) => events.find((e) => e.name === n && e.cat.includes('blink.user_timing'));
const owner = mark('bench-window-start') ?? events.find((e) => e.name === 'ProxyMain::BeginMainFrame');
if (!owner) throw new Error('no main thread found');
const key = `${owner.pid}:${owner.tid}`;
const onMain = events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X');
const start = mark('bench-window-start')?.ts ?? -Infinity;
const end = mark('bench-window-end')?.ts ?? Infinity;
const bmf = onMain.filter((e) => e.name === 'ProxyMain::BeginMainFrame' && e.ts >= start && e.ts <= end).map((e) => e.ts).sort((a, b) => a - b);

// Buckets: the first listed function found walking the stack from the root wins.
const BUCKETS: [string, RegExp][] = [
  ['dragMove', /^dragMove$/],
  ['submit', /^submit$/],
  ['entry flush', /^flush$/],
  ['react', /^(performWorkOnRoot|performSyncWorkOnRoot|flushSyncWorkAcrossRoots_impl|commitRoot|processRootSchedule.*)$/],
  ['konva draw', /^(drawScene|batchDraw|_drawChildren|draw)$/],
  ['socket msg', /^(onmessage|onPacket|ondecoded|onData)$/],
  ['gc', /^\(garbage collector\)$/],
  ['program', /^\(program\)$/],
  ['idle', /^\(idle\)$/],
];
const SUB: [string, RegExp][] = [
  ['applyEntries', /^applyEntries$/],
  ['rebase', /^rebase$/],
  ['stabilizeBoard', /^stabilizeBoard$/],
  ['store set', /^set$/],
  ['react(any)', /^(performWorkOnRoot|performSyncWorkOnRoot|commitRoot)$/],
  ['konva(any)', /^(drawScene|_drawChildren)$/],
];
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const stackOf = (id: number) => {
  const s: string[] = [];
  for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) s.push(byId.get(x)!.callFrame.functionName);
  return s.reverse();
};
const cache = new Map<number, { bucket: string; subs: string[] }>();
const classify = (id: number) => {
  let c = cache.get(id);
  if (c) return c;
  const st = stackOf(id);
  let bucket = 'other js';
  outer: for (const f of st) for (const [b, re] of BUCKETS) if (re.test(f)) { bucket = b; break outer; }
  if (st.length === 2 && bucket === 'other js') bucket = st[1]!.startsWith('(') ? st[1]! : `native ${st[1]}`;
  const subs = SUB.filter(([, re]) => st.some((f) => re.test(f))).map(([s]) => s);
  c = { bucket, subs };
  cache.set(id, c);
  return c;
};

type Frame = { i: number; ms: number; parts: Map<string, number>; subs: Map<string, number> };
const frames: Frame[] = [];
for (let i = 0; i + 1 < bmf.length; i++) frames.push({ i, ms: (bmf[i + 1]! - bmf[i]!) / 1000, parts: new Map(), subs: new Map() });
let t = prof.startTime;
let f = 0;
for (let k = 0; k < prof.samples.length; k++) {
  t += prof.timeDeltas[k]!;
  while (f < frames.length && t >= bmf[f + 1]!) f++;
  if (f >= frames.length) break;
  if (t < bmf[0]!) continue;
  const dt = (prof.timeDeltas[k + 1] ?? 0) / 1000;
  const { bucket, subs } = classify(prof.samples[k]!);
  const fr = frames[f]!;
  fr.parts.set(bucket, (fr.parts.get(bucket) ?? 0) + dt);
  for (const s of subs) fr.subs.set(s, (fr.subs.get(s) ?? 0) + dt);
}
// Busy (non-idle) per frame from the samples.
const busy = (fr: Frame) => [...fr.parts].filter(([k]) => k !== 'idle').reduce((a, [, v]) => a + v, 0);
const sorted = [...frames].sort((a, b) => busy(a) - busy(b));
const q = (p: number) => busy(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
console.log(`${frames.length} frames; busy ms from samples p50 ${q(0.5).toFixed(2)} p90 ${q(0.9).toFixed(2)} p95 ${q(0.95).toFixed(2)} max ${q(1).toFixed(2)}`);
const avg = (set: Frame[], get: (fr: Frame) => Map<string, number>) => {
  const m = new Map<string, number>();
  for (const fr of set) for (const [k, v] of get(fr)) m.set(k, (m.get(k) ?? 0) + v / set.length);
  return [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
};
const mid = sorted.slice(Math.floor(sorted.length * 0.4), Math.floor(sorted.length * 0.6));
const top = sorted.slice(Math.floor(sorted.length * 0.9));
console.log(`middle frames (p40–p60), mean ms: ${avg(mid, (x) => x.parts)}\n  within: ${avg(mid, (x) => x.subs)}`);
console.log(`slowest 10%, mean ms: ${avg(top, (x) => x.parts)}\n  within: ${avg(top, (x) => x.subs)}`);
for (const fr of top.slice(-8)) {
  const parts = [...fr.parts].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
  const subs = [...fr.subs].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
  console.log(`  frame ${fr.i}: ${busy(fr).toFixed(1)} ms busy of ${fr.ms.toFixed(1)}: ${parts} | ${subs}`);
}
if (process.argv.includes('--all'))
  for (const fr of frames) {
    const parts = [...fr.parts].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    console.log(`  ${fr.i}: ${busy(fr).toFixed(1)}/${fr.ms.toFixed(1)}: ${parts}`);
  }
const inside = process.argv.indexOf('--inside');
if (inside > 0) {
  const fn = process.argv[inside + 1]!;
  const self = new Map<string, number>();
  let total = 0;
  for (let k = 0; k < prof.samples.length; k++) {
    const st = stackOf(prof.samples[k]!);
    const at = st.indexOf(fn);
    if (at < 0) continue;
    const dt = (prof.timeDeltas[k + 1] ?? 0) / 1000;
    total += dt;
    // The self function, and the first function below `fn` on the way to it.
    const key = `${st[at + 1] ?? '(self)'} > … ${st.at(-1)}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  console.log(`inside ${fn}: ${total.toFixed(1)} ms in the whole profile`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1)}  ${k}`);
}
