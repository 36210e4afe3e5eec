import { TARGETS } from '../lib/children.js';
import { contentionNote, cpuPerDelivery, fanoutRounds, lost } from '../lib/rounds.js';
import { best, spread } from '../lib/stats.js';
import { atMostTimesBaseline, row, type Benchmark } from '../lib/types.js';

/** P2: a big session, everyone moving things: 200 clients, 200 ops/s, about 40,000 deliveries/s. */
export const p2: Benchmark = {
  id: 'P2',
  name: 'server CPU per delivery and p99, 200 clients, 200 ops/s',
  budgetMs: { quick: 150_000, full: 900_000 },
  async run(opts) {
    const spec = { clients: 200, senders: 200, ratePerSec: 200, warmupMs: opts.quick ? 1_000 : 2_000, measureMs: opts.quick ? 2_000 : 6_000 };
    const res = await fanoutRounds('P2', opts, opts.quick ? ['ws', 'onaji', 'sio'] : ['ws', 'onaji', 'onajiNoDisk', 'sio'], spec);
    const all = (Object.keys(res) as (keyof typeof res)[]).filter((k) => res[k].length > 0);
    const label = (k: keyof typeof res) => TARGETS[k].label;
    const cpu = (k: keyof typeof res) => res[k].map(cpuPerDelivery);
    const p = (k: keyof typeof res, q: 'p50' | 'p99') => res[k].map((r) => r.delivery[q]);
    const gen = all.map((k) => `${label(k)} ${spread(res[k].map((r) => r.generatorLoad * 100), 0)}`).join(', ');
    const rounds = `${res.onaji.length} rounds × ${res.onaji[0]?.measuredOps ?? 0} ops × 199 receivers`;
    return [
      row({
        id: 'P2-cpu',
        name: 'server CPU per delivery, 200 clients, 200 ops/s',
        value: best(cpu('onaji')),
        unit: 'µs',
        baseline: best(cpu('ws')),
        goal: atMostTimesBaseline(1.3, 'raw ws relay'),
        note: `best of ${res.onaji.length} rounds; µs per delivery as median (range) of rounds: ${all.map((k) => `${label(k)} ${spread(cpu(k))}`).join(', ')}; ${rounds}; generator load %: ${gen}; onaji's 200 joins took ${spread(res.onaji.map((r) => r.setupMs / 1000), 1)} s`,
      }),
      row({
        id: 'P2-p99',
        name: 'fan-out p99, 200 clients, 200 ops/s',
        value: best(p('onaji', 'p99')),
        unit: 'ms',
        baseline: best(p('ws', 'p99')),
        goal: atMostTimesBaseline(1.5, 'raw ws relay'),
        note:
          `best of ${res.onaji.length} rounds; p50 / p99 ms as median (range) of rounds: ${all.map((k) => `${label(k)} ${spread(p(k, 'p50'))} / ${spread(p(k, 'p99'))}`).join('; ')}; ` +
          `lost deliveries onaji ${lost(res.onaji)}, ws ${lost(res.ws)}; ops refused ${res.onaji.reduce((n, r) => n + r.refused, 0)}; ${contentionNote(res)}`,
      }),
    ];
  },
};
