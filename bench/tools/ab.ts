import { asGenerator, killChildrenOnExit, type ServerKind, type Target } from '../lib/children.js';
import { quietCore } from '../lib/contention.js';
import { runFanout, type FanoutResult } from '../lib/fanout.js';
import { cpuPerDelivery } from '../lib/rounds.js';
import { spread } from '../lib/stats.js';

/**
 * A/B one option under one benchmark's load, interleaved round by round on the same machine:
 *   npx tsx bench/tools/ab.ts --load P2 --kind onaji --b BENCH_PMD=1 [--a KEY=VALUE] [--rounds 5] [--seconds 5] [--notes 1000] [--profile]
 * With --profile, the last round of each writes bench/results/profiles/ab-A.cpuprofile and ab-B.cpuprofile.
 * Prints median (range) of delivery and ack latency and server CPU per delivery for A and B.
 */
killChildrenOnExit();
const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const envOf = (s?: string) => Object.fromEntries((s ? s.split(',') : []).map((kv) => kv.split('=') as [string, string]));

const LOADS = {
  P1: { clients: 50, senders: 1, ratePerSec: 60 },
  P2: { clients: 200, senders: 200, ratePerSec: 200 },
  P3: { clients: 20, senders: 20, ratePerSec: 1_000 },
} as const;
const load = LOADS[(arg('load', 'P2') as keyof typeof LOADS) ?? 'P2'];
const kind = arg('kind', 'onaji') as ServerKind;
const rounds = Number(arg('rounds', '5'));
const a: Target = { label: `A ${arg('a') ?? '(as is)'}`, kind, env: envOf(arg('a')) };
const b: Target = { label: `B ${arg('b') ?? '(as is)'}`, kind, env: envOf(arg('b')) };
const measureMs = Number(arg('seconds', '5')) * 1000;
const notes = Number(arg('notes', '0'));
const profile = process.argv.includes('--profile');

const results = new Map<Target, FanoutResult[]>([
  [a, []],
  [b, []],
]);
await asGenerator(async () => {
  for (let r = 0; r < rounds; r++)
    for (const t of r % 2 ? [b, a] : [a, b]) {
      await quietCore(10_000);
      const profileAs = profile && r >= rounds - 2 ? `ab-${t === a ? 'A' : 'B'}` : undefined;
      const res = await runFanout({ ...load, notes, target: t, warmupMs: 2_000, measureMs, profileAs, log: (m) => console.error(m) });
      console.error(`round ${r + 1} ${t.label}: p50 ${res.delivery.p50.toFixed(2)} p99 ${res.delivery.p99.toFixed(2)} ms, ${cpuPerDelivery(res).toFixed(2)} µs/delivery`);
      results.get(t)!.push(res);
    }
});
for (const [t, rs] of results)
  console.log(
    `${t.label}: delivery p50 ${spread(rs.map((r) => r.delivery.p50))} p99 ${spread(rs.map((r) => r.delivery.p99))} ms; ` +
      `ack p50 ${spread(rs.map((r) => r.ack?.p50 ?? NaN))} p99 ${spread(rs.map((r) => r.ack?.p99 ?? NaN))} ms; ` +
      `CPU ${spread(rs.map(cpuPerDelivery))} µs/delivery; others on the server core ${spread(rs.map((r) => (r.othersOnServerCore ?? NaN) * 100), 0)}%`,
  );
process.exit(0);
