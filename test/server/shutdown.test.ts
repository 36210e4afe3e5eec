import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { io as ioc } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { BoardDocument } from '../../server/store/types.js';
import { spawnServer, waitExit, type ServerProcess } from '../helpers/process.js';
import { createBoard, opId, Peer, removeDir, startServer, tempDir } from '../helpers/server.js';

const children: ServerProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.child.kill('SIGKILL');
  for (const d of dirs) await removeDir(d);
});

async function spawned(via: 'node' | 'start' = 'node') {
  const dir = await tempDir('onaji-stop-');
  dirs.push(dir);
  const srv = await spawnServer(dir, {}, via);
  children.push(srv);
  return { dir, srv };
}

/** A writer adding notes as fast as its acks come back, until its connection goes. */
function writer(p: Peer, tag: string, acked: Set<string>, refused: string[]) {
  return (async () => {
    for (let i = 0; p.socket.connected; i++) {
      const id = `n_${tag}_${i}`;
      try {
        const ack = await p.send({ opId: opId(), type: 'note.add', note: { id, text: id, x: i, y: 0 } });
        if (ack.ok) acked.add(id);
        else refused.push(ack.error.code);
      } catch {
        return; // no answer: the op is still pending for this client, as it should be
      }
    }
  })();
}

describe('stopping the server', () => {
  it('[L13][O6] SIGTERM: ops in flight are acknowledged, every socket gets bye restarting, the process exits 0 with everything on disk', async () => {
    const { dir, srv } = await spawned();
    const b = await createBoard(srv.url, { title: '終了' });
    const peers = [0, 1, 2].map(() => new Peer(srv.url));
    await Promise.all(peers.map((p, i) => p.join({ boardId: b.id, name: `W${i}` })));
    const reasons = peers.map((p) => new Promise<string>((r) => p.socket.once('disconnect', (reason) => r(reason))));
    const acked = new Set<string>();
    const refused: string[] = [];
    const loops = peers.map((p, i) => writer(p, String(i), acked, refused));
    await new Promise((r) => setTimeout(r, 300));

    srv.child.kill('SIGTERM');
    expect(await waitExit(srv.child)).toBe(0);
    await Promise.all(loops);
    // The transport closed rather than the session: a real client reconnects by itself.
    expect(await Promise.all(reasons)).toEqual(['transport close', 'transport close', 'transport close']);
    for (const p of peers) {
      expect(p.received.filter((r) => r.event === 'bye')).toEqual([{ event: 'bye', args: [{ reason: 'restarting' }] }]);
      p.close();
    }
    // Nothing was refused because of the stop (rate limits aside, which a fast writer may meet).
    expect(refused.filter((c) => c !== 'rate_limited')).toEqual([]);
    expect(acked.size).toBeGreaterThan(10);

    const doc = BoardDocument.parse(JSON.parse(await readFile(path.join(dir, 'boards', `${b.id}.json`), 'utf8')));
    expect([...acked].filter((id) => !doc.board.notes[id])).toEqual([]);
    expect(await readFile(path.join(dir, 'boards', `${b.id}.log`), 'utf8')).toBe('');
    expect(srv.output()).toContain('SIGTERM: finishing the changes in flight');
    expect(srv.output()).toContain('[info] stopped');
  });

  it('[L13] SIGINT (Ctrl-C) stops the same way', async () => {
    const { srv } = await spawned();
    const b = await createBoard(srv.url);
    const p = new Peer(srv.url);
    await p.join({ boardId: b.id, name: 'P' });
    const bye = new Promise((r) => p.socket.once('bye', r));
    srv.child.kill('SIGINT');
    expect(await bye).toEqual({ reason: 'restarting' });
    expect(await waitExit(srv.child)).toBe(0);
    p.close();
  });

  it('[L13] `npm start`: a SIGTERM to the one pid npm was given (a supervisor, Docker) stops the server gracefully', async () => {
    const { dir, srv } = await spawned('start');
    const b = await createBoard(srv.url, { title: 'npm' });
    const p = new Peer(srv.url);
    await p.join({ boardId: b.id, name: 'P' });
    const ack = await p.send({ opId: opId(), type: 'note.add', note: { id: 'n_npm', text: 'x', x: 0, y: 0 } });
    expect(ack.ok).toBe(true);
    const bye = new Promise((r) => p.socket.once('bye', r));
    srv.child.kill('SIGTERM');
    expect(await bye).toEqual({ reason: 'restarting' });
    expect(await waitExit(srv.child)).toBe(0);
    expect(srv.output()).toContain('[info] stopped');
    // Nobody is left answering on the port, and the board was folded into its document.
    await expect(fetch(`${srv.url}/healthz`)).rejects.toThrow();
    const doc = BoardDocument.parse(JSON.parse(await readFile(path.join(dir, 'boards', `${b.id}.json`), 'utf8')));
    expect(doc.board.notes['n_npm']).toBeDefined();
    p.close();
  });

  it('[L13] once stopping has begun, no new connection is accepted and new ops get no answer (they stay pending)', async () => {
    const srv = await startServer();
    dirs.push(srv.dataDir);
    const b = await createBoard(srv.url);
    const p = new Peer(srv.url);
    await p.join({ boardId: b.id, name: 'P' });
    const closing = srv.stop();
    const late = p.send({ opId: opId(), type: 'note.add', note: { id: 'n_late', text: 'x', x: 0, y: 0 } });
    await expect(late).rejects.toThrow();
    const newcomer = ioc(srv.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    const refused = await new Promise<boolean>((r) => {
      newcomer.once('connect', () => r(false));
      newcomer.once('connect_error', () => r(true));
    });
    newcomer.close();
    expect(refused).toBe(true);
    await closing;
    p.close();
  });
});
