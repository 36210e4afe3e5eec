import { readFileSync } from 'node:fs';
import { startServer, type ServerChild } from './children.js';
import { coreTimes, othersOnServerCore } from './contention.js';
import { ForumCrowd, type AckLog, type Health, type PointerReport, type Who } from './forum-crowd.js';
import { Histogram } from './forum-histogram.js';
import { startPool, type Pool } from './forum-pool.js';
import { nowAbs } from './forum-socket.js';
import { createBoard } from './onaji.js';
import { quantile, sleep } from './stats.js';

/**
 * A citizens' forum on one board, scripted as it happens in a hall: everybody joins (in rounds),
 * writes two notes in private, the facilitator reveals them, people rearrange notes while thirty of
 * them wave their pointers, a hidden vote, its end, the results page. The same pointer and move
 * load then goes through the bare Socket.IO relay to the same number of sockets, the baseline.
 */
export type ForumSpec = {
  participants: number;
  /** Generator processes the participants are spread over. */
  processes: number;
  pointers: number;
  pointerHz: number;
  editors: number;
  editHz: number;
  notesEach: number;
  votesEach: number;
  /** How long people edit with pointers moving, then how long the hidden round lasts (pointers still moving). */
  editMs: number;
  voteMs: number;
  joinRound: number;
  legacy: boolean;
  profileAs?: string;
  log: (msg: string) => void;
};

export type Latency = { count: number; p50: number; p99: number; max: number; refused: number; unanswered: number; codes: Record<string, number> };
export type Delivery = {
  /** `batches` when the server sent `cursors` (RM1), else per-message `cursor`s. */
  mode: 'batches' | 'messages';
  received: number;
  expected: number;
  age: { p50: number; p99: number; max: number };
  /** Batches only: the distinct batches any socket received, each one flush of the board. */
  flushed?: number;
};
/** The longest server stall while every screen got its new view, when the last one had it, and the bytes that took. */
export type Reset = { stallMs: number; lastResetMs: number; resets: number; sockets: number; bytes: number };
/**
 * The measuring window: the server's CPU, other processes' share of its core, how long the server's
 * main thread was ready to run but waited for the core (/proc/<pid>/schedstat), all as shares of the
 * window; the generators' CPU as a share of one core; the server's event-loop delay over it.
 */
export type Window = { cpuShare: number; others: number | null; waited: number | null; generatorShare: number; wallMs: number; loop: { maxMs: number; p99Ms: number } };

export type ForumResult = {
  sockets: number;
  joinRefused: number;
  joinErrors: string[];
  joinMs: number;
  joinBytes: number;
  notes: Latency;
  reveal: Reset;
  votingEnd: Reset;
  window: Window;
  move: Latency;
  update: Latency;
  vote: Latency;
  pointers: Delivery;
  results: { status: number; ms: number; bytes: number; votes: number };
  votesAcked: number;
  health: Health;
};

export type RelayResult = { sockets: number; window: Window; ack: Latency; pointers: Delivery };

const participantsOf = (spec: { participants: number }, pool: Pool, i: number): Who[] =>
  Array.from({ length: spec.participants }, (_, g) => g)
    .filter((g) => g % pool.size === i)
    .map((g) => ({ kind: 'participant', g }));

export async function runForum(spec: ForumSpec): Promise<ForumResult> {
  const style = { target: 'onaji', legacy: spec.legacy } as const;
  const server = await startServer('onaji');
  const pool = await startPool(spec.processes, style);
  const desk = new ForumCrowd(style);
  try {
    const board = await createBoard(server.url, '市民フォーラム');
    await Promise.all([pool.each('connect', (i) => [server.port, participantsOf(spec, pool, i)] as const), desk.connect(server.port, [{ kind: 'facilitator', key: board.facilitatorKey }, { kind: 'projector' }])]);
    const sockets = spec.participants + 2;
    const deskJoin = await desk.join(board.id);
    if (deskJoin.refused) throw new Error(`the facilitator or the projector could not join: ${deskJoin.errors.join(', ')}`);

    // (a) Everybody joins, a round at a time; every byte any socket receives until the board is quiet counts.
    const bytes = () => bytesOf(pool, desk);
    const bytes0 = await bytes();
    const joinStart = performance.now();
    let joinRefused = 0;
    const joinErrors = new Set<string>();
    for (let g = 0; g < spec.participants; g += spec.joinRound) {
      const round = Array.from({ length: Math.min(spec.joinRound, spec.participants - g) }, (_, j) => g + j);
      for (const r of await pool.all('join', board.id, round)) {
        joinRefused += r.refused;
        r.errors.forEach((e) => joinErrors.add(e));
      }
    }
    const joinMs = performance.now() - joinStart;
    const joinBytes = (await quiet(bytes)) - bytes0;
    spec.log(`  ${spec.participants} joined in ${(joinMs / 1000).toFixed(1)} s (${joinRefused} refused), ${(joinBytes / 1e6).toFixed(1)} MB to clients`);

    // (b) Private writing: two notes each.
    await desk.send({ type: 'writing.private', on: true });
    await calm(server);
    const notes = latency(await pool.all('addNotes', spec.notesEach, 4_000));
    spec.log(`  ${spec.participants * spec.notesEach - notes.refused} notes written in private, ack p50 ${notes.p50.toFixed(0)} p99 ${notes.p99.toFixed(0)} ms`);

    // (c) The reveal: every screen gets its new view at once.
    const reveal = await everybodyReset(server, pool, desk, { type: 'writing.private', on: false });
    spec.log(`  reveal: longest stall ${reveal.stallMs.toFixed(0)} ms, last screen updated after ${reveal.lastResetMs.toFixed(0)} ms (${reveal.resets}/${reveal.sockets} resets, ${(reveal.bytes / 1e6).toFixed(1)} MB)`);

    // (d) Edits with pointers moving, then (e) a hidden round, pointers still moving.
    await calm(server);
    const pointers = Array.from({ length: spec.pointers }, (_, g) => g);
    const editors = Array.from({ length: spec.editors }, (_, g) => spec.pointers + g);
    const window0 = await openWindow(server, spec.profileAs);
    const t0 = nowAbs() + 300;
    const load = { t0, pointers, hz: spec.pointerHz, editors, editHz: spec.editHz, participants: spec.participants };
    await Promise.all([pool.all('start', load), desk.start(load)]);
    spec.log(`  ${spec.pointers} pointers at ${spec.pointerHz}/s, ${spec.editors} people editing`);
    await sleep(spec.editMs + 300);
    await pool.all('stopEdits');
    const opened = await desk.send({ type: 'voting.start', budget: spec.votesEach, hidden: true });
    if (opened.ack.ok === false) throw new Error(`voting.start refused: ${JSON.stringify(opened.ack)}`);
    spec.log('  a hidden round: everybody votes');
    // The window is as long as the round is meant to last; votes a slow server answers later still count.
    const voted = pool.all('vote', spec.votesEach, spec.voteMs, spec.participants);
    await sleep(spec.voteMs);
    const window = await closeWindow(server, window0, spec.profileAs, spec.log);
    const reports = [...(await pool.all('stop', 1_000)), await desk.stop(0)];
    await voted;
    const logs = await pool.all('ackLogs');
    const acks = (k: keyof PointerReport['acks']) => latency(logs.map((l) => l[k]));
    const move = acks('move');
    const vote = acks('vote');
    const delivery = pointerDelivery(reports);
    window.generatorShare = reports.reduce((n, r) => n + r.cpuUs / 1000 / r.wallMs, 0);
    spec.log(
      `  pointer window ${(window.wallMs / 1000).toFixed(1)} s: server CPU ${(window.cpuShare * 100).toFixed(0)} %, others on its core ${share(window.others)}, server waiting for its core ${share(window.waited)}, event-loop delay p99 ${window.loop.p99Ms.toFixed(0)} max ${window.loop.maxMs.toFixed(0)} ms, generators ${share(window.generatorShare)}, note.move ack p50 ${move.p50} p99 ${move.p99} ms, ` +
        `vote.add ack p50 ${vote.p50} p99 ${vote.p99} ms, pointers ${delivery.received}/${delivery.expected} ${delivery.mode}`,
    );

    // The hidden round ends: every screen gets the dots at once.
    const votingEnd = await everybodyReset(server, pool, desk, { type: 'voting.end' });
    spec.log(`  voting.end: longest stall ${votingEnd.stallMs.toFixed(0)} ms, last screen updated after ${votingEnd.lastResetMs.toFixed(0)} ms (${votingEnd.resets}/${votingEnd.sockets} resets, ${(votingEnd.bytes / 1e6).toFixed(1)} MB)`);

    // (f) The results page.
    const r0 = performance.now();
    const res = await fetch(`${server.url}/api/boards/${board.id}/results`);
    const text = await res.text();
    const results = { status: res.status, ms: performance.now() - r0, bytes: Buffer.byteLength(text), votes: res.ok ? votesIn(text) : 0 };

    const healths = [...(await pool.all('health')), desk.health()];
    const health = healths.reduce((a, h) => ({ sockets: a.sockets + h.sockets, dropped: a.dropped + h.dropped, byes: a.byes + h.byes, gaps: a.gaps + h.gaps }));
    return {
      sockets,
      joinRefused,
      joinErrors: [...joinErrors],
      joinMs,
      joinBytes,
      notes,
      reveal,
      votingEnd,
      window,
      move,
      update: acks('update'),
      vote,
      pointers: delivery,
      results,
      votesAcked: vote.count,
      health,
    };
  } finally {
    desk.close();
    pool.close();
    await server.stop();
  }
}

/** The bare Socket.IO relay with the same sockets, the same pointers and the same moves. */
export async function runRelay(spec: ForumSpec): Promise<RelayResult> {
  const style = { target: 'relay', legacy: true } as const;
  const server = await startServer('sio-relay');
  const pool = await startPool(spec.processes, style);
  const desk = new ForumCrowd(style);
  try {
    await Promise.all([pool.each('connect', (i) => [server.port, participantsOf(spec, pool, i)] as const), desk.connect(server.port, [{ kind: 'projector' }, { kind: 'projector' }])]);
    await Promise.all([pool.all('join', 'board'), desk.join('board')]);
    const sockets = spec.participants + 2;
    await calm(server);
    const pointers = Array.from({ length: spec.pointers }, (_, g) => g);
    const editors = Array.from({ length: spec.editors }, (_, g) => spec.pointers + g);
    const window0 = await openWindow(server);
    const t0 = nowAbs() + 300;
    const load = { t0, pointers, hz: spec.pointerHz, editors, editHz: spec.editHz, participants: spec.participants };
    await Promise.all([pool.all('start', load), desk.start(load)]);
    await sleep(spec.editMs + spec.voteMs + 300);
    const window = await closeWindow(server, window0, undefined, spec.log);
    const reports = [...(await pool.all('stop', 1_000)), await desk.stop(0)];
    window.generatorShare = reports.reduce((n, r) => n + r.cpuUs / 1000 / r.wallMs, 0);
    const ack = latency(reports.map((r) => r.acks.relay));
    const pointersDelivered = pointerDelivery(reports);
    spec.log(
      `  relay window ${(window.wallMs / 1000).toFixed(1)} s: server CPU ${(window.cpuShare * 100).toFixed(0)} %, others on its core ${share(window.others)}, server waiting for its core ${share(window.waited)}, generators ${share(window.generatorShare)}, move ack p50 ${ack.p50} p99 ${ack.p99} ms, ` +
        `pointers ${pointersDelivered.received}/${pointersDelivered.expected}`,
    );
    return { sockets, window, ack, pointers: pointersDelivered };
  } finally {
    desk.close();
    pool.close();
    await server.stop();
  }
}

const share = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(0)} %`);

/**
 * Wait (at most 10 s) until the server is idle, so that what a phase left queued is not charged to
 * the next; an old server that never catches up is measured as it is.
 */
async function calm(server: ServerChild) {
  const start = performance.now();
  let last = await server.stats();
  while (performance.now() - start < 10_000) {
    await sleep(250);
    const now = await server.stats();
    const usedUs = now.cpu.user + now.cpu.system - last.cpu.user - last.cpu.system;
    last = now;
    if (usedUs < 25_000) return;
  }
}

type Opened = { cpuUs: number; core: ReturnType<typeof coreTimes>; waitNs: number | null; at: number };

/** Nanoseconds the main thread of `pid` has spent runnable but not running. */
function runQueueNs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

async function openWindow(server: ServerChild, profileAs?: string): Promise<Opened> {
  if (profileAs) await server.profileStart();
  const s = await server.stats({ resetLoop: true });
  return { cpuUs: s.cpu.user + s.cpu.system, core: coreTimes(), waitNs: runQueueNs(server.pid), at: performance.now() };
}

async function closeWindow(server: ServerChild, w: Opened, profileAs: string | undefined, log: (m: string) => void): Promise<Window> {
  const s = await server.stats();
  const wallMs = performance.now() - w.at;
  const cpuUs = s.cpu.user + s.cpu.system - w.cpuUs;
  if (profileAs) log(`  profile: ${await server.profileStop(profileAs)}`);
  const waitNs = runQueueNs(server.pid);
  const waited = w.waitNs === null || waitNs === null ? null : (waitNs - w.waitNs) / 1e6 / wallMs;
  return { cpuShare: cpuUs / 1000 / wallMs, others: othersOnServerCore(w.core, cpuUs), waited, generatorShare: NaN, wallMs, loop: s.loop };
}

/**
 * The facilitator sends `op`, which changes what every screen may see; wait until every socket
 * has its `reset`, and read the longest event-loop stall of the server meanwhile.
 */
async function everybodyReset(server: ServerChild, pool: Pool, desk: ForumCrowd, op: Record<string, unknown>) {
  await calm(server);
  await server.stats({ resetLoop: true });
  await pool.all('armResets');
  desk.armResets();
  const bytes0 = await bytesOf(pool, desk);
  const { sentAt, ack } = await desk.send(op);
  if (ack.ok === false) throw new Error(`${String(op.type)} refused: ${JSON.stringify(ack)}`);
  const seen = async () => [...(await pool.all('resetsSeen')), desk.resetsSeen()];
  let last = await seen();
  const joined = last.reduce((n, r) => n + r.sockets, 0);
  // Every screen, or nothing new for 5 s (a screen whose view did not change may get none), at most 60 s.
  const count = () => last.reduce((n, r) => n + r.count, 0);
  const start = performance.now();
  let moved = start;
  while (count() < joined && performance.now() - start < 60_000 && performance.now() - moved < 5_000) {
    await sleep(100);
    const before = count();
    last = await seen();
    if (count() !== before) moved = performance.now();
  }
  await sleep(200);
  const { loop } = await server.stats();
  const lastAt = Math.max(...last.map((r) => r.lastAt));
  const bytes = (await bytesOf(pool, desk)) - bytes0;
  return { stallMs: loop.maxMs, lastResetMs: lastAt - sentAt, resets: last.reduce((n, r) => n + r.count, 0), sockets: joined, bytes };
}

const bytesOf = async (pool: Pool, desk: ForumCrowd) => (await pool.all('received')).reduce((a, b) => a + b, 0) + desk.received();

/** Poll the byte count until it has not moved for 600 ms (at most 60 s); return it. */
async function quiet(count: () => Promise<number>): Promise<number> {
  let last = await count();
  let still = 0;
  const start = performance.now();
  while (still < 3 && performance.now() - start < 60_000) {
    await sleep(200);
    const now = await count();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

function latency(logs: AckLog[]): Latency {
  const ms = logs.flatMap((l) => l.ms).sort((a, b) => a - b);
  const codes: Record<string, number> = {};
  for (const l of logs) for (const [c, n] of Object.entries(l.codes)) codes[c] = (codes[c] ?? 0) + n;
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    count: ms.length,
    p50: r(quantile(ms, 0.5)),
    p99: r(quantile(ms, 0.99)),
    max: r(ms.length ? ms[ms.length - 1]! : NaN),
    refused: logs.reduce((n, l) => n + l.refused, 0),
    unanswered: logs.reduce((n, l) => n + l.sent - l.ms.length - l.refused, 0),
    codes,
  };
}

/**
 * Batches (RM1): each distinct batch any socket received was flushed, and every socket that asked
 * for batches should have received it. Per-message pointers (P2, and the relay): every position
 * sent should reach every other socket.
 */
function pointerDelivery(reports: PointerReport[]): Delivery {
  const ages = new Histogram();
  for (const r of reports) ages.merge({ bins: r.ages });
  const age = { p50: ages.quantile(0.5), p99: ages.quantile(0.99), max: ages.max };
  const flushed = new Set(reports.flatMap((r) => r.batches.map(([text]) => text)));
  if (flushed.size > 0) {
    const received = reports.reduce((n, r) => n + r.batches.reduce((m, [, k]) => m + k, 0), 0);
    const expected = flushed.size * reports.reduce((n, r) => n + r.batchSockets, 0);
    return { mode: 'batches', received, expected, age, flushed: flushed.size };
  }
  const sent = reports.reduce((n, r) => n + r.sent, 0);
  const receivers = reports.reduce((n, r) => n + r.receivers, 0);
  return { mode: 'messages', received: reports.reduce((n, r) => n + r.messages, 0), expected: sent * (receivers - 1), age };
}

/** Dots on the results page: votes[noteId][participantId] = dots. */
function votesIn(text: string): number {
  const { board } = JSON.parse(text) as { board: { votes?: Record<string, Record<string, number>> } };
  return Object.values(board.votes ?? {}).reduce((n, byWho) => n + Object.values(byWho).reduce((a, b) => a + b, 0), 0);
}
