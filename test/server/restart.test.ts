import { appendFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoard, FLOOD_ALLOWED, opId, Peer, removeDir, startServer, tempDir, type TestServer } from '../helpers/server.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

// Some tests here send hundreds of ops at once from one socket on purpose.
async function server(dataDir: string) {
  const srv = await startServer({ dataDir, limits: FLOOD_ALLOWED });
  let stopped = false;
  cleanup.unshift(async () => {
    if (!stopped) await srv.stop();
  });
  return { srv, stop: async () => ((stopped = true), await srv.stop()) };
}

async function notesAfterRestart(dataDir: string, boardId: string) {
  const { srv } = await server(dataDir);
  const p = new Peer(srv.url);
  cleanup.unshift(async () => p.close());
  const ack = await p.join({ boardId, name: '確認' });
  if (!ack.ok || !('board' in ack)) throw new Error(`join after restart: ${JSON.stringify(ack)}`);
  return ack.board;
}

describe('storage', () => {
  it('[O6][S1][S2] a restart on the same DATA_DIR keeps every acknowledged note', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const { srv, stop } = await server(dataDir);
    const b = await createBoard(srv.url, { title: '再起動' });
    const writers = [new Peer(srv.url), new Peer(srv.url), new Peer(srv.url)];
    for (const [i, w] of writers.entries()) await w.join({ boardId: b.id, name: `W${i}`, affiliation: 'citizen' });
    const acks = await Promise.all(
      writers.flatMap((w, i) =>
        Array.from({ length: 40 }, (_, j) => w.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}_${j}`, text: `メモ${i}-${j}`, x: j, y: i } })),
      ),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    await writers[0]!.send({ opId: opId(), type: 'note.update', id: 'n_0_0', patch: { text: '更新済み' } });
    for (const w of writers) w.close();
    // Drop the process state without a graceful flush: only what the log holds may survive.
    srv.app.io.close();
    srv.app.http.close();
    cleanup.shift();
    const board = await notesAfterRestart(dataDir, b.id);
    expect(board.notes).toHaveLength(120);
    expect(board.notes.find((n) => n.id === 'n_0_0')?.text).toBe('更新済み');
    expect(board.title).toBe('再起動');
    void stop;
  });

  it('[S2] a torn last log line is ignored and everything before it is kept', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const { srv } = await server(dataDir);
    const b = await createBoard(srv.url);
    const w = new Peer(srv.url);
    await w.join({ boardId: b.id, name: 'W' });
    for (let i = 0; i < 3; i++) await w.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}`, text: `${i}`, x: 0, y: 0 } });
    w.close();
    srv.app.io.close();
    srv.app.http.close();
    cleanup.shift();
    await appendFile(path.join(dataDir, 'boards', `${b.id}.log`), '{"seq":99,"by":"p_x","at":1,"op":{"opId":"torn');
    const board = await notesAfterRestart(dataDir, b.id);
    expect(board.notes.map((n) => n.id).sort()).toEqual(['n_0', 'n_1', 'n_2']);
  });

  it('[S3] the log is folded into the document and a resent opId is still applied once after a restart', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const { srv, stop } = await server(dataDir);
    const b = await createBoard(srv.url);
    const w = new Peer(srv.url);
    await w.join({ boardId: b.id, name: 'W' });
    const first = { opId: opId(), type: 'note.add', note: { id: 'n_first', text: '最初', x: 0, y: 0 } };
    const firstAck = await w.send(first);
    const sends = [];
    const MOVES = 510;
    for (let i = 0; i < MOVES; i++) sends.push(w.send({ opId: opId(), type: 'note.move', moves: [{ id: 'n_first', x: i, y: 0 }] }));
    await Promise.all(sends);
    w.close();
    await stop();
    cleanup.shift();
    const log = await readFile(path.join(dataDir, 'boards', `${b.id}.log`), 'utf8');
    expect(log.split('\n').filter(Boolean).length).toBeLessThan(20);
    expect((await readdir(path.join(dataDir, 'boards'))).some((f) => f.includes('.tmp'))).toBe(false);

    const { srv: srv2 } = await server(dataDir);
    const again = new Peer(srv2.url);
    cleanup.unshift(async () => again.close());
    // The same writer, resuming its identity: opIds are remembered per sender (LK4).
    const ack = await again.join({ boardId: b.id, name: 'W', participant: { id: w.you!.id, secret: w.you!.secret } });
    if (!ack.ok || !('board' in ack)) throw new Error('join');
    expect(ack.board.notes.find((n) => n.id === 'n_first')?.x).toBe(MOVES - 1);
    expect(await again.send(first)).toEqual(firstAck);
  });

  it('[S4] a join code still finds its board after a restart', async () => {
    const dataDir = await tempDir();
    cleanup.push(() => removeDir(dataDir));
    const { srv, stop } = await server(dataDir);
    const b = await createBoard(srv.url);
    await stop();
    cleanup.shift();
    const { srv: srv2 } = await server(dataDir);
    expect(await (await fetch(`${srv2.url}/api/join/${b.code}`)).json()).toEqual({ id: b.id });
  });
});
