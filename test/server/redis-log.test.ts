import { describe, expect, it } from 'vitest';
import { replayStream, type StreamEntry } from '../../server/store/redis-log.js';

// [RS6][S6] How a board's stream is read back: the same rules as the file store's log replay.

const entry = (seq: number, id = `${seq}-0`): StreamEntry => ({
  id,
  message: { e: JSON.stringify({ seq, by: 'p_writer0001', at: 1_700_000_000_000 + seq, op: { opId: `op_replay_${seq}`, type: 'note.delete', ids: ['n_1'] } }) },
});
const torn = (seq: number): StreamEntry => ({ id: `${seq}-0`, message: { e: `{"seq":${seq},"by":` } });

describe('stream replay', () => {
  it.each([
    { name: 'every entry in order', stream: [entry(4), entry(5), entry(6)], seqs: [4, 5, 6], unreadable: 0, outOfOrder: 0, missing: 0 },
    { name: 'a torn entry costs that entry only', stream: [entry(4), torn(5), entry(6)], seqs: [4, 6], unreadable: 1, outOfOrder: 0, missing: 1 },
    { name: 'an entry whose seq is not its stream id is left out', stream: [entry(4), entry(9, '5-0'), entry(6)], seqs: [4, 6], unreadable: 1, outOfOrder: 0, missing: 1 },
    { name: 'an entry already folded into the document is out of order', stream: [entry(3), entry(4)], seqs: [4], unreadable: 0, outOfOrder: 1, missing: 0 },
    { name: 'a gap is counted, never hidden', stream: [entry(4), entry(7)], seqs: [4, 7], unreadable: 0, outOfOrder: 0, missing: 2 },
    { name: 'an empty stream keeps the document', stream: [], seqs: [], unreadable: 0, outOfOrder: 0, missing: 0 },
  ])('[RS6][S6] $name', ({ stream, seqs, unreadable, outOfOrder, missing }) => {
    const r = replayStream(stream, 3);
    expect(r.entries.map((e) => e.seq)).toStrictEqual(seqs);
    expect(r.kept.map(([id]) => id)).toStrictEqual(seqs.map((s) => `${s}-0`));
    expect(r.last).toBe(seqs.at(-1) ?? 3);
    expect({ unreadable: r.unreadable, outOfOrder: r.outOfOrder, missing: r.missing }).toStrictEqual({ unreadable, outOfOrder, missing });
  });
});
