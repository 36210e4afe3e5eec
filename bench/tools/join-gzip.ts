import { gzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { emptyBoard, type Board } from '../../shared/model.js';
import { applyOp, withSeq } from '../../shared/reducer.js';
import { viewFor } from '../../shared/view.js';
import { noteAt } from '../lib/browser.js';

/**
 * What the gzipped join answer (J7) costs and saves on a board of N notes (default 2,000, the
 * P4 board): bytes and milliseconds of `viewFor` + `JSON.stringify`, then gzip at each level,
 * synchronously (CPU) and through the threadpool (what a join waits).
 * `npx tsx bench/tools/join-gzip.ts [notes] [rounds] [random]`
 */
const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 15);
const gz = promisify(gzip);
/** `random`: every note's text drawn at random from 2,000 kanji and kana, harder to compress than the P4 sentences. */
const RANDOM = process.argv[4] === 'random';
let rnd = 1;
const next = () => (rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648;
const randomText = (len: number) => Array.from({ length: len }, () => String.fromCharCode(0x4e00 + Math.floor(next() * 2000))).join('');

let board: Board = emptyBoard({ id: 'bBenchBoard000000000000', title: 'まちづくりワークショップ', template: 'blank', lang: 'ja', createdAt: Date.now() });
const author = { id: 'pAuthor0000000000', role: 'participant' as const };
const step = (op: Parameters<typeof applyOp>[1], actor = author) => {
  const res = applyOp(board, op, { actor, at: Date.now() });
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  board = withSeq(res.board, board.seq + 1);
};
step({ opId: 'j1', type: 'participant.join', participant: { id: author.id, name: '書き手', affiliation: 'citizen', role: 'participant' } });
for (let i = 0; i < N; i++) step({ opId: `a${i}`, type: 'note.add', note: RANDOM ? { ...noteAt(i), text: randomText(20 + Math.floor(next() * 40)) } : noteAt(i) });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

const viewer = { id: 'pViewer0000000000', role: 'participant' as const };
let json = '';
const tView = median(Array.from({ length: ROUNDS }, () => time(() => void (json = JSON.stringify(viewFor(board, viewer))))));
const bytes = Buffer.byteLength(json);
console.log(`${N} notes: JSON ${(bytes / 1024).toFixed(0)} KB (${json.length} chars); viewFor + stringify ${tView.toFixed(2)} ms`);
for (const level of [1, 3, 6, 9]) {
  let out = Buffer.alloc(0);
  const sync = median(Array.from({ length: ROUNDS }, () => time(() => void (out = gzipSync(json, { level })))));
  const waits: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    await gz(json, { level });
    waits.push(performance.now() - t);
  }
  console.log(`level ${level}: ${(out.length / 1024).toFixed(1)} KB (${((out.length / bytes) * 100).toFixed(1)} %), CPU ${sync.toFixed(2)} ms, async wait ${median(waits).toFixed(2)} ms`);
}
