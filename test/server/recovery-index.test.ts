import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/server.js';
import { addNote, boardFile, boardOf, dataDir, filesIn, memoryLog, noteIds, peer, server, status } from './storage.fixtures.js';

// The index follows the boards folder (S8): a board whose document appears or comes back is found
// by id and by join code, and a damaged index beside a damaged document never makes a board vanish.

async function boardWithNotes(dir: string, title = '索引') {
  const first = await server(dir);
  const b = await createBoard(first.srv.url, { title });
  const w = await peer(first.srv.url);
  await w.join({ boardId: b.id, name: 'W' });
  for (let i = 0; i < 3; i++) await addNote(w, `n_${i}`);
  return { first, b };
}

describe('the index and the boards folder', () => {
  it('[S8][L15] a damaged index plus a damaged document: 503 (not 404), the join code kept, and a restored document opens without a restart', async () => {
    const dir = await dataDir();
    const { first, b } = await boardWithNotes(dir);
    const other = await createBoard(first.srv.url, { title: '無事' });
    await first.stop();
    const doc = boardFile(dir, b.id, 'json');
    const backup = `${doc}.backup`;
    await copyFile(doc, backup);
    // Both damaged: the index cut off half-way (as a disk might), the document no longer JSON.
    const index = await readFile(path.join(dir, 'index.json'), 'utf8');
    await writeFile(path.join(dir, 'index.json'), index.slice(0, index.indexOf(`"code":"${b.code}"`) + 20));
    await writeFile(doc, '{"schemaVersion":1,"board":{"id":');

    const log = memoryLog();
    const { srv } = await server(dir, { log });
    expect((await status(srv.url, `/api/boards/${b.id}`)).status).toBe(503);
    expect((await status(srv.url, `/api/boards/${other.id}`)).status).toBe(200);
    // The code still leads to the board (which says 503 until it is restored), never to nothing.
    const byCode = await fetch(`${srv.url}/api/join/${b.code}`);
    expect(byCode.status).toBe(200);
    expect(await byCode.json()).toEqual({ id: b.id });
    expect(await filesIn(path.join(dir, 'boards'), /\.json\.corrupt-/)).toHaveLength(1);

    await copyFile(backup, doc);
    expect((await status(srv.url, `/api/boards/${b.id}`)).status).toBe(200);
    expect(noteIds(await boardOf(srv.url, b.id, b.facilitatorKey))).toEqual(['n_0', 'n_1', 'n_2']);
    expect(await (await fetch(`${srv.url}/api/join/${b.code}`)).json()).toEqual({ id: b.id });
  });

  it('[S8] a board copied into the boards folder of a running server is found by id and by join code', async () => {
    const elsewhere = await dataDir();
    const { first, b } = await boardWithNotes(elsewhere, '持ち込み');
    await first.stop();

    const dir = await dataDir();
    const { srv } = await server(dir);
    expect((await status(srv.url, `/api/boards/${b.id}`)).status).toBe(404);
    await mkdir(path.join(dir, 'boards'), { recursive: true });
    await cp(boardFile(elsewhere, b.id, 'json'), boardFile(dir, b.id, 'json'));
    expect((await status(srv.url, `/api/boards/${b.id}`)).status).toBe(200);
    expect(noteIds(await boardOf(srv.url, b.id, b.facilitatorKey))).toEqual(['n_0', 'n_1', 'n_2']);

    // By code too: a second board copied in is found by the code alone.
    const again = await boardWithNotes(elsewhere, '二枚目');
    await again.first.stop();
    await cp(boardFile(elsewhere, again.b.id, 'json'), boardFile(dir, again.b.id, 'json'));
    await new Promise((r) => setTimeout(r, 1_100)); // the folder is read at most once a second
    expect(await (await fetch(`${srv.url}/api/join/${again.b.code}`)).json()).toEqual({ id: again.b.id });
    const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as { boards: Record<string, { code: string }> };
    expect(index.boards[again.b.id]?.code).toBe(again.b.code);
  });
});
