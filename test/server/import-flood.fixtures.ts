import type { Snapshot } from '../../shared/snapshot.js';
import { createBoard, opId, Peer, removeDir, startServer } from '../helpers/server.js';
import { exportSnapshot } from './workshop.fixtures.js';

/**
 * The JSON of a snapshot of about `bytes` bytes: a real export of a board with one note, whose
 * note is then copied, each copy with its own id and long text, as a large hand-made import.
 */
export async function largeSnapshot(bytes: number): Promise<string> {
  const srv = await startServer();
  try {
    const b = await createBoard(srv.url, { title: '大きな取り込み' });
    const p = new Peer(srv.url);
    await p.join({ boardId: b.id, name: '作る人' });
    await p.send({ opId: opId(), type: 'note.add', note: { id: 'n_0', text: '種', x: 0, y: 0 } });
    p.close();
    const snap: Snapshot = await exportSnapshot(srv, b.id, b.facilitatorKey);
    const seed = snap.board.notes['n_0']!;
    const text = '取り込みの中身'.repeat(280).slice(0, 1_900);
    const perNote = Buffer.byteLength(JSON.stringify({ ...seed, id: 'n_0000', text })) + 12;
    const count = Math.min(4_900, Math.ceil(bytes / perNote));
    const notes: Snapshot['board']['notes'] = {};
    for (let i = 0; i < count; i++) {
      const id = `n_${i.toString().padStart(4, '0')}`;
      notes[id] = { ...seed, id, text: `${i} ${text}`, x: (i % 70) * 210, y: Math.floor(i / 70) * 150 };
    }
    return JSON.stringify({ ...snap, board: { ...snap.board, notes } });
  } finally {
    await srv.stop();
    await removeDir(srv.dataDir);
  }
}
