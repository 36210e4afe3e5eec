import { copyFile, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBoard, opId, type TestSocket } from '../helpers/server.js';
import { addNote, boardFile, boardOf, dataDir, filesIn, memoryLog, noteIds, peer, readText, server, status } from './storage.fixtures.js';

// A board whose document cannot be read is kept as it is on disk, never recreated or overwritten,
// and says so (L15). A board whose log cannot be written is loaded again from disk (L16).

/** A board with notes in its log, left as a crash leaves it: the document at seq 0, the log holding the rest. */
async function boardLeftByCrash() {
  const dir = await dataDir();
  const first = await server(dir);
  const b = await createBoard(first.srv.url, { title: '壊れた' });
  const other = await createBoard(first.srv.url, { title: '無事' });
  const w = await peer(first.srv.url);
  await w.join({ boardId: b.id, name: 'W' });
  for (let i = 0; i < 3; i++) await addNote(w, `n_${i}`);
  await first.crash();
  return { dir, b, other, doc: boardFile(dir, b.id, 'json'), log: boardFile(dir, b.id, 'log') };
}

const exists = (file: string) => stat(file).then(() => true, () => false);

describe('a board whose document cannot be read', () => {
  for (const [name, damage] of [
    ['empty', ''],
    ['not JSON', '{"schemaVersion":1,"board":{"id":'],
    ['not a board document', '{"schemaVersion":1,"board":{"title":"???"}}'],
  ] as const) {
    it(`[L15] (${name}) is moved aside with a clear log line, answers 503, and is never recreated or written`, async () => {
      const { dir, b, other, doc, log: logFile } = await boardLeftByCrash();
      await writeFile(doc, damage);
      const logBefore = await readText(logFile);

      const log = memoryLog();
      const { srv, stop } = await server(dir, { log });
      const summary = await status(srv.url, `/api/boards/${b.id}`);
      expect(summary.status).toBe(503);
      expect(summary.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('cannot be read') });
      const exported = await fetch(`${srv.url}/api/boards/${b.id}/export`, { headers: { authorization: `Bearer ${b.facilitatorKey}` } });
      expect(exported.status).toBe(503);
      const p = await peer(srv.url);
      expect(await p.join({ boardId: b.id, name: 'P' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      // The join code stays taken by this board, and the other boards carry on.
      expect(await (await fetch(`${srv.url}/api/join/${b.code}`)).json()).toEqual({ id: b.id });
      expect((await status(srv.url, `/api/boards/${other.id}`)).status).toBe(200);
      const fresh = await createBoard(srv.url);
      expect([fresh.id, fresh.code]).not.toContain(b.id);

      const aside = await filesIn(path.join(dir, 'boards'), new RegExp(`^${b.id}\\.json\\.corrupt-\\d+$`));
      expect(aside).toHaveLength(1);
      expect(await readText(path.join(dir, 'boards', aside[0]!))).toBe(damage);
      expect(log.count('moved an unreadable file aside')).toBe(1);
      expect(log.count('a board cannot be opened: its document is unreadable')).toBe(1);
      expect((await status(srv.url, `/api/boards/${b.id}`)).status).toBe(503);
      expect(log.count('a board cannot be opened')).toBe(1);

      await stop();
      expect(await exists(doc)).toBe(false);
      expect(await readText(logFile)).toBe(logBefore);
      expect(await filesIn(path.join(dir, 'boards'), /\.corrupt-/)).toHaveLength(1);
    });
  }

  it('[L15] a missing document with its log and index entry stays unavailable until the document is put back', async () => {
    const { dir, b, doc, log: logFile } = await boardLeftByCrash();
    const saved = `${doc}.saved`;
    await rename(doc, saved);
    const logBefore = await readText(logFile);

    const log = memoryLog();
    const { srv } = await server(dir, { log });
    for (let i = 0; i < 3; i++) expect((await status(srv.url, `/api/boards/${b.id}`)).status).toBe(503);
    expect(log.count('a board cannot be opened: its document is missing')).toBe(1);
    expect(await exists(doc)).toBe(false);
    expect(await readText(logFile)).toBe(logBefore);

    // An administrator restores the document from a backup: the board opens, its log replayed.
    await copyFile(saved, doc);
    expect((await status(srv.url, `/api/boards/${b.id}`)).status).toBe(200);
    expect(noteIds(await boardOf(srv.url, b.id, b.facilitatorKey))).toEqual(['n_0', 'n_1', 'n_2']);
  });
});

describe('a board whose op log cannot be written', () => {
  it('[L16][S7] the op is refused with unavailable, reaches nobody, and the board is loaded again from disk; a resend is applied once', async () => {
    const dir = await dataDir();
    const log = memoryLog();
    const { srv, stop } = await server(dir, { log });
    const b = await createBoard(srv.url);
    const a = await peer(srv.url);
    const c = await peer(srv.url);
    await a.join({ boardId: b.id, name: 'A' });
    await c.join({ boardId: b.id, name: 'C' });
    expect(await addNote(a, 'n_1')).toMatchObject({ ok: true });
    const seqBefore = (await srv.app.registry.get(b.id))!.board.seq;

    const append = srv.store.append.bind(srv.store);
    let full = true;
    srv.store.append = (id, entry) => (full ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })) : append(id, entry));
    const lost = { opId: opId(), type: 'note.add', note: { id: 'n_2', text: '満杯', x: 0, y: 0 } };
    const closed = (s: TestSocket) => new Promise<string>((r) => s.once('disconnect', (reason) => r(reason)));
    const gone = [closed(a.socket), closed(c.socket)];
    expect(await a.send(lost)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    // Everybody on the board is told and dropped at the transport, so their clients reconnect.
    expect(await Promise.all(gone)).toEqual(['transport close', 'transport close']);
    for (const p of [a, c]) {
      expect(p.received.filter((r) => r.event === 'bye')).toEqual([{ event: 'bye', args: [{ reason: 'restarting' }] }]);
      expect(p.entries.some((e) => e.op?.type === 'note.add' && e.op.note.id === 'n_2')).toBe(false);
    }
    expect(log.count('could not write an op log')).toBe(1);

    full = false;
    const d = await peer(srv.url);
    const ack = await d.join({ boardId: b.id, name: 'D' });
    if (!ack.ok || !('board' in ack)) throw new Error('join');
    expect(noteIds(ack.board)).toEqual(['n_1']);
    expect(ack.board.seq).toBe(seqBefore + 1); // D's own join; nothing of the refused op
    expect(await d.send(lost)).toMatchObject({ ok: true });
    expect(await d.send(lost)).toMatchObject({ ok: true });
    await stop();

    const again = await server(dir);
    const board = await boardOf(again.srv.url, b.id, b.facilitatorKey);
    expect(noteIds(board)).toEqual(['n_1', 'n_2']);
    expect(JSON.parse(await readFile(boardFile(dir, b.id, 'json'), 'utf8')).board.notes.n_2.text).toBe('満杯');
  });
});
