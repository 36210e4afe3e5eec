import { connectSockets, nowAbs, type ForumSocket } from './forum-socket.js';
import { Histogram } from './forum-histogram.js';
import { noteText, opId } from './onaji.js';
import { sleep } from './stats.js';

/**
 * The people at a forum who share one process: each a ForumSocket that joins, writes, moves notes,
 * points and votes as the script says, and counts what reaches it (bytes, `seq` gaps, resets,
 * pointer messages and batches with their age). A generator child holds about a hundred of
 * these (forum-load.ts); the bench process holds the facilitator and the projector.
 *
 * `relay` is the same crowd at the bare Socket.IO relay (bench/servers/sio-relay.ts): pointers go
 * out as `cursor` and moves as its `op`, so it carries the same load with nothing of ours.
 */
export type Target = 'onaji' | 'relay';
/** Legacy: joins the way clients did before the large-room fields (per-message `cursor`, whole `participants` lists, plain JSON boards and resets). */
export type Style = { target: Target; legacy: boolean };
export type Who = { kind: 'participant'; g: number } | { kind: 'facilitator'; key: string } | { kind: 'projector' };

const AFFILIATIONS = ['citizen', 'npo', 'community', 'company', 'government', 'school', 'other'] as const;

/** What every joiner asks for unless it joins the old way (RM1, RM3, J7, RM6). */
const LARGE_ROOM = { pointers: 'batched', presence: 'delta', encoding: 'gzip', resets: 'gzip' } as const;

/** The ids a participant gives its notes: everybody can name everybody's notes without reading the board. */
export const noteId = (g: number, j: number) => `n_${g}_${j}`;

type Member = { who: Who; s: ForumSocket; id: string; joined: boolean; lastSeq: number };
type AckKind = 'add' | 'move' | 'update' | 'vote' | 'relay';
type Ack = { ok?: boolean; seq?: number; error?: { code?: string } };

/** Ack times of one kind of op; `sent` − acked − refused were never answered. */
export type AckLog = { sent: number; ms: number[]; refused: number; codes: Record<string, number> };
export type PointerReport = {
  /** Positions sent by this crowd's pointer senders. */
  sent: number;
  /** Per-message pointers received (`cursor`). */
  messages: number;
  /** Each distinct `cursors` batch text with how many of this crowd's sockets received it. */
  batches: [text: string, receivers: number][];
  /** Sockets here on the board, and those of them that asked for batches. */
  receivers: number;
  batchSockets: number;
  /** Age of each position received (now − when it was sent), per message or per batch entry. */
  ages: number[];
  acks: Record<AckKind, AckLog>;
  /** This process's CPU time over the window, µs, and the window in ms. */
  cpuUs: number;
  wallMs: number;
};
export type Health = { sockets: number; dropped: number; byes: number; gaps: number };

const SEQ_AT_OP = '42["op",{"seq":'.length;
const SEQ_AT_RESET = '42["reset",{"seq":'.length;
const seqAt = (frame: string, at: number) => parseInt(frame.slice(at, at + 12), 10);

export class ForumCrowd {
  private members: Member[] = [];
  private counting = false;
  private messages = 0;
  private batchTexts = new Map<string, number>();
  private ages = new Histogram();
  private acks = emptyAcks();
  private sent = 0;
  private gaps = 0;
  private resets = 0;
  private lastResetAt = 0;
  private timers: NodeJS.Timeout[] = [];
  private editTimers: NodeJS.Timeout[] = [];
  private t0 = 0;
  private cpu0 = process.cpuUsage();
  private wall0 = 0;

  constructor(private readonly style: Style) {}

  async connect(port: number, who: Who[]) {
    const sockets = await connectSockets(port, who.length);
    sockets.forEach((s, i) => this.members.push(this.listen({ who: who[i]!, s, id: '', joined: false, lastSeq: -1 })));
  }

  private listen(m: Member): Member {
    const { s } = m;
    s.on('cursor', (f, at) => {
      if (this.counting) this.pointerMessage(f, at);
    });
    if (this.style.target === 'relay') return m;
    s.on('op', (f) => {
      const seq = seqAt(f, SEQ_AT_OP);
      if (m.lastSeq >= 0 && seq > m.lastSeq + 1) this.gaps++;
      m.lastSeq = Math.max(m.lastSeq, seq);
    });
    s.on('reset', (f, at) => {
      m.lastSeq = seqAt(f, SEQ_AT_RESET);
      this.resets++;
      this.lastResetAt = at;
    });
    s.on('cursors', (f, at) => {
      if (!this.counting) return;
      this.batchTexts.set(f, (this.batchTexts.get(f) ?? 0) + 1);
      const { list } = (JSON.parse(f.slice(2)) as [string, { list: [string, number, number][] }])[1];
      for (const [, x] of list) this.ages.add(at - (this.t0 + x));
    });
    return m;
  }

  /** `…"x":<ms since the window opened>,…`: the age of a per-message pointer. */
  private pointerMessage(f: string, at: number) {
    this.messages++;
    const i = f.indexOf('"x":');
    this.ages.add(at - (this.t0 + parseInt(f.slice(i + 4, i + 20), 10)));
  }

  /** Bytes every socket here has received so far. */
  received() {
    return this.members.reduce((n, m) => n + m.s.bytes, 0);
  }

  /** Join everybody given (participant indices, or all of this crowd), all at once; refusals are counted, not thrown. */
  async join(boardId: string, gs?: number[]): Promise<{ refused: number; errors: string[] }> {
    const chosen = this.members.filter((m) => !gs || (m.who.kind === 'participant' && gs.includes(m.who.g)));
    const errors: string[] = [];
    await Promise.all(
      chosen.map(async (m) => {
        try {
          if (this.style.target === 'relay') {
            await m.s.request('join', 'board');
            m.joined = true;
            return;
          }
          const { value } = await m.s.request<Ack & { you?: { id: string } }>('join', this.joinRequest(boardId, m.who));
          if (!value.ok || !value.you) return void errors.push(value.error?.code ?? 'refused');
          m.id = value.you.id;
          m.joined = true;
          // An entry may overtake a plain answer by a turn; the answer's board is no newer than it.
          m.lastSeq = Math.max(m.lastSeq, value.seq ?? -1);
        } catch (e) {
          errors.push(String(e instanceof Error ? e.message : e));
        }
      }),
    );
    return { refused: errors.length, errors: [...new Set(errors)] };
  }

  private joinRequest(boardId: string, who: Who) {
    const asked = this.style.legacy ? {} : LARGE_ROOM;
    if (who.kind === 'projector') return { boardId, name: 'プロジェクター', projector: true, ...asked, ...(this.style.legacy ? {} : { pointers: 'none' }) };
    if (who.kind === 'facilitator') return { boardId, name: 'ファシリテーター', facilitatorKey: who.key, ...asked };
    return { boardId, name: `参加者 ${who.g + 1}`, affiliation: AFFILIATIONS[who.g % AFFILIATIONS.length], ...asked };
  }

  /** Send one op from the facilitator (or whoever is first here) and wait for its ack. */
  async send(op: Record<string, unknown>): Promise<{ sentAt: number; ackAt: number; ack: Ack }> {
    const sentAt = nowAbs();
    const { value, at } = await this.members[0]!.s.request<Ack>('op', { opId: opId('fac'), ...op });
    return { sentAt, ackAt: at, ack: value };
  }

  private op(m: Member, kind: AckKind, op: Record<string, unknown>, done?: () => void) {
    const sentAt = nowAbs();
    const log = this.acks[kind];
    log.sent++;
    m.s.emitWithAck('op', op, (json, at) => {
      const a = (JSON.parse(json) as Ack[])[0];
      if (a?.ok === false) {
        log.refused++;
        const code = a.error?.code ?? '?';
        log.codes[code] = (log.codes[code] ?? 0) + 1;
      } else log.ms.push(at - sentAt);
      done?.();
    });
  }

  /** Every participant here adds `each` notes, at random moments within `spreadMs`; resolves when all are acknowledged. */
  async addNotes(each: number, spreadMs: number): Promise<AckLog> {
    this.acks.add = emptyLog();
    await this.spread(each, spreadMs, (m, j) => {
      const g = (m.who as { g: number }).g;
      return (done) =>
        this.op(m, 'add', { opId: opId('add'), type: 'note.add', note: { id: noteId(g, j), text: noteText(g * each + j), x: (g % 20) * 220, y: Math.floor(g / 20) * 340 + j * 160 } }, done);
    });
    return this.acks.add;
  }

  /** Every participant here puts `each` dots on notes of others, at random moments within `spreadMs`. */
  async vote(each: number, spreadMs: number, participants: number): Promise<void> {
    await this.spread(each, spreadMs, (m) => (done) => this.op(m, 'vote', { opId: opId('vote'), type: 'vote.add', noteId: randomNote(participants) }, done));
  }

  /** Resolves when every op was answered, or 30 s after the last was due (a missing answer is counted, not waited for). */
  private spread(each: number, spreadMs: number, make: (m: Member, j: number) => (done: () => void) => void) {
    const people = this.joined().filter((m) => m.who.kind === 'participant');
    let left = people.length * each;
    if (left === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      setTimeout(resolve, spreadMs + 30_000);
      const done = () => --left === 0 && resolve();
      for (const m of people) for (let j = 0; j < each; j++) setTimeout(make(m, j), Math.random() * spreadMs, done);
    });
  }

  /**
   * Open the measuring window: `pointers` participants move their pointer `hz` times a second, and
   * `editors` move (three in four) or retype (one in four) a random note `editHz` times a second each.
   */
  start(o: { t0: number; pointers: number[]; hz: number; editors: number[]; editHz: number; participants: number }) {
    this.t0 = o.t0;
    this.counting = true;
    this.messages = 0;
    this.sent = 0;
    this.batchTexts.clear();
    this.ages = new Histogram();
    this.acks = emptyAcks();
    this.cpu0 = process.cpuUsage();
    this.wall0 = nowAbs();
    const relay = this.style.target === 'relay';
    for (const m of this.joined()) {
      if (m.who.kind !== 'participant') continue;
      const g = m.who.g;
      if (o.pointers.includes(g)) {
        const point = () => {
          const at = { x: Math.round(nowAbs() - this.t0), y: g };
          this.sent++;
          m.s.emit('cursor', at);
        };
        // Every process counts from the call on, and nobody points before `t0`: a batch flushed
        // while one process was still being told to count would be missed there only.
        const period = 1000 / o.hz;
        this.timers.push(setTimeout(() => this.timers.push(setInterval(point, period)), Math.max(0, o.t0 - nowAbs()) + Math.random() * period));
      }
      if (o.editors.includes(g)) {
        let k = 0;
        const edit = () => {
          const id = randomNote(o.participants);
          const move = { id, x: Math.round(Math.random() * 4000), y: Math.round(Math.random() * 3000) };
          if (relay) this.op(m, 'relay', { m: 1, opId: opId('mv'), type: 'note.move', moves: [move] });
          else if (k++ % 4 === 3) this.op(m, 'update', { opId: opId('ed'), type: 'note.update', id, patch: { text: `${noteText(k)}（追記）` } });
          else this.op(m, 'move', { opId: opId('mv'), type: 'note.move', moves: [move] });
        };
        const period = 1000 / o.editHz;
        this.editTimers.push(setTimeout(() => this.editTimers.push(setInterval(edit, period)), Math.max(0, o.t0 - nowAbs()) + Math.random() * period));
      }
    }
  }

  stopEdits() {
    for (const t of this.editTimers.splice(0)) clearInterval(t);
  }

  /** Stop pointing and editing, wait `drainMs` for what is on its way, and report the window (with the acks answered so far). */
  async stop(drainMs: number): Promise<PointerReport> {
    this.stopEdits();
    for (const t of this.timers.splice(0)) clearInterval(t);
    const cpu = process.cpuUsage(this.cpu0);
    const wallMs = nowAbs() - this.wall0;
    await sleep(drainMs);
    this.counting = false;
    const ages: number[] = this.ages.bins;
    return {
      sent: this.sent,
      messages: this.messages,
      batches: [...this.batchTexts],
      receivers: this.joined().length,
      batchSockets: this.joined().filter((m) => m.who.kind !== 'projector' || this.style.legacy).length,
      ages,
      acks: this.acks,
      cpuUs: cpu.user + cpu.system,
      wallMs,
    };
  }

  /** Ack times so far, for ops still being answered after the window closed (a hidden round's votes). */
  ackLogs() {
    return this.acks;
  }

  /** Count resets from now on (a reveal, the end of a hidden round). */
  armResets() {
    this.resets = 0;
    this.lastResetAt = 0;
  }

  resetsSeen() {
    return { count: this.resets, lastAt: this.lastResetAt, sockets: this.joined().length };
  }

  private joined() {
    return this.members.filter((m) => m.joined);
  }

  health(): Health {
    return {
      sockets: this.members.length,
      dropped: this.members.filter((m) => m.s.dropped).length,
      byes: this.members.reduce((n, m) => n + m.s.byes, 0),
      gaps: this.gaps,
    };
  }

  close() {
    for (const t of [...this.timers, ...this.editTimers]) clearInterval(t);
    for (const m of this.members) m.s.close();
  }
}

const randomNote = (participants: number) => noteId(Math.floor(Math.random() * participants), Math.random() < 0.5 ? 0 : 1);

const emptyLog = (): AckLog => ({ sent: 0, ms: [], refused: 0, codes: {} });
const emptyAcks = (): Record<AckKind, AckLog> => ({ add: emptyLog(), move: emptyLog(), update: emptyLog(), vote: emptyLog(), relay: emptyLog() });
