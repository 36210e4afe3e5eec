import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { queuedBytes } from '../../server/realtime/send-buffer.js';
import { socketsOf } from '../../server/app.js';
import { createBoard, FLOOD_ALLOWED, opId, Peer, removeDir, startServer } from '../helpers/server.js';
import { RawSocket } from '../helpers/raw-socket.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

const CAP = 512 * 1024;
const SLOW = 5;
const WRITERS = 4;
/** Each update broadcasts about 6 KB (2,000 kanji) to everybody on the board. */
const LONG = (i: number) => `${i}`.padEnd(2_000, '遅');

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
/**
 * What the heap holds after a full collection, with the buffers outside it (ws frames): what is
 * queued, not what is waiting to be freed.
 */
const retained = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

describe('slow readers', () => {
  it('[BU4] sockets that stop reading are sent away past the send-buffer cap; writers keep their acks and the heap stays bounded', async () => {
    const srv = await startServer({ limits: { ...FLOOD_ALLOWED, sendBufferBytes: CAP } });
    cleanup.push(async () => {
      await srv.stop();
      await removeDir(srv.dataDir);
    });
    const b = await createBoard(srv.url, { title: '遅い読み手' });
    const slow = Array.from({ length: SLOW }, () => new RawSocket(srv.url));
    cleanup.unshift(() => slow.forEach((s) => s.close()));
    for (const [i, s] of slow.entries()) expect(await s.emit('join', { boardId: b.id, name: `止まる${i}` })).toMatchObject({ ok: true });
    const writers = Array.from({ length: WRITERS }, () => new Peer(srv.url));
    cleanup.unshift(() => writers.forEach((w) => w.close()));
    for (const [i, w] of writers.entries()) {
      expect((await w.join({ boardId: b.id, name: `書く${i}` })).ok).toBe(true);
      expect((await w.send({ opId: opId(), type: 'note.add', note: { id: `n_${i}`, text: '始め', x: i * 250, y: 0 } })).ok).toBe(true);
    }
    expect(socketsOf(srv.app.io, b.id)).toHaveLength(SLOW + WRITERS);
    // The writers count what they hear instead of keeping it, so the heap is the server's.
    let heard = 0;
    writers[0]!.socket.on('op', (e) => void (e.op?.type === 'note.update' && heard++));
    const forget = () => writers.forEach((w) => ((w.entries.length = 0), (w.received.length = 0)));
    const heapBefore = retained();
    for (const s of slow) s.stopReading();

    // Without the cap every slow socket would queue all of this: 5 × ~24 MB.
    let acked = 0;
    let refused = 0;
    let maxQueued = 0;
    let peakHeap = heapBefore;
    await Promise.all(
      writers.map(async (w, i) => {
        for (let k = 0; k < 1_000; k++) {
          const ack = await w.send({ opId: opId(), type: 'note.update', id: `n_${i}`, patch: { text: LONG(k) } });
          if (ack.ok) acked++;
          else refused++;
          if (k % 50 === 0) for (const s of srv.app.io.sockets.sockets.values()) maxQueued = Math.max(maxQueued, queuedBytes(s));
          if (i === 0 && k % 100 === 0) {
            forget();
            peakHeap = Math.max(peakHeap, retained());
          }
        }
      }),
    );
    expect(refused).toBe(0);
    expect(acked).toBe(WRITERS * 1_000);
    // Only the writers are left on the board, and they saw every update of the others.
    const left = socketsOf(srv.app.io, b.id);
    expect(left).toHaveLength(WRITERS);
    await writers[0]!.waitFor(() => heard >= WRITERS * 1_000);
    // A queue is looked at every 250 ms; between two looks it may outgrow the cap by what the board sends meanwhile.
    expect(maxQueued).toBeLessThan(CAP * 16);
    expect(peakHeap - heapBefore).toBeLessThan(40 * 1024 * 1024);
    console.log(`[BU4] largest queue seen ${(maxQueued / 1024).toFixed(0)} KiB; heap growth ${((peakHeap - heapBefore) / 1048576).toFixed(1)} MiB`);
  }, 120_000);
});
