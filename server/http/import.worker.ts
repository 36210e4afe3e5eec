import { parentPort } from 'node:worker_threads';
import { reassignSections } from '../../shared/geometry.js';
import { parseSnapshot } from '../../shared/snapshot.js';

/**
 * Reads one imported snapshot off the main thread (BU2): the JSON text is parsed and checked
 * with the shared schema here, so a 10 MiB file never stalls the event loop that answers every
 * workshop's ops. Sections are derived from geometry (R5), so a hand-edited file cannot make them
 * disagree.
 */
export type ImportAnswer = { ok: true; board: unknown } | { ok: false; status: number; message: string };

parentPort!.on('message', (body: Uint8Array) => {
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
      answer = parsed.ok ? { ok: true, board: reassignSections(parsed.value.board) } : { ok: false, status: 400, message: parsed.message };
    }
  } catch (e) {
    answer = { ok: false, status: 500, message: String(e) };
  }
  parentPort!.postMessage(answer);
});
