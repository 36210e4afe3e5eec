import { afterEach, beforeEach, vi } from 'vitest';
import type { Op } from '../../../shared/ops.js';
import type { JoinAck, JoinRequest, OpAck } from '../../../shared/protocol.js';

type Handler = (...args: unknown[]) => void;

/** A socket the test plays the server for: it records what the client sends and fires what the test says the server sent. */
export class FakeSocket {
  connected = false;
  readonly joins: { req: JoinRequest; ack: (a: JoinAck) => void }[] = [];
  readonly ops: { op: Op; ack: (a: OpAck) => void }[] = [];
  readonly pointers: unknown[] = [];
  readonly volatile = { emit: (_e: string, c: unknown) => this.pointers.push(c) };
  private readonly handlers = new Map<string, Set<Handler>>();

  on(event: string, h: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(h);
    return this;
  }
  off(event: string, h: Handler) {
    this.handlers.get(event)?.delete(h);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    if (event === 'join') this.joins.push({ req: args[0] as JoinRequest, ack: args[1] as (a: JoinAck) => void });
    if (event === 'op') this.ops.push({ op: args[0] as Op, ack: args[1] as (a: OpAck) => void });
    return this;
  }
  connect() {
    if (this.connected) return this;
    this.connected = true;
    this.fire('connect');
    return this;
  }
  disconnect() {
    if (!this.connected) return this;
    this.connected = false;
    this.fire('disconnect', 'io client disconnect');
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of [...(this.handlers.get(event) ?? [])]) h(...args);
  }
  lastJoin() {
    return this.joins[this.joins.length - 1]!;
  }
}

/**
 * The page around a sync client under test: animation frames run when the test says (`frame()`;
 * a tab that gets none, a hidden one, is left to the client's fallback timers), a window and a
 * navigator that is online, and the clients a test made (`clients`) stopped after it.
 */
export function pageWorld() {
  let frames: (() => void)[] = [];
  const clients: { stop(): void }[] = [];
  /** Frames wait for `frame()`; again after fake timers took requestAnimationFrame over. */
  const holdFrames = () => {
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    vi.stubGlobal('cancelAnimationFrame', () => {});
  };
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('window', { addEventListener() {}, removeEventListener() {} });
    vi.stubGlobal('navigator', { onLine: true });
    holdFrames();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.stop();
    vi.unstubAllGlobals();
  });
  /** Runs the animation frame the page would get now. */
  const frame = () => {
    const run = frames;
    frames = [];
    for (const f of run) f();
  };
  return { frame, clients, holdFrames };
}
