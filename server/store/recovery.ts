import { promises as fs } from 'node:fs';
import path from 'node:path';
import { boardTag, type Log } from '../log.js';
import { syncDir, writeFileDurably } from './durable-file.js';
import { BoardDocument, type IndexEntry } from './types.js';

/** What a crash can leave behind, and how the store puts it right when it opens (L14). */

const TMP = /\.tmp-\d+-\d+$/;

/**
 * A temporary file is a document or checkpoint whose write never reached its rename: the file
 * it was meant to replace is still the truth. Only run while nothing in this process writes.
 */
export async function removeStaleTemporaries(dir: string, log: Log): Promise<void> {
  let removed = 0;
  const sweep = async (d: string, depth: number) => {
    const entries = await fs.readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && depth > 0) await sweep(p, depth - 1);
      else if (e.isFile() && TMP.test(e.name)) {
        await fs.unlink(p);
        removed++;
      }
    }
  };
  await sweep(dir, 2);
  if (removed) log.info('removed temporary files of writes a stop interrupted', { files: removed });
}

/** Move a file a person must look at out of the way, under a name that says why. */
export async function moveAside(file: string, log: Log, why: string, data: Record<string, unknown>): Promise<string | null> {
  const aside = `${file}.corrupt-${Date.now()}`;
  try {
    await fs.rename(file, aside);
    await syncDir(path.dirname(file));
    log.error(`moved an unreadable file aside (${why}); it is kept for a person to inspect`, { ...data, aside: path.basename(aside) });
    return aside;
  } catch (e) {
    log.error('could not move an unreadable file aside', { ...data, why: String(e) });
    return null;
  }
}

/**
 * Make the op log end with the last entry that replays, before anything is appended to it: a new
 * line written after a torn one would be glued to it, and every later line lost on the next load.
 * A torn tail was never acknowledged (acks wait for the whole line) and is cut off; anything
 * worse keeps the whole old file aside and starts the log again from the good entries.
 */
export async function repairLog(file: string, id: string, text: string, good: string[], problem: 'torn' | 'damaged', log: Log): Promise<void> {
  if (problem === 'torn') {
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    const fh = await fs.open(file, 'r+');
    try {
      await fh.truncate(Buffer.byteLength(whole));
      await fh.datasync();
    } finally {
      await fh.close();
    }
    log.warn('cut a torn last line off an op log (a write a crash interrupted; it was never acknowledged)', { board: boardTag(id) });
    return;
  }
  const aside = await moveAside(file, log, 'op log replay stopped early', { board: boardTag(id) });
  if (aside) await writeFileDurably(file, good.map((l) => l + '\n').join(''));
}

/**
 * The index maps ids to join codes; without it every board would look unknown. When it is gone
 * or unreadable it is rebuilt from the documents themselves.
 */
export async function rebuildIndex(boardsDir: string, log: Log): Promise<Record<string, IndexEntry>> {
  const boards: Record<string, IndexEntry> = {};
  const names = (await fs.readdir(boardsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  for (const name of names) {
    try {
      const doc = BoardDocument.parse(JSON.parse(await fs.readFile(path.join(boardsDir, name), 'utf8')));
      const b = doc.board;
      boards[b.id] = { id: b.id, code: doc.meta.code, title: b.title, createdAt: b.createdAt };
    } catch {
      log.warn('a board document could not be read while rebuilding the index', { file: boardTag(name) });
    }
  }
  if (names.length) log.warn('rebuilt index.json from the board documents', { boards: Object.keys(boards).length });
  return boards;
}
