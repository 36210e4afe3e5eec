import { contentionNote, fanoutRounds } from '../lib/rounds.js';
import { best, spread } from '../lib/stats.js';
import { atMost, row, type Benchmark } from '../lib/types.js';

/** P3: how long a client waits for "saved" when 20 people send 1,000 ops/s into one durable log. */
export const p3: Benchmark = {
  id: 'P3',
  name: 'ack latency with the durable op log, 20 clients, 1,000 ops/s',
  budgetMs: { quick: 90_000, full: 420_000 },
  async run(opts) {
    const spec = { clients: 20, senders: 20, ratePerSec: 1_000, warmupMs: opts.quick ? 1_000 : 2_000, measureMs: opts.quick ? 2_000 : 6_000 };
    const res = await fanoutRounds('P3', opts, ['sio', 'onaji', 'onajiNoDisk'], spec);
    const ack = (k: keyof typeof res, q: 'p50' | 'p99' | 'max') => res[k].map((r) => r.ack?.[q] ?? NaN);
    const refused = res.onaji.reduce((n, r) => n + r.refused, 0);
    const three = (k: keyof typeof res) => `${spread(ack(k, 'p50'))} / ${spread(ack(k, 'p99'))} / ${spread(ack(k, 'max'), 1)}`;
    return [
      row({
        id: 'P3',
        name: 'ack p99, durable op log, 20 clients, 1,000 ops/s',
        value: best(ack('onaji', 'p99')),
        unit: 'ms',
        baseline: best(ack('sio', 'p99')),
        goal: atMost(10, 'ms'),
        note:
          `baseline: the same load acknowledged by the socket.io relay (no storage); best of ${res.onaji.length} rounds; ack p50 / p99 / max ms as median (range) of rounds: ` +
          `onaji ${three('onaji')}; onaji without disk ${three('onajiNoDisk')}; socket.io relay ${three('sio')}; ` +
          `${res.onaji.length} rounds × ${res.onaji[0]?.measuredOps ?? 0} ops; refused ${refused}; ${contentionNote(res)}`,
      }),
    ];
  },
};
