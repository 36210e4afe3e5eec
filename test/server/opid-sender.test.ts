import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBoard, opId, Peer, removeDir, startServer, tempDir, type TestServer } from '../helpers/server.js';

// Every op is broadcast with its opId, so anybody on the board knows the ids others use.

async function world(dataDir?: string) {
  const srv = await startServer(dataDir ? { dataDir } : {});
  return srv;
}

const note = (id: string, text: string) => ({ id, text, x: 0, y: 0 });

async function notesOf(srv: TestServer, boardId: string, key: string) {
  const p = new Peer(srv.url);
  const ack = await p.join({ boardId, name: '確認', facilitatorKey: key });
  p.close();
  if (!ack.ok || !('board' in ack)) throw new Error('join');
  return ack.board.notes.map((n) => n.text).sort();
}

describe('opId dedupe is per sender', () => {
  it('[O3][LK4] another participant reusing my opId neither silences my op nor gets my ack', async () => {
    const srv = await world();
    try {
      const b = await createBoard(srv.url);
      const me = new Peer(srv.url);
      const other = new Peer(srv.url);
      await me.join({ boardId: b.id, name: '私', affiliation: 'citizen' });
      await other.join({ boardId: b.id, name: '他人', affiliation: 'npo' });
      const id = opId();
      // Taken first by someone else: my op must still be applied.
      const theirs = await other.send({ opId: id, type: 'note.add', note: note('n_other', '先取り') });
      const mine = await me.send({ opId: id, type: 'note.add', note: note('n_mine', '私のメモ') });
      expect(theirs.ok && mine.ok).toBe(true);
      expect(mine.ok && theirs.ok && mine.seq).not.toBe(theirs.ok && theirs.seq);
      // And the reuse the other way round: their resend of my id after me does not get my ack.
      const id2 = opId();
      const mine2 = await me.send({ opId: id2, type: 'note.add', note: note('n_mine2', '二枚目') });
      const theirs2 = await other.send({ opId: id2, type: 'note.add', note: note('n_other2', '後追い') });
      expect(mine2.ok && theirs2.ok && theirs2.seq).not.toBe(mine2.ok && mine2.seq);
      // A resend by the same sender is still applied once, with the first answer (O3).
      expect(await me.send({ opId: id, type: 'note.add', note: note('n_mine', '私のメモ') })).toEqual(mine);
      expect(await notesOf(srv, b.id, b.facilitatorKey)).toEqual(['二枚目', '先取り', '後追い', '私のメモ'].sort());
      me.close();
      other.close();
    } finally {
      await srv.stop();
      await removeDir(srv.dataDir);
    }
  });

  it('[O3][LK4] after a restart the remembered opIds still carry their sender; a document written without senders still loads and dedupes', async () => {
    const dataDir = await tempDir();
    let srv = await world(dataDir);
    try {
      const b = await createBoard(srv.url);
      const me = new Peer(srv.url);
      await me.join({ boardId: b.id, name: '私', affiliation: 'citizen' });
      const id = opId();
      const first = await me.send({ opId: id, type: 'note.add', note: note('n1', '一') });
      const you = me.you!;
      me.close();
      await srv.stop(); // folds the log into the document: the opIds now live in meta.opIds

      const docFile = path.join(dataDir, 'boards', `${b.id}.json`);
      const doc = JSON.parse(await readFile(docFile, 'utf8')) as { meta: { opIds: unknown[][] } };
      expect(doc.meta.opIds.find((e) => e[0] === id)).toEqual([id, first.ok && first.seq, you.id]);

      srv = await world(dataDir);
      const again = new Peer(srv.url);
      const stranger = new Peer(srv.url);
      await again.join({ boardId: b.id, name: '私', participant: { id: you.id, secret: you.secret } });
      await stranger.join({ boardId: b.id, name: '他人' });
      expect(await again.send({ opId: id, type: 'note.add', note: note('n1', '一') })).toEqual(first);
      const theirs = await stranger.send({ opId: id, type: 'note.add', note: note('n2', '二') });
      expect(theirs.ok && theirs.seq).not.toBe(first.ok && first.seq);
      again.close();
      stranger.close();
      await srv.stop();

      // Data from before senders were recorded: [opId, seq] pairs, one per opId.
      const old = JSON.parse(await readFile(docFile, 'utf8')) as { meta: { opIds: unknown[][] } };
      old.meta.opIds = old.meta.opIds.filter((e) => e[0] !== id || e[2] === you.id).map((e) => e.slice(0, 2));
      await writeFile(docFile, JSON.stringify(old));
      srv = await world(dataDir);
      const third = new Peer(srv.url);
      await third.join({ boardId: b.id, name: '私', participant: { id: you.id, secret: you.secret } });
      expect(await third.send({ opId: id, type: 'note.add', note: note('n1', '一') })).toEqual(first);
      third.close();
      expect(await notesOf(srv, b.id, b.facilitatorKey)).toEqual(['一', '二']);
    } finally {
      await srv.stop();
      await removeDir(dataDir);
    }
  });
});
