import { asGenerator } from '../lib/children.js';
import { runForum, runRelay, type Delivery, type ForumSpec, type Latency } from '../lib/forum-script.js';
import { atMost, row, type Benchmark, type Goal } from '../lib/types.js';

const atLeast = (limit: number, unit: string): Goal => ({ text: `≥ ${limit} ${unit}`, check: (v) => v >= limit });
const flag = (name: string) => !!process.env[name] && process.env[name] !== '0';

/**
 * BENCH_FORUM_LEGACY=1 (or FORUM_LEGACY=1): everybody joins as clients did before the large-room
 * fields (RM1, RM3, J7), so the same server code gives the figures from before them.
 * BENCH_FORUM_PARTICIPANTS=N: a smaller room, to try the script out.
 */
const legacy = flag('BENCH_FORUM_LEGACY') || flag('FORUM_LEGACY');
const participants = Number(process.env.BENCH_FORUM_PARTICIPANTS) || 300;

/**
 * P10: a 300-person citizens' forum on one board (one server process; 300 participants, a
 * facilitator and the projector, spread over three generator processes): op acks and pointer
 * delivery while 30 pointers move at 10/s, the server's longest stall at the reveal and at the end
 * of a hidden round, bytes to clients while everybody joins, server CPU while the pointers move.
 * Baseline: the bare Socket.IO relay carrying the same pointers and moves to as many sockets.
 */
export const p10: Benchmark = {
  id: 'P10',
  name: '300-person forum on one board',
  budgetMs: { quick: 180_000, full: 600_000 },
  async run(opts) {
    const spec: ForumSpec = {
      participants,
      processes: 3,
      pointers: 30,
      pointerHz: 10,
      editors: 30,
      editHz: 1,
      notesEach: 2,
      votesEach: 3,
      editMs: opts.quick ? 8_000 : 25_000,
      voteMs: opts.quick ? 7_000 : 20_000,
      joinRound: 30,
      legacy,
      profileAs: opts.profile ? `P10-forum${legacy ? '-legacy' : ''}` : undefined,
      log: opts.log,
    };
    const { forum, relay } = await asGenerator(async () => {
      opts.log(`  P10 forum, ${participants} participants${legacy ? ', joining the old way' : ''}`);
      const forum = await runForum(spec);
      opts.log('  P10 baseline: the bare socket.io relay');
      const relay = await runRelay(spec);
      return { forum, relay };
    });

    const how = legacy ? ' (old joins)' : '';
    const people = `${participants} + facilitator + projector`;
    const lat = (l: Latency) => `p50 ${l.p50} / p99 ${l.p99} / max ${l.max} ms over ${l.count}${l.refused ? `, ${l.refused} refused ${JSON.stringify(l.codes)}` : ''}${l.unanswered ? `, ${l.unanswered} never answered` : ''}`;
    const pct = (d: Delivery) => (100 * d.received) / Math.max(1, d.expected);
    const deliveryNote = (d: Delivery) =>
      d.mode === 'batches'
        ? `${d.received} of ${d.flushed} flushed batches × sockets that asked (${d.expected})`
        : `${d.received} of ${d.expected} pointer messages (sent × other sockets)`;
    const age = (d: Delivery) => `age of a position when drawn p50 ${d.age.p50} / p99 ${d.age.p99} / max ${d.age.max} ms`;
    const { window: w, health: h } = forum;
    const correctness =
      `${forum.joinRefused} joins refused${forum.joinErrors.length ? ` (${forum.joinErrors.join(', ')})` : ''}, ${h.gaps} seq gaps, ${h.dropped} sockets dropped (${h.byes} bye), ` +
      `${forum.votesAcked} votes acked / ${forum.results.votes} on the results page (HTTP ${forum.results.status}, ${forum.results.ms.toFixed(0)} ms, ${(forum.results.bytes / 1024).toFixed(0)} KiB)`;
    const shares = `server core taken by other processes ${w.others === null ? 'n/a' : `${(w.others * 100).toFixed(0)} %`}; generator processes ${(w.generatorShare * 100).toFixed(0)} % of a core (relay run ${(relay.window.generatorShare * 100).toFixed(0)} %)`;

    return [
      row({
        id: 'P10',
        name: `note.move ack p99, ${people}, 30 pointers at 10/s${how}`,
        value: forum.move.p99,
        unit: 'ms',
        baseline: relay.ack.p99,
        goal: atMost(50, 'ms'),
        note: `note.move ${lat(forum.move)}; note.update ${lat(forum.update)}; baseline: the socket.io relay acking the same moves, ${lat(relay.ack)}; ${correctness}`,
      }),
      row({
        id: 'P10',
        name: `vote.add ack p99, hidden round, 30 pointers at 10/s${how}`,
        value: forum.vote.p99,
        unit: 'ms',
        baseline: relay.ack.p99,
        goal: atMost(50, 'ms'),
        note: `vote.add ${lat(forum.vote)} (${spec.votesEach} each within ${spec.voteMs / 1000} s); baseline: the relay's move ack p99`,
      }),
      row({
        id: 'P10',
        name: `pointer delivery, 30 pointers at 10/s to ${forum.sockets} sockets${how}`,
        value: pct(forum.pointers),
        unit: '%',
        baseline: pct(relay.pointers),
        goal: atLeast(99, '%'),
        note: `${deliveryNote(forum.pointers)}, ${age(forum.pointers)}; baseline: the relay, ${deliveryNote(relay.pointers)}, ${age(relay.pointers)}`,
      }),
      row({
        id: 'P10',
        name: `longest server stall at the reveal (private writing off, ${participants * spec.notesEach} notes)${how}`,
        value: forum.reveal.stallMs,
        unit: 'ms',
        baseline: null,
        goal: atMost(100, 'ms'),
        note: `event-loop delay max (perf_hooks, 10 ms resolution); ${forum.reveal.resets}/${forum.reveal.sockets} screens had their reset ${forum.reveal.lastResetMs.toFixed(0)} ms after the op was sent`,
      }),
      row({
        id: 'P10',
        name: `longest server stall at voting.end (hidden round)${how}`,
        value: forum.votingEnd.stallMs,
        unit: 'ms',
        baseline: null,
        goal: atMost(100, 'ms'),
        note: `${forum.votingEnd.resets}/${forum.votingEnd.sockets} screens had their reset ${forum.votingEnd.lastResetMs.toFixed(0)} ms after the op was sent`,
      }),
      row({
        id: 'P10',
        name: `bytes to all clients while ${participants} join${how}`,
        value: forum.joinBytes / 1e6,
        unit: 'MB',
        baseline: null,
        goal: atMost(50, 'MB'),
        note: `${(forum.joinBytes / 1e6 / participants).toFixed(3)} MB per participant; joined in rounds of ${spec.joinRound} in ${(forum.joinMs / 1000).toFixed(1)} s; every WebSocket frame counted until the board was quiet`,
      }),
      row({
        id: 'P10',
        name: `server CPU while 30 pointers move (edits, then a hidden round)${how}`,
        value: w.cpuShare * 100,
        unit: '% of a core',
        baseline: relay.window.cpuShare * 100,
        goal: atMost(50, '% of a core'),
        note: `${(w.wallMs / 1000).toFixed(1)} s window; baseline: the relay carrying the same pointers and moves; ${shares}`,
      }),
    ];
  },
};
