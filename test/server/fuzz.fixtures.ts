import { JoinRequest, CursorMsg } from '../../shared/protocol.js';
import { ClientOp, FACILITATOR_OPS, type OpType } from '../../shared/ops.js';

// The hostile side of the fuzz test: a seeded generator of events no well-behaved client sends,
// each with the outcome the server must give it. Every op it makes is invalid, forbidden or
// refused by the board's state, judged with the shared schemas as the oracle, so that any entry
// a good client receives from an attacker is a real leak, never a lucky valid op.

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the server must answer: an ack with one of these codes, or nothing at all (`none`). */
export type Expect = 'invalid' | 'refused' | 'replay' | 'join-refused' | 'rejoin' | 'none';
export type SocketEvent = { kind: string; event: string; args: unknown[]; expect: Expect };

export type Context = {
  /** Notes and sections of another board, unknown on this one. */
  otherNoteIds: string[];
  otherSectionIds: string[];
  /** Note ids and opIds the good clients have had confirmed (attackers see the broadcasts). */
  goodNoteIds: () => string[];
  goodOpIds: () => string[];
  goodParticipantIds: () => string[];
};

const WEIRD_STRINGS = ['', ' ', 'NaN', 'Infinity', '-Infinity', 'null', 'undefined', '__proto__', 'constructor', 'prototype', 'toString',
  'hasOwnProperty', 'bad id!', '../../etc/passwd', '<script>alert(1)</script>', "=cmd|' /C calc'!A0", '\u0000', '\ud800', '\u202e', '💥'.repeat(40)];

export class Gen {
  readonly r: () => number;
  private n = 0;
  constructor(seed: number, private readonly ctx: Context) {
    this.r = rng(seed);
  }

  int = (n: number) => Math.floor(this.r() * n);
  pick = <T>(xs: readonly T[]): T => xs[this.int(xs.length)]!;
  chance = (p: number) => this.r() < p;
  id = (prefix = 'x') => `${prefix}_${(this.n++).toString(36)}_${this.int(1e9).toString(36)}`;
  opId = () => `fz${this.id('o').replace(/_/g, '')}`.padEnd(10, '0');

  nested(depth: number): unknown {
    let v: unknown = this.chance(0.5) ? 1 : 'x';
    for (let i = 0; i < depth; i++) v = this.chance(0.5) ? [v] : { a: v };
    return v;
  }

  hostileValue(): unknown {
    switch (this.int(10)) {
      case 0: return this.pick([null, true, false, 0, -1, 1e7, -1e7, 1e308, -0.5, 2 ** 53 + 1]);
      case 1: return this.pick(WEIRD_STRINGS);
      case 2: return 'x'.repeat(this.pick([65, 201, 2_001, 20_000]));
      case 3: return this.pick([[], [1, 2], {}, { $gt: '' }, [null]]);
      case 4: return this.nested(10 + this.int(200));
      case 5: return String(this.r() * 1e6);
      case 6: return { ['__proto__']: { polluted: true } };
      case 7: return { constructor: { prototype: { polluted: true } } };
      case 8: return this.pick(['#12345', 'red', '#gggggg', '#ffffff80']);
      default: return this.r() * 1e6 * (this.chance(0.5) ? 1 : -1);
    }
  }

  /** A well-formed op a participant could send (the starting point of an invalid one). */
  participantShape(): Record<string, unknown> {
    const note = () => this.pick([...this.ctx.otherNoteIds, ...this.ctx.goodNoteIds(), this.id('n')]);
    const xy = () => ({ x: this.int(2000) - 1000, y: this.int(2000) - 1000 });
    switch (this.int(6)) {
      case 0: return { type: 'note.add', note: { id: this.id('n'), text: 'x', ...xy() } };
      case 1: return { type: 'note.update', id: note(), patch: { text: 'y', color: '#90caf9' } };
      case 2: return { type: 'note.move', moves: [{ id: note(), ...xy() }, { id: note(), ...xy() }] };
      case 3: return { type: 'note.delete', ids: [note(), note()] };
      case 4: return { type: 'vote.add', noteId: note() };
      default: return { type: 'vote.remove', noteId: note() };
    }
  }

  facilitatorShape(): Record<string, unknown> {
    const good = this.ctx.goodParticipantIds();
    return this.pick<Record<string, unknown>>([
      { type: 'board.update', title: '乗っ取り', locked: true },
      { type: 'board.update', anonymous: true },
      { type: 'voting.start', budget: 20, hidden: true },
      { type: 'voting.end' },
      { type: 'writing.private', on: true },
      { type: 'timer.start', seconds: 1 },
      { type: 'timer.stop' },
      { type: 'focus', x: 0, y: 0, zoom: 8 },
      { type: 'section.add', section: { id: this.id('s'), title: 'x', x: 0, y: 0, width: 100, height: 100 } },
      { type: 'section.delete', id: this.pick(['s_1', ...this.ctx.otherSectionIds]) },
      { type: 'participant.update', id: good.length ? this.pick(good) : 'p_none', removed: true },
      { type: 'participant.update', id: good.length ? this.pick(good) : 'p_none', name: '偽名' },
      { type: 'snapshot.save', label: 'x' },
      { type: 'snapshot.restore', snapshotId: 'c_none' },
    ]);
  }

  /** Break a well-formed op until the schema refuses what the server will receive (JSON in between). */
  invalidOp(): unknown {
    for (;;) {
      const op: Record<string, unknown> = { opId: this.opId(), ...(this.chance(0.5) ? this.participantShape() : this.facilitatorShape()) };
      const times = 1 + this.int(3);
      for (let i = 0; i < times; i++) this.mutate(op);
      const wrapped = this.chance(0.05) ? this.pick([[op], JSON.stringify(op), 42, null]) : op;
      if (!ClientOp.safeParse(roundTrip(wrapped)).success) return wrapped;
    }
  }

  private mutate(op: Record<string, unknown>) {
    const paths = leafPaths(op);
    const path = this.pick(paths);
    switch (this.int(5)) {
      case 0: return setAt(op, path, this.hostileValue());
      case 1: return deleteAt(op, path);
      case 2: return setAt(op, [...path.slice(0, -1), this.pick(['evil', '__proto__', 'constructor', 'prototype', 'sectionId2'])], this.hostileValue());
      case 3: return (op.type = this.pick(['note.explode', 'NOTE.ADD', 'note.add ', '', 'participant.join', '__proto__', 'toString', 42]));
      default: return (op.opId = this.pick([undefined, '', 'short', 'x'.repeat(65), 'bad id!', 7]));
    }
  }

  /** One hostile event for a socket.io-client attacker on the board. */
  event(): SocketEvent {
    const roll = this.r();
    if (roll < 0.4) return { kind: 'invalid op', event: 'op', args: [this.invalidOp()], expect: 'invalid' };
    if (roll < 0.52) return { kind: 'wrong role', event: 'op', args: [{ opId: this.opId(), ...this.facilitatorShape() }], expect: 'refused' };
    if (roll < 0.64) return { kind: 'other board', event: 'op', args: [this.elsewhereOp()], expect: 'refused' };
    if (roll < 0.68) {
      const seen = this.ctx.goodOpIds();
      if (!seen.length) return this.event();
      // Another's opId gets no answer of theirs (LK4): the op is judged as the attacker's own.
      const op = { opId: this.pick(seen), type: 'note.delete', ids: ['n_x'] };
      return { kind: 'replayed opId', event: 'op', args: [op], expect: 'replay' };
    }
    if (roll < 0.74) return { kind: 'invalid join', event: 'join', args: [this.invalidJoin()], expect: 'invalid' };
    if (roll < 0.79) return { kind: 'hostile join', event: 'join', args: [this.hostileJoin()], expect: 'join-refused' };
    if (roll < 0.8) return { kind: 'rejoin', event: 'join', args: [null], expect: 'rejoin' };
    if (roll < 0.88) return { kind: 'bad cursor', event: 'cursor', args: [this.badCursor()], expect: 'none' };
    if (roll < 0.94) return { kind: 'unknown event', event: this.pick(['admin', 'OP', 'op ', 'constructor', '__proto__', 'toString', 'reset', 'bye', 'participants', 'x'.repeat(300)]), args: [this.hostileValue()], expect: 'none' };
    return { kind: 'extra arguments', event: 'op', args: [{ opId: this.opId(), type: 'timer.stop' }, this.hostileValue()], expect: 'invalid' };
  }

  /**
   * Well-formed, and refused by the board's state: notes of another board or of nowhere, a note id
   * already taken, a vote while no round is open.
   */
  elsewhereOp(): Record<string, unknown> {
    const away = () => this.pick([...this.ctx.otherNoteIds, this.id('n')]);
    const taken = this.ctx.goodNoteIds();
    const shape = this.pick<() => Record<string, unknown>>([
      () => ({ type: 'note.update', id: away(), patch: { text: '上書き', color: '#90caf9' } }),
      () => ({ type: 'note.move', moves: [{ id: away(), x: 1, y: 2 }, { id: away(), x: 3, y: 4 }] }),
      () => ({ type: 'note.delete', ids: [away(), away()] }),
      () => ({ type: 'vote.add', noteId: taken.length ? this.pick(taken) : away() }),
      () => ({ type: 'vote.remove', noteId: away() }),
      () => (taken.length ? { type: 'note.add', note: { id: this.pick(taken), text: '重複', x: 0, y: 0 } } : { type: 'note.delete', ids: [away()] }),
    ])();
    return { opId: this.opId(), ...shape };
  }

  invalidJoin(): unknown {
    for (;;) {
      const req: Record<string, unknown> = { boardId: this.id('b'), name: 'x', affiliation: 'citizen' };
      setAt(req, [this.pick(['boardId', 'name', 'affiliation', 'participant', 'facilitatorKey', 'since', 'evil'])], this.hostileValue());
      if (!JoinRequest.safeParse(roundTrip(req)).success) return req;
    }
  }

  hostileJoin(): unknown {
    const good = this.ctx.goodParticipantIds();
    return this.pick([
      { boardId: `b${'A'.repeat(22)}`, name: '迷子' },
      { boardId: 'bUnknownBoardXYZ', name: 'x' },
      { boardId: '$BOARD', name: '偽進行', facilitatorKey: 'k'.repeat(43) },
      { boardId: '$BOARD', name: 'なりすまし', participant: { id: good.length ? this.pick(good) : 'p_none', secret: 's'.repeat(32) } },
    ]);
  }

  badCursor(): unknown {
    for (;;) {
      const c = this.pick<unknown>([{ x: this.hostileValue(), y: 0 }, { x: 0, y: 0, z: 1 }, [1, 2], null, { x: 'NaN', y: 'Infinity' }, { x: 1e7, y: 0 }]);
      if (!CursorMsg.safeParse(roundTrip(c)).success) return c;
    }
  }
}

/** What the server receives after Socket.IO's JSON: NaN and Infinity become null, undefined goes. */
export const roundTrip = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v) ?? 'null'));

/** Is this, as the server parses it, an op a participant could have applied? */
export function wouldApply(payload: unknown): boolean {
  const parsed = ClientOp.safeParse(payload);
  return parsed.success && !FACILITATOR_OPS.has(parsed.data.type as OpType);
}

function leafPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [at];
  // Not v.map: an array given an own `constructor` key by a mutation breaks Array species.
  const keys = Array.isArray(v) ? Array.from({ length: v.length }, (_, i) => i) : Object.keys(v);
  const out = keys.flatMap((k) => leafPaths((v as Record<string | number, unknown>)[k], [...at, k]));
  return out.length ? out : [at];
}

function setAt(obj: Record<string, unknown>, path: (string | number)[], value: unknown) {
  if (!path.length) return;
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Record<string | number, unknown>;
  }
  Object.defineProperty(o, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
}

function deleteAt(obj: Record<string, unknown>, path: (string | number)[]) {
  let o = obj as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== 'object') return;
    o = o[k] as Record<string | number, unknown>;
  }
  if (path.length) delete o[path[path.length - 1]!];
}
