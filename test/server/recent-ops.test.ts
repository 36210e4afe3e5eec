import { describe, expect, it } from 'vitest';
import { emptyBoard, type Board } from '../../shared/model.js';
import type { OpEntry } from '../../shared/ops.js';
import { RecentOps } from '../../server/rooms/recent-ops.js';

const open = emptyBoard({ id: 'b_ring', title: 'ring', template: 'blank', lang: 'ja', createdAt: 0 } as Parameters<typeof emptyBoard>[0]);
const hidden: Board = { ...open, settings: { ...open.settings, privateWriting: true } };
const entry = (seq: number): OpEntry => ({ seq, by: 'p_a', at: seq, op: { opId: `op_${seq}`, type: 'timer.stop' } }) as OpEntry;

describe('the recent-op ring', () => {
  it('holds the latest entries in seq order, past its capacity too', () => {
    const ring = new RecentOps(4);
    for (let seq = 1; seq <= 10; seq++) ring.push(entry(seq), seq === 8 ? hidden : open);
    expect(ring.since(10, 10)).toEqual([]);
    expect(ring.since(6, 10)?.map((h) => [h.entry.seq, h.sensitive])).toEqual([
      [7, false],
      [8, true],
      [9, false],
      [10, false],
    ]);
    expect(ring.since(8, 10)?.map((h) => h.entry.seq)).toEqual([9, 10]);
    // Seq 6 and older are gone, and so is a future the ring has not seen.
    expect(ring.since(5, 10)).toBeNull();
    expect(ring.since(11, 10)).toBeNull();
    expect(ring.opIds()).toEqual([
      ['op_7', 7, 'p_a'],
      ['op_8', 8, 'p_a'],
      ['op_9', 9, 'p_a'],
      ['op_10', 10, 'p_a'],
    ]);
  });

  it('forgets an evicted entry was sensitive, and nothing before a reset brings a client past it', () => {
    const ring = new RecentOps(2);
    ring.push(entry(1), hidden);
    ring.push(entry(2), open);
    ring.push(entry(3), open);
    ring.push(entry(4), hidden);
    expect(ring.since(2, 4)?.map((h) => h.sensitive)).toEqual([false, true]);
    ring.markReset(4);
    expect(ring.since(3, 4)).toBeNull();
    expect(ring.since(4, 4)).toEqual([]);
    expect(new RecentOps(3).since(0, 2)).toBeNull();
  });
});
