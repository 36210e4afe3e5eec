import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Log } from '../../server/log.js';
import type { BoardView } from '../../shared/view.js';
import { opId, Peer, removeDir, startServer, tempDir, type StartOptions, type TestServer } from '../helpers/server.js';

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});
export const later = (fn: () => Promise<unknown> | void) => cleanup.unshift(fn);

export async function dataDir() {
  const dir = await tempDir('onaji-recovery-');
  cleanup.push(() => removeDir(dir));
  return dir;
}

/** A log that keeps its lines, to assert what an operator would read. */
export function memoryLog(): Log & { lines: string[]; count: (part: string) => number } {
  const lines: string[] = [];
  const at = (level: string) => (msg: string, data?: Record<string, unknown>) => void lines.push(`[${level}] ${msg} ${data ? JSON.stringify(data) : ''}`);
  return { info: at('info'), warn: at('warn'), error: at('error'), lines, count: (part) => lines.filter((l) => l.includes(part)).length };
}

export type Running = { srv: TestServer; crash: () => Promise<void>; stop: () => Promise<void> };

/** A server on `dir`, stopped by `crash` (like kill -9: no flush) or `stop` (graceful), or at the end of the test. */
export async function server(dir: string, opts: Omit<StartOptions, 'dataDir'> = {}): Promise<Running> {
  const srv = await startServer({ ...opts, dataDir: dir });
  let stopped = false;
  later(async () => {
    if (!stopped) await srv.stop();
  });
  return {
    srv,
    crash: async () => {
      stopped = true;
      srv.app.io.close();
      srv.app.http.close();
      // Only the file handles: nothing is flushed or folded, as after kill -9.
      await srv.store.close();
    },
    stop: async () => {
      stopped = true;
      await srv.stop();
    },
  };
}

export async function peer(url: string) {
  const p = new Peer(url);
  later(() => p.close());
  return p;
}

/** The whole board as a facilitator sees it after joining. */
export async function boardOf(url: string, boardId: string, facilitatorKey: string): Promise<BoardView> {
  const p = await peer(url);
  const ack = await p.join({ boardId, name: '確認', facilitatorKey });
  if (!ack.ok || !('board' in ack)) throw new Error(`join: ${JSON.stringify(ack)}`);
  return ack.board;
}

export const noteIds = (b: BoardView) => b.notes.map((n) => n.id).sort();

export const addNote = (p: Peer, id: string, x = 0) => p.send({ opId: opId(), type: 'note.add', note: { id, text: `メモ ${id}`, x, y: 0 } });

export const boardFile = (dir: string, id: string, ext: 'json' | 'log') => path.join(dir, 'boards', `${id}.${ext}`);
export const readText = (file: string) => readFile(file, 'utf8');
export const filesIn = async (dir: string, pattern: RegExp) => (await readdir(dir)).filter((f) => pattern.test(f));

export async function status(url: string, pathname: string) {
  const res = await fetch(url + pathname);
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}
