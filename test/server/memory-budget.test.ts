import { afterEach, describe, expect, it } from 'vitest';
import { createBoard, opId, Peer, removeDir, startServer, type TestServer } from '../helpers/server.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function server(boardsInMemory: number): Promise<TestServer> {
  const srv = await startServer({ limits: { boardsInMemory } });
  cleanup.push(async () => {
    await srv.stop();
    await removeDir(srv.dataDir);
  });
  return srv;
}

function peer(srv: TestServer) {
  const p = new Peer(srv.url);
  cleanup.unshift(() => p.close());
  return p;
}

const until = async (what: string, pred: () => boolean) => {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('boards in memory', () => {
  it('[BU1] more boards than the budget: idle ones are unloaded and come back whole when joined again', async () => {
    const srv = await server(3);
    const boards = [];
    for (let i = 0; i < 8; i++) {
      const b = await createBoard(srv.url, { title: `ボード${i}` });
      boards.push(b);
      const p = peer(srv);
      const joined = await p.join({ boardId: b.id, name: `書き手${i}` });
      expect(joined.ok).toBe(true);
      for (let j = 0; j < 5; j++) expect((await p.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}_${j}`, text: `メモ${i}-${j}`, x: j * 10, y: 0 } })).ok).toBe(true);
      p.close();
      await until('the budget to hold', () => srv.app.registry.size <= 3);
    }
    expect(srv.app.registry.size).toBe(3);
    expect(srv.app.registry.has(boards[0]!.id)).toBe(false);

    // The first board, unloaded long ago, is read back from disk with everything on it.
    const again = peer(srv);
    const ack = await again.join({ boardId: boards[0]!.id, name: '戻ってきた人' });
    if (!ack.ok || !('board' in ack)) throw new Error(JSON.stringify(ack));
    expect(ack.board.title).toBe('ボード0');
    expect(ack.board.notes.map((n) => n.text).sort()).toEqual(['メモ0-0', 'メモ0-1', 'メモ0-2', 'メモ0-3', 'メモ0-4']);
    expect((await again.send({ opId: opId(), type: 'note.add', note: { id: 'n_back', text: 'ただいま', x: 0, y: 50 } })).ok).toBe(true);
    // An HTTP read of an unloaded board loads it too.
    const summary = await fetch(`${srv.url}/api/boards/${boards[1]!.id}`);
    expect(summary.status).toBe(200);
    await until('the budget to hold again', () => srv.app.registry.size <= 3);
    expect(srv.app.registry.has(boards[0]!.id)).toBe(true);
  });

  it('[BU1] a board with somebody on it is never unloaded, whatever the budget', async () => {
    const srv = await server(2);
    const peers: Peer[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const b = await createBoard(srv.url, { title: `満席${i}` });
      ids.push(b.id);
      const p = peer(srv);
      expect((await p.join({ boardId: b.id, name: `参加者${i}` })).ok).toBe(true);
      peers.push(p);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(srv.app.registry.size).toBe(5);
    // Everybody keeps writing to the board they are on; their notes reach the others there.
    const watcher = peer(srv);
    expect((await watcher.join({ boardId: ids[0]!, name: '見る人' })).ok).toBe(true);
    for (const [i, p] of peers.entries()) expect((await p.send({ opId: opId(), type: 'note.add', note: { id: `k_${i}`, text: `残る${i}`, x: 0, y: 0 } })).ok).toBe(true);
    await watcher.waitFor(() => watcher.entries.some((e) => e.op?.type === 'note.add' && e.op.note.id === 'k_0'));
    // Once they leave, the budget holds again.
    for (const p of peers.slice(1)) p.close();
    await until('idle boards to be unloaded', () => srv.app.registry.size <= 2);
    // A later request starts a trim; boards left idle go then.
    await fetch(`${srv.url}/api/boards/${ids[4]!}`);
    await until('the budget to hold', () => srv.app.registry.size <= 2);
    expect(srv.app.registry.has(ids[0]!)).toBe(true);
  });
});
