import { parentPort } from 'node:worker_threads';
import { reassignSections } from '../../shared/geometry.js';
import { parseSnapshot } from '../../shared/snapshot.js';

/**
 * Reads one imported snapshot off the main thread (BU2): the JSON text is parsed and checked
 * with the shared schema here, so a 10 MiB file never stalls the event loop that answers every
 * workshop's ops. Sections are derived from geometry (R5), so a hand-edited file cannot make them
 * disagree.
 */
export type ImportAnswer = { ok: true; board: ImportedBoard } | { ok: false; status: number; message: string };
/**
 * The new board as JSON text, with what the index needs beside it: the main thread writes the
 * text as it is, so neither a 10 MiB object is copied back nor its JSON made again there.
 */
export type ImportedBoard = { id: string; title: string; createdAt: number; json: string };
export type ImportRequest = { body: Uint8Array; id: string };

parentPort!.on('message', ({ body, id }: ImportRequest) => {
  let answer: ImportAnswer;
  try {
    const text = new TextDecoder().decode(body);
    let raw: unknown = {};
    let bad = false;
    if (text.trim() !== '') {
      try {
        raw = JSON.parse(text);
      } catch {
        bad = true;
      }
    }
    if (bad) answer = { ok: false, status: 400, message: 'the body is not valid JSON' };
    else {
      const parsed = parseSnapshot(raw);
      if (!parsed.ok) answer = { ok: false, status: 400, message: parsed.message };
      else {
        // A new board with the file's content: its own id, nothing confirmed yet, no timer running.
        const content = reassignSections(parsed.value.board);
        const board = { ...content, id, seq: 0, timer: { ...content.timer, endsAt: null } };
        answer = { ok: true, board: { id, title: board.title, createdAt: board.createdAt, json: JSON.stringify(board) } };
      }
    }
  } catch (e) {
    answer = { ok: false, status: 500, message: String(e) };
  }
  parentPort!.postMessage(answer);
});
