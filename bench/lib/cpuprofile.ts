import { readFileSync } from 'node:fs';
import path from 'node:path';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; samples?: number[]; timeDeltas?: number[]; startTime: number; endTime: number };

export type Hot = { name: string; where: string; selfMs: number; share: number };

/** Busy time (idle and the profiler left out) by function, and by package (`socket.io`, `ws`, `zod`, ours, …). */
export function hotFunctions(file: string, top = 15): { functions: Hot[]; packages: Hot[]; totalMs: number } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Leave out the profiler's own work (the inspector call that starts and stops it) and idle time.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const excluded = new Set<number>();
  for (const n of p.nodes) {
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.url === 'node:inspector' || f.functionName === '(idle)') {
        excluded.add(n.id);
        break;
      }
    }
  }
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  const fn = new Map<string, Hot>();
  const pkg = new Map<string, Hot>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n || excluded.has(id)) continue;
    totalMs += ms;
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const f = fn.get(key) ?? { name, where, selfMs: 0, share: 0 };
    f.selfMs += ms;
    fn.set(key, f);
    const group = packageOf(url, name);
    const g = pkg.get(group) ?? { name: group, where: '', selfMs: 0, share: 0 };
    g.selfMs += ms;
    pkg.set(group, g);
  }
  const rank = (m: Map<string, Hot>) =>
    [...m.values()]
      .map((h) => ({ ...h, share: h.selfMs / totalMs }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top);
  return { functions: rank(fn), packages: rank(pkg), totalMs };
}

function shortUrl(url: string) {
  const i = url.lastIndexOf('node_modules/');
  if (i >= 0) return url.slice(i + 'node_modules/'.length);
  const root = url.indexOf('/main/');
  return root >= 0 ? url.slice(root + '/main/'.length) : path.basename(url);
}

function packageOf(url: string, name: string) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node core';
  const local = /\/(server|shared|bench)\//.exec(url);
  return local ? `ours: ${local[1]}/` : 'other';
}

export function describeProfile(file: string): string {
  const { functions, packages, totalMs } = hotFunctions(file);
  const line = (h: Hot) => `  ${(h.share * 100).toFixed(1).padStart(5)}%  ${h.selfMs.toFixed(0).padStart(6)} ms  ${h.name}${h.where ? '  ' + h.where : ''}`;
  return [
    `${path.basename(file)}: ${totalMs.toFixed(0)} ms busy (shares below are of busy time)`,
    ' by package:',
    ...packages.slice(0, 10).map(line),
    ' by function (self time):',
    ...functions.map(line),
  ].join('\n');
}
