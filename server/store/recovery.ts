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
 * line written after a torn one would be glued to it. A torn tail was never acknowledged (acks
 * wait for the whole batch) and is cut off; anything worse keeps the whole old file aside and
 * starts the log again from the entries that replayed (S6).
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
  const aside = await moveAside(file, log, 'op log lines were left out at replay', { board: boardTag(id) });
  if (aside) await writeFileDurably(file, good.map((l) => l + '\n').join(''));
}

/** A board's file name stem: what a board id can be, and nothing that could leave the folder. */
export const BOARD_ID = /^b[A-Za-z0-9_-]{10,64}$/;

const INDEX_ENTRY = /"id":"(b[A-Za-z0-9_-]+)","code":"(\d{6})"/g;
const DOC_CODE = /"meta":\{"code":"(\d{6})"/;

/** Join codes that can still be read out of damaged or moved-aside index files, by board id. */
export async function salvageCodes(dir: string): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n === 'index.json' || n.startsWith('index.json.corrupt-')).sort();
  for (const name of names) {
    const text = await fs.readFile(path.join(dir, name), 'utf8').catch(() => '');
    for (const m of text.matchAll(INDEX_ENTRY)) codes.set(m[1]!, m[2]!);
  }
  return codes;
}

/**
 * What the boards folder says about one board: its index entry from the document, or, when the
 * document is missing or damaged but the board left other files (its log, a moved-aside
 * document), an entry that keeps the board known (L15: 503, never 404) with whatever join code
 * can still be found. Null when the folder holds nothing of it.
 */
export async function entryFromFiles(boardsDir: string, id: string, codes: Map<string, string>, names?: string[]): Promise<IndexEntry | null> {
  if (!BOARD_ID.test(id)) return null;
  const docFile = path.join(boardsDir, `${id}.json`);
  const text = await fs.readFile(docFile, 'utf8').catch(() => null);
  if (text !== null) {
    try {
      const doc = BoardDocument.parse(JSON.parse(text));
      if (doc.board.id === id) return { id, code: doc.meta.code, title: doc.board.title, createdAt: doc.board.createdAt };
    } catch {
      // Damaged: known by its files, below.
    }
  }
  // A lookup checks the log alone; a rebuild, which lists the folder anyway, also finds documents moved aside.
  const traces = names
    ? names.filter((n) => n === `${id}.log` || n.startsWith(`${id}.json.corrupt-`))
    : (await fs.stat(path.join(boardsDir, `${id}.log`)).then(() => [`${id}.log`], () => []));
  if (text === null && !traces.length) return null;
  let code = codes.get(id) ?? (text && DOC_CODE.exec(text)?.[1]);
  for (const n of traces.filter((t) => t.includes('.json.corrupt-')).sort().reverse()) {
    if (code) break;
    code = DOC_CODE.exec(await fs.readFile(path.join(boardsDir, n), 'utf8').catch(() => ''))?.[1];
  }
  return { id, code: code || '', title: '', createdAt: 0 };
}

/**
 * The index maps ids to join codes; without it every board would look unknown. When it is gone
 * or unreadable it is rebuilt from the boards folder: every board that left a file there is
 * listed, a damaged one too (with the join code the old index still shows, if any), so it
 * answers 503 until its document is restored instead of vanishing (L15, S8).
 */
export async function rebuildIndex(dir: string, boardsDir: string, log: Log): Promise<Record<string, IndexEntry>> {
  const boards: Record<string, IndexEntry> = {};
  const codes = await salvageCodes(dir);
  const names = await fs.readdir(boardsDir).catch(() => [] as string[]);
  const ids = new Set(names.map((n) => /^(b[A-Za-z0-9_-]+)\.(json|log)/.exec(n)?.[1]).filter((id): id is string => !!id && BOARD_ID.test(id)));
  let damaged = 0;
  for (const id of ids) {
    const entry = await entryFromFiles(boardsDir, id, codes, names);
    if (!entry) continue;
    boards[id] = entry;
    if (!entry.title && !entry.createdAt) damaged++;
  }
  if (damaged) log.warn('some boards in the rebuilt index have no readable document; they answer 503 until it is restored', { boards: damaged });
  if (names.length) log.warn('rebuilt index.json from the board documents', { boards: Object.keys(boards).length });
  return boards;
}
