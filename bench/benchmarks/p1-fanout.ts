import { contentionNote, fanoutRounds, lost } from '../lib/rounds.js';
import { best, spread } from '../lib/stats.js';
import { atMostTimesBaseline, row, type Benchmark } from '../lib/types.js';

/** P1: one participant drags a note while 49 others watch: how late does each of them see it? */
export const p1: Benchmark = {
  id: 'P1',
  name: 'fan-out latency, 50 clients, one dragging at 60 ops/s',
  budgetMs: { quick: 90_000, full: 420_000 },
  async run(opts) {
    const spec = { clients: 50, senders: 1, ratePerSec: 60, warmupMs: opts.quick ? 1_000 : 2_000, measureMs: opts.quick ? 2_000 : 6_000 };
    const res = await fanoutRounds('P1', opts, ['ws', 'onaji', 'onajiNoDisk', 'sio'], spec);
    const q = (k: keyof typeof res, p: 'p50' | 'p99') => res[k].map((r) => r.delivery[p]);
    const both = (k: keyof typeof res) => `${spread(q(k, 'p50'))} / ${spread(q(k, 'p99'))}`;
    return [
      row({
        id: 'P1',
        name: 'fan-out p99, 50 clients, 1 dragging at 60 ops/s',
        value: best(q('onaji', 'p99')),
        unit: 'ms',
        baseline: best(q('ws', 'p99')),
        goal: atMostTimesBaseline(1.5, 'raw ws relay'),
        note:
          `best of ${res.onaji.length} rounds; p50 / p99 ms as median (range) of rounds: onaji ${both('onaji')}; onaji without disk ${both('onajiNoDisk')}; ws relay ${both('ws')}` +
          (res.sio.length ? `; socket.io relay ${both('sio')}` : '') +
          `; ${res.onaji.length} rounds × ${res.onaji[0]?.measuredOps ?? 0} ops × 49 receivers; lost deliveries onaji ${lost(res.onaji)}, ws ${lost(res.ws)}; ops refused ${res.onaji.reduce((n, r) => n + r.refused, 0)}; ${contentionNote(res)}`,
      }),
    ];
  },
};
