import { readFileSync } from 'node:fs';

/**
 * What grew between two heap snapshots, by constructor (or string/closure/array), in bytes of
 * self size: `npx tsx bench/tools/heap-diff.ts before.heapsnapshot after.heapsnapshot [per]`
 * divides by `per` (say, the number of connections opened in between).
 */
type Snapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};

function tally(file: string) {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [iType, iName, iSize] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < s.nodes.length; i += f.length) {
    const type = types[s.nodes[i + iType]!]!;
    const name = type === 'object' || type === 'closure' ? `${type === 'closure' ? 'closure ' : ''}${s.strings[s.nodes[i + iName]!]}` : `(${type})`;
    const t = out.get(name) ?? { count: 0, size: 0 };
    t.count++;
    t.size += s.nodes[i + iSize]!;
    out.set(name, t);
  }
  return out;
}

export function heapDiff(before: string, after: string, per = 1, top = 25): string {
  const a = tally(before);
  const b = tally(after);
  const rows = [...b].map(([name, t]) => {
    const o = a.get(name) ?? { count: 0, size: 0 };
    return { name, count: (t.count - o.count) / per, size: (t.size - o.size) / per };
  });
  const total = rows.reduce((n, r) => n + r.size, 0);
  rows.sort((x, y) => y.size - x.size);
  return [
    `grew ${total.toFixed(0)} bytes${per > 1 ? ` per unit (÷${per})` : ''}`,
    ...rows.slice(0, top).map((r) => `${r.size.toFixed(0).padStart(8)} B  ${r.count.toFixed(2).padStart(7)} ×  ${r.name}`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [before, after, per] = process.argv.slice(2);
  if (!before || !after) throw new Error('usage: heap-diff.ts before.heapsnapshot after.heapsnapshot [per]');
  console.log(heapDiff(before, after, Number(per ?? 1)));
}
