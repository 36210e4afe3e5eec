import { appendFile, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBoard, opId } from '../helpers/server.js';
import { addNote, boardFile, boardOf, dataDir, filesIn, memoryLog, noteIds, peer, readText, server } from './storage.fixtures.js';

// What a crash can leave in DATA_DIR, and what the next start makes of it (S2, S3, L14).

describe('recovery after a crash', () => {
  it('[L14][S2] a torn last line is cut off before anything is appended, so ops acknowledged after the restart survive the next crash', async () => {
    const dir = await dataDir();
    const first = await server(dir);
    const b = await createBoard(first.srv.url);
    const w = await peer(first.srv.url);
    await w.join({ boardId: b.id, name: 'W' });
    for (let i = 0; i < 3; i++) expect(await addNote(w, `n_${i}`)).toMatchObject({ ok: true });
    await first.crash();
    await appendFile(boardFile(dir, b.id, 'log'), '{"seq":99,"by":"p_x","at":1,"op":{"opId":"torn');

    const log = memoryLog();
    const second = await server(dir, { log });
    const w2 = await peer(second.srv.url);
    await w2.join({ boardId: b.id, name: 'W2' });
    expect(await addNote(w2, 'n_after')).toMatchObject({ ok: true });
    await second.crash();
    expect(log.count('cut a torn last line')).toBe(1);
    const text = await readText(boardFile(dir, b.id, 'log'));
    expect(text).not.toContain('torn');
    expect(text.endsWith('\n')).toBe(true);

    const third = await server(dir);
    expect(noteIds(await boardOf(third.srv.url, b.id, b.facilitatorKey))).toEqual(['n_0', 'n_1', 'n_2', 'n_after']);
  });

  it('[L14] temporary files of writes a crash interrupted are removed; the files they would have replaced are the truth', async () => {
    const dir = await dataDir();
    const first = await server(dir);
    const b = await createBoard(first.srv.url);
    const w = await peer(first.srv.url);
    await w.join({ boardId: b.id, name: 'W' });
    await addNote(w, 'n_1');
    await first.crash();
    // A compaction that wrote half its new document and never renamed it; an index write likewise.
    const doc = await readText(boardFile(dir, b.id, 'json'));
    await writeFile(`${boardFile(dir, b.id, 'json')}.tmp-4242-7`, doc.slice(0, doc.length / 2));
    await writeFile(path.join(dir, 'index.json.tmp-4242-8'), '{"boards":');
    await mkdir(path.join(dir, 'boards', `${b.id}.snapshots`), { recursive: true });
    await writeFile(path.join(dir, 'boards', `${b.id}.snapshots`, 'c123.json.tmp-4242-9'), '{');

    const log = memoryLog();
    const second = await server(dir, { log });
    expect(noteIds(await boardOf(second.srv.url, b.id, b.facilitatorKey))).toEqual(['n_1']);
    expect(await filesIn(path.join(dir, 'boards'), /\.tmp-/)).toEqual([]);
    expect(await filesIn(dir, /\.tmp-/)).toEqual([]);
    expect(await filesIn(path.join(dir, 'boards', `${b.id}.snapshots`), /\.tmp-/)).toEqual([]);
    expect(log.lines.some((l) => l.includes('removed temporary files') && l.includes('"files":3'))).toBe(true);
  });

  it('[L14][S3] a crash between compaction renaming the document and emptying the log applies every op once', async () => {
    const dir = await dataDir();
    const first = await server(dir);
    const b = await createBoard(first.srv.url);
    const fac = await peer(first.srv.url);
    const p = await peer(first.srv.url);
    await fac.join({ boardId: b.id, name: '進行', facilitatorKey: b.facilitatorKey });
    await p.join({ boardId: b.id, name: 'P', affiliation: 'citizen' });
    expect(await fac.send({ opId: opId(), type: 'voting.start', budget: 5, hidden: false })).toMatchObject({ ok: true });
    await addNote(fac, 'n_1');
    // Votes are the op that is not idempotent: one applied twice shows as an extra dot.
    const vote = () => p.send({ opId: opId(), type: 'vote.add', noteId: 'n_1' });
    expect([await vote(), await vote()]).toMatchObject([{ ok: true }, { ok: true }]);
    const folded = await readText(boardFile(dir, b.id, 'log'));

    const room = (await first.srv.app.registry.get(b.id))!;
    await room.compact();
    const seqAtCompaction = room.board.seq;
    expect(await readText(boardFile(dir, b.id, 'log'))).toBe('');
    await vote();
    await addNote(p, 'n_2');
    await first.crash();
    // As if the truncation never happened: the folded entries are still there, before the new ones.
    const after = await readText(boardFile(dir, b.id, 'log'));
    await writeFile(boardFile(dir, b.id, 'log'), folded + after);

    const second = await server(dir);
    const board = await boardOf(second.srv.url, b.id, b.facilitatorKey);
    expect(board.votes.n_1?.[p.you!.id]).toBe(3);
    expect(noteIds(board)).toEqual(['n_1', 'n_2']);
    expect(board.seq).toBe(seqAtCompaction + 3); // the vote, the note, and the checking facilitator's join
    const q = await peer(second.srv.url);
    await q.join({ boardId: b.id, name: 'Q' });
    await addNote(q, 'n_3');
    await second.crash();

    const third = await server(dir);
    const again = await boardOf(third.srv.url, b.id, b.facilitatorKey);
    expect(noteIds(again)).toEqual(['n_1', 'n_2', 'n_3']);
    expect(again.votes.n_1?.[p.you!.id]).toBe(3);
  });

  it('[L14][S6] a damaged line in the middle of a log costs that line only; the old log is kept aside, the drop is counted, and new ops survive the next crash', async () => {
    const dir = await dataDir();
    const first = await server(dir);
    const b = await createBoard(first.srv.url);
    const w = await peer(first.srv.url);
    await w.join({ boardId: b.id, name: 'W' });
    for (let i = 0; i < 5; i++) await addNote(w, `n_${i}`);
    await first.crash();
    const file = boardFile(dir, b.id, 'log');
    const lines = (await readText(file)).split('\n');
    lines[3] = '{"seq": this line was damaged on disk';
    const damaged = lines.join('\n');
    await writeFile(file, damaged);

    const log = memoryLog();
    const second = await server(dir, { log });
    expect(noteIds(await boardOf(second.srv.url, b.id, b.facilitatorKey))).toEqual(['n_0', 'n_1', 'n_3', 'n_4']);
    const aside = await filesIn(path.join(dir, 'boards'), /\.log\.corrupt-\d+$/);
    expect(aside).toHaveLength(1);
    expect(await readText(path.join(dir, 'boards', aside[0]!))).toBe(damaged);
    expect(log.count('moved an unreadable file aside (op log lines were left out at replay)')).toBe(1);
    expect(log.lines.filter((l) => l.includes('op log replay left lines out') && l.includes('"dropped":1') && l.includes('"unreadable":1'))).toHaveLength(1);
    const w2 = await peer(second.srv.url);
    await w2.join({ boardId: b.id, name: 'W2' });
    expect(await addNote(w2, 'n_new')).toMatchObject({ ok: true });
    await second.crash();

    const third = await server(dir);
    expect(noteIds(await boardOf(third.srv.url, b.id, b.facilitatorKey))).toEqual(['n_0', 'n_1', 'n_3', 'n_4', 'n_new']);
  });

  it('[L14] a missing or unreadable index.json is rebuilt from the board documents, so join codes keep working', async () => {
    const dir = await dataDir();
    const first = await server(dir);
    const [a, b] = [await createBoard(first.srv.url, { title: 'A' }), await createBoard(first.srv.url, { title: 'B' })];
    await first.stop();

    await writeFile(path.join(dir, 'index.json'), '{"boards": {"b');
    const log = memoryLog();
    const second = await server(dir, { log });
    for (const x of [a, b]) expect(await (await fetch(`${second.srv.url}/api/join/${x.code}`)).json()).toEqual({ id: x.id });
    expect(await filesIn(dir, /^index\.json\.corrupt-\d+$/)).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('rebuilt index.json') && l.includes('"boards":2'))).toBe(true);
    await second.stop();

    await writeFile(path.join(dir, 'index.json'), '');
    const third = await server(dir);
    expect((await fetch(`${third.srv.url}/api/boards/${a.id}`)).status).toBe(200);
  });

  it('[L14] a copy of DATA_DIR taken while running, each log before its document, holds every op acknowledged before the copy began', async () => {
    const dir = await dataDir();
    const backup = await dataDir();
    const running = await server(dir);
    const b = await createBoard(running.srv.url);
    const w = await peer(running.srv.url);
    await w.join({ boardId: b.id, name: 'W' });
    for (let i = 0; i < 10; i++) await addNote(w, `n_${i}`);
    const room = (await running.srv.app.registry.get(b.id))!;

    await mkdir(path.join(backup, 'boards'));
    await copyFile(path.join(dir, 'index.json'), path.join(backup, 'index.json'));
    await copyFile(boardFile(dir, b.id, 'log'), boardFile(backup, b.id, 'log'));
    // The worst moment: the log is folded into the document between the two copies.
    await addNote(w, 'n_during');
    await room.compact();
    await copyFile(boardFile(dir, b.id, 'json'), boardFile(backup, b.id, 'json'));

    const restored = await server(backup);
    const ids = noteIds(await boardOf(restored.srv.url, b.id, b.facilitatorKey));
    expect(ids).toEqual(expect.arrayContaining(Array.from({ length: 10 }, (_, i) => `n_${i}`)));

    // The other order can miss what that compaction folded: the gap is noticed and named, the old
    // log kept aside, and what follows the gap still replays (S6).
    const wrong = await dataDir();
    await mkdir(path.join(wrong, 'boards'));
    await copyFile(path.join(dir, 'index.json'), path.join(wrong, 'index.json'));
    await copyFile(boardFile(dir, b.id, 'json'), boardFile(wrong, b.id, 'json'));
    await addNote(w, 'n_gap');
    await room.compact();
    await addNote(w, 'n_after_gap');
    await copyFile(boardFile(dir, b.id, 'log'), boardFile(wrong, b.id, 'log'));
    const log = memoryLog();
    const fromWrong = await server(wrong, { log });
    const fromWrongIds = noteIds(await boardOf(fromWrong.srv.url, b.id, b.facilitatorKey));
    expect(fromWrongIds).not.toContain('n_gap');
    expect(fromWrongIds).toContain('n_after_gap');
    expect(log.lines.filter((l) => l.includes('op log replay left lines out') && /"missingSeqs":"\d+…\d+ \(\d+\)"/.test(l))).toHaveLength(1);
    expect(await readFile(path.join(wrong, 'boards', (await filesIn(path.join(wrong, 'boards'), /\.log\.corrupt-/))[0]!), 'utf8')).toContain('n_after_gap');
  });
});
