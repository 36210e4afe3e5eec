import { asGenerator, TARGETS, type TargetKey } from './children.js';
import { quietCore } from './contention.js';
import { median } from './stats.js';
import { runFanout, type FanoutResult, type FanoutSpec } from './fanout.js';
import type { RunOpts } from './types.js';

/**
 * Run the same load against each target (results of targets not asked for stay empty), `rounds` times, interleaved (ws, onaji, …, ws, onaji, …)
 * so that a noisy neighbour on this shared machine hits every target alike.
 */
export async function fanoutRounds(
  bench: string,
  opts: RunOpts,
  keys: TargetKey[],
  spec: Omit<FanoutSpec, 'target' | 'log' | 'profileAs'>,
  rounds = opts.quick ? 2 : 5,
): Promise<Record<TargetKey, FanoutResult[]>> {
  const out: Record<TargetKey, FanoutResult[]> = { ws: [], sio: [], onaji: [], onajiNoDisk: [] };
  await asGenerator(async () => {
    for (let r = 0; r < rounds; r++)
      for (const key of keys) {
        const target = TARGETS[key];
        // Profile only the last round, so the profile shows a warmed-up server.
        const profileAs = opts.profile && r === rounds - 1 ? `${bench}-${target.label.replace(/[^a-z0-9]+/gi, '-')}` : undefined;
        const busy = await quietCore(opts.quick ? 3_000 : 10_000);
        const res = await runFanout({ ...spec, target, log: opts.log, profileAs });
        opts.log(
          `  ${bench} round ${r + 1}/${rounds} ${target.label}: delivery p50 ${res.delivery.p50.toFixed(2)} p99 ${res.delivery.p99.toFixed(2)} ms` +
            (res.ack ? `, ack p50 ${res.ack.p50.toFixed(2)} p99 ${res.ack.p99.toFixed(2)} ms` : '') +
            `, ${res.deliveries}/${res.expectedDeliveries} delivered, server CPU ${cpuPerDelivery(res).toFixed(2)} µs/delivery` +
            `, generator load ${(res.generatorLoad * 100).toFixed(0)}%` +
            `, others on the server core ${pct(res.othersOnServerCore)} (${pct(busy)} busy before)`,
        );
        out[key].push(res);
      }
  });
  return out;
}

export const cpuPerDelivery = (r: FanoutResult) => r.serverCpuUs / Math.max(1, r.deliveries);
export const lost = (rs: FanoutResult[]) => rs.reduce((n, r) => n + (r.expectedDeliveries - r.deliveries), 0);

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(0)}%`);

/** How much of the server's core other processes took, median per target: the noise behind the figures. */
export function contentionNote(res: Record<TargetKey, FanoutResult[]>): string {
  const parts = (Object.keys(res) as TargetKey[])
    .filter((k) => res[k].length > 0)
    .map((k) => `${TARGETS[k].label} ${pct(median(res[k].map((r) => r.othersOnServerCore ?? NaN)) || 0)}`);
  return `other processes' share of the server core: ${parts.join(', ')}`;
}
