import { afterAll, afterEach, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as ioc, type Socket } from 'socket.io-client';
import { createApp, type App } from '../../server/app.js';
import type { ServerLimits } from '../../server/limits.js';
import { silentLog, systemClock, type Clock, type Log } from '../../server/log.js';
import { FileStore } from '../../server/store/file-store.js';
import type { ClientToServer, CreateBoardResponse, JoinAck, JoinRequest, OpAck, ServerToClient } from '../../shared/protocol.js';
import type { EntryView } from '../../shared/view.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export const tempDir = (prefix = 'onaji-') => mkdtemp(path.join(os.tmpdir(), prefix));

export type TestServer = { app: App; url: string; dataDir: string; stop: () => Promise<void>; store: FileStore };

export type StartOptions = {
  dataDir?: string;
  clock?: Clock;
  staticDir?: string;
  log?: Log;
  limits?: Partial<ServerLimits>;
  allowedOrigins?: string[];
  /** Host names the server answers to (LK6); unchecked when not given. */
  allowedHosts?: string[];
  trustProxy?: boolean;
  /** A fixed port, to restart a server where its clients will look for it; 0 (any free port) unless given. */
  port?: number;
  /** `CREATE_KEY` (CK1). */
  createKey?: string;
};

/** For a test that sends hundreds of ops at once on purpose: no per-socket op limit (L3). */
export const FLOOD_ALLOWED: Partial<ServerLimits> = { opsPerSecond: 1e9, opBurst: 1e9 };

/** A real createApp on port 0 with a real file store in a temp directory. */
export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const log = opts.log ?? silentLog;
  const store = await FileStore.open(dataDir, log);
  const app = createApp({
    store,
    clock: opts.clock ?? systemClock,
    log,
    staticDir: opts.staticDir,
    limits: opts.limits,
    allowedOrigins: opts.allowedOrigins,
    ...(opts.allowedHosts ? { allowedHosts: opts.allowedHosts } : {}),
    trustProxy: opts.trustProxy,
    createKey: opts.createKey,
  });
  await new Promise<void>((r) => app.http.listen(opts.port ?? 0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  return {
    app,
    url,
    dataDir,
    store,
    stop: async () => {
      await app.close();
      await new Promise<void>((r) => app.http.close(() => r()));
    },
  };
}

export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

export async function createBoard(url: string, body: Record<string, unknown> = { title: 'テスト' }): Promise<CreateBoardResponse> {
  const res = await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateBoardResponse;
}

export type TestSocket = Socket<ServerToClient, ClientToServer>;

/** A real socket.io-client that records everything the server sends it. */
export class Peer {
  readonly socket: TestSocket;
  readonly entries: EntryView[] = [];
  readonly received: { event: string; args: unknown[] }[] = [];
  you?: { id: string; secret: string; role: string };

  constructor(url: string) {
    this.socket = ioc(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    this.socket.onAny((event, ...args) => this.received.push({ event, args }));
    this.socket.on('op', (e) => this.entries.push(e));
  }

  connected(): Promise<void> {
    return this.socket.connected ? Promise.resolve() : new Promise((r) => this.socket.once('connect', () => r()));
  }

  async join(req: JoinRequest): Promise<JoinAck> {
    await this.connected();
    const ack = await this.socket.timeout(10_000).emitWithAck('join', req);
    if (ack.ok) this.you = ack.you;
    return ack;
  }

  /** Send an op as-is (may be malformed on purpose). */
  send(op: unknown): Promise<OpAck> {
    return this.socket.timeout(10_000).emitWithAck('op', op as never);
  }

  /** Everything received, as one string, to assert that a secret never arrived. */
  traffic(): string {
    return JSON.stringify(this.received);
  }

  async waitFor<T>(pred: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close() {
    this.socket.close();
  }
}

let n = 0;
export const opId = () => `op_${process.pid}_${Date.now().toString(36)}_${(n++).toString(36)}`;

/**
 * Servers made inside a test, each with its own settings, stopped after that test together with
 * whatever else the test put in `cleanup` (peers first: `cleanup.unshift(() => p.close())`).
 */
export function serverPerTest() {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });
  const server = async (opts: StartOptions = {}): Promise<TestServer> => {
    const srv = await startServer(opts);
    cleanup.push(async () => {
      await srv.stop();
      await removeDir(srv.dataDir);
    });
    return srv;
  };
  return { server, cleanup };
}

/**
 * One real server for a test file, started before its tests and stopped after, with the peers a
 * test pushes into `world.peers` closed first. Read `world.srv` inside tests.
 */
export function serverWorld(opts: StartOptions = {}) {
  const world = { peers: [] as Peer[] } as { srv: TestServer; peers: Peer[] };
  beforeAll(async () => {
    world.srv = await startServer(opts);
  });
  afterAll(async () => {
    for (const p of world.peers) p.close();
    await world.srv?.stop();
    if (world.srv) await removeDir(world.srv.dataDir);
  });
  return world;
}
