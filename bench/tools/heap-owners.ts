import { readFileSync } from 'node:fs';

/**
 * Who holds what grew between two heap snapshots of one process: every object new in `after`
 * (its id absent from `before`) is put under its retainer on a shortest path from the GC roots,
 * so the new objects form trees hanging off objects that already existed. Prints, per unit:
 * - by owner: each tree's root path (old retainer → edge → new object), with the bytes of the tree;
 * - by holder: the bytes under each nearest new socket, transport, timer, set… (a tree's root
 *   when there is none), so the objects of Node, ws, engine.io, Socket.IO and ours add up apart;
 * - by object: constructor ← retainer.edge, count and bytes, for objects that came about once per
 *   unit or more. TOP and MIN (per unit) in the environment widen or narrow the lists.
 * `npx tsx bench/tools/heap-owners.ts before.heapsnapshot after.heapsnapshot [per] [depth]`;
 * `depth` (default 3) is how many new objects deep the owner paths go.
 */
type Raw = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
};

function ids(file: string): Set<number> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Raw;
  const nf = s.snapshot.meta.node_fields.length;
  const iId = s.snapshot.meta.node_fields.indexOf('id');
  const out = new Set<number>();
  for (let i = 0; i < s.nodes.length; i += nf) out.add(s.nodes[i + iId]!);
  return out;
}

export function heapOwners(beforeFile: string, afterFile: string, per = 1, depth = 3): string {
  const old = ids(beforeFile);
  const s = JSON.parse(readFileSync(afterFile, 'utf8')) as Raw;
  const m = s.snapshot.meta;
  const nf = m.node_fields.length;
  const ef = m.edge_fields.length;
  const [iType, iName, iId, iSize, iEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) => m.node_fields.indexOf(f)) as [number, number, number, number, number];
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => m.edge_fields.indexOf(f)) as [number, number, number];
  const nodeTypes = m.node_types[0];
  const edgeTypes = m.edge_types[0];
  const n = s.nodes.length / nf;
  const firstEdge = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) firstEdge[i + 1] = firstEdge[i]! + s.nodes[i * nf + iEdges]!;

  const typeOf = (i: number) => nodeTypes[s.nodes[i * nf + iType]!]!;
  const isNew = (i: number) => !old.has(s.nodes[i * nf + iId]!);
  const size = (i: number) => s.nodes[i * nf + iSize]!;
  const label = (i: number) => {
    const t = typeOf(i);
    const name = s.strings[s.nodes[i * nf + iName]!]!;
    if (t === 'object' || t === 'native') return name;
    if (t === 'closure') return `closure ${name || '(anonymous)'}`;
    if (t === 'hidden' || t === 'synthetic') return `(${name})`;
    if (t === 'array') return `(array${name ? ' ' + name : ''})`;
    if (t === 'code' || t === 'object shape') return `(${t})`;
    return `(${t})`;
  };
  const edgeLabel = (e: number) => {
    const t = edgeTypes[s.edges[e + eType]!]!;
    const v = s.edges[e + eName]!;
    // Indices differ from one connection to the next; the tally needs them alike.
    if (t === 'element' || t === 'hidden') return '[]';
    const name = String(s.strings[v]);
    return t === 'context' ? `ctx.${name}` : /^\d+$/.test(name) ? '[]' : /^[\w-]{16,}$/.test(name) ? '<id>' : name;
  };

  // Shortest paths from the root (node 0), through strong edges only.
  const parent = new Int32Array(n).fill(-1);
  const viaEdge = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  const weak = edgeTypes.indexOf('weak');
  const shortcut = edgeTypes.indexOf('shortcut');
  while (head < tail) {
    const i = queue[head++]!;
    for (let e = firstEdge[i]! * ef; e < firstEdge[i + 1]! * ef; e += ef) {
      const t = s.edges[e + eType]!;
      if (t === weak || t === shortcut) continue;
      const j = s.edges[e + eTo]! / nf;
      if (seen[j]) continue;
      seen[j] = 1;
      parent[j] = i;
      viaEdge[j] = e;
      queue[tail++] = j;
    }
  }

  const owners = new Map<string, { count: number; size: number }>();
  const holders = new Map<string, { count: number; size: number }>();
  // The nearest new ancestor that is one of these is what an object is counted under in "by holder".
  const HOLDERS = new Set(['Socket', 'WebSocket', 'Receiver', 'Sender', 'Client', 'Decoder', 'Timeout', 'SocketState', 'TCP', 'WebSocketResponse', 'Polling', 'IncomingMessage', 'Set']);
  const objects = new Map<string, { count: number; size: number }>();
  let total = 0;
  let unreachable = 0;
  const add = (map: Map<string, { count: number; size: number }>, key: string, bytes: number, count = 1) => {
    const t = map.get(key) ?? { count: 0, size: 0 };
    t.count += count;
    t.size += bytes;
    map.set(key, t);
  };
  for (let i = 0; i < n; i++) {
    if (!isNew(i)) continue;
    const bytes = size(i);
    total += bytes;
    if (!seen[i]) {
      unreachable += bytes;
      continue;
    }
    // The chain of new objects from the first one under an old object down to this one.
    const chain: number[] = [];
    let j = i;
    while (j > 0 && isNew(j)) {
      chain.push(j);
      j = parent[j]!;
    }
    chain.reverse();
    const top = chain[0]!;
    const path = [`${label(j)}.${edgeLabel(viaEdge[top]!)}`];
    for (let k = 0; k < Math.min(depth, chain.length); k++) path.push(`${k ? edgeLabel(viaEdge[chain[k]!]!) + ' ' : ''}${label(chain[k]!)}`);
    add(owners, path.join(' → '), bytes, i === top ? 1 : 0);
    add(objects, `${label(i)} ← ${label(parent[i]!)}.${edgeLabel(viaEdge[i]!)}`, bytes);
    let h = chain.length - 1;
    while (h >= 0 && !HOLDERS.has(label(chain[h]!))) h--;
    const holder = h >= 0 ? chain[h]! : top;
    add(holders, `${h >= 0 ? '' : '(none) '}${label(holder)} ← ${label(parent[holder]!)}.${edgeLabel(viaEdge[holder]!)}`, bytes, i === holder ? 1 : 0);
  }
  const fmt = (map: Map<string, { count: number; size: number }>, min: (c: number) => boolean, top: number) =>
    [...map]
      .filter(([, t]) => min(t.count / per))
      .sort((a, b) => b[1].size - a[1].size)
      .slice(0, top)
      .map(([k, t]) => `${(t.size / per).toFixed(0).padStart(7)} B  ${(t.count / per).toFixed(2).padStart(6)} ×  ${k}`);
  return [
    `new objects: ${(total / per).toFixed(0)} bytes per unit (÷${per}), of which unreachable from the roots ${(unreachable / per).toFixed(0)}`,
    `by owner (tree under an old object; count = trees):`,
    ...fmt(owners, () => true, Number(process.env.TOP ?? 60)),
    ``,
    `by holder (the nearest new socket, transport, timer, set… above each object; count = holders):`,
    ...fmt(holders, () => true, Number(process.env.TOP ?? 60)),
    ``,
    `by object (constructor ← retainer.edge), at least 0.9 per unit:`,
    ...fmt(objects, (c) => c >= Number(process.env.MIN ?? 0.9), Number(process.env.TOP ?? 120)),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [before, after, per, depth] = process.argv.slice(2);
  if (!before || !after) throw new Error('usage: heap-owners.ts before.heapsnapshot after.heapsnapshot [per] [depth]');
  console.log(heapOwners(before, after, Number(per ?? 1), Number(depth ?? 3)));
}
