import { afterEach, describe, expect, it, vi } from 'vitest';
import { CursorChannel } from '../../../client/net/cursors.js';
import { readCursorBatch } from '../../../client/net/cursorBatch.js';
import { joinAsks } from '../../../client/net/joinAsks.js';
import type { BoardSocket } from '../../../client/net/socket.js';
import { JoinRequest } from '../../../shared/protocol.js';
import { FakeSocket, pageWorld } from './fakeSocket.js';

// Others' pointers as the canvas gets them, from the messages a server sends: batches (RM1) from
// a server that batches, single `cursor`s (P2) from one that does not.


const { frame, holdFrames } = pageWorld();
afterEach(() => vi.useRealTimers());

const ME = 'p_me';
const MY_POINTER = 'c_mine000000000000000000';
function channel() {
  const socket = new FakeSocket();
  const ch = new CursorChannel(socket as unknown as BoardSocket, () => true, (id) => id === ME || id === MY_POINTER);
  ch.start();
  let renders = 0;
  ch.cursors.subscribe(() => renders++);
  const shown = () => Object.fromEntries([...ch.cursors.get()].map(([id, c]) => [id, { x: c.x, y: c.y, ...(c.anonymous ? { anonymous: true } : {}) }]));
  return { socket, ch, shown, renders: () => renders };
}

describe('pointer batches (RM1)', () => {
  it('[RM1] a batch shows every pointer in it at its position, except our own under either of our ids', () => {
    const { socket, shown } = channel();
    socket.fire('cursors', { list: [['p_ann', 10, 20], [ME, 1, 1], ['p_bo', -30, 40.5]] });
    frame();
    expect(shown()).toEqual({ p_ann: { x: 10, y: 20 }, p_bo: { x: -30, y: 40.5 } });
    socket.fire('cursors', { list: [[MY_POINTER, 5, 5], ['c_other00000000000000000', 7, 8]], anonymous: true });
    frame();
    expect(shown()).toEqual({ c_other00000000000000000: { x: 7, y: 8, anonymous: true } });
  });

  it('[RM1] the latest position wins: within a batch, across batches of one frame, and over what was shown', () => {
    const { socket, shown, renders } = channel();
    socket.fire('cursors', { list: [['p_ann', 10, 20]] });
    frame();
    socket.fire('cursors', { list: [['p_ann', 11, 21], ['p_ann', 12, 22]] });
    socket.fire('cursors', { list: [['p_ann', 13, 23], ['p_bo', 1, 2]] });
    socket.fire('cursors', { list: [['p_bo', 3, 4]] });
    frame();
    expect(shown()).toEqual({ p_ann: { x: 13, y: 23 }, p_bo: { x: 3, y: 4 } });
    // Three messages in one frame: the canvas hears of them once.
    expect(renders()).toBe(2);
  });

  it('[RM1] malformed batches and entries are ignored, never thrown on; the good entries of a batch still count', () => {
    const { socket, shown, renders } = channel();
    const bad: unknown[] = [null, undefined, 42, 'cursors', [], {}, { list: 'x' }, { list: null }, { list: { 0: ['p_a', 1, 2] } }];
    for (const b of bad) expect(() => socket.fire('cursors', b)).not.toThrow();
    frame();
    expect(shown()).toEqual({});
    expect(renders()).toBe(0);
    socket.fire('cursors', {
      list: [
        null,
        'p_a',
        ['p_a'],
        ['p_a', 1],
        ['p_a', '1', 2],
        [7, 1, 2],
        ['', 1, 2],
        ['p_nan', Number.NaN, 2],
        ['p_inf', 1, Number.POSITIVE_INFINITY],
        ['p_far', 2e6, 0],
        ['x'.repeat(500), 1, 2],
        { id: 'p_obj', x: 1, y: 2 },
        ['p_good', 5, 6, 'extra'],
      ],
    });
    frame();
    expect(shown()).toEqual({ p_good: { x: 5, y: 6 } });
  });

  it('[RM1][LK3] a batch of the other kind drops the pointers of the other kind, also when it holds only our own', () => {
    const { socket, shown } = channel();
    socket.fire('cursors', { list: [['p_ann', 10, 20], ['p_bo', 30, 40]] });
    frame();
    socket.fire('cursors', { list: [['c_ann00000000000000000000', 11, 21]], anonymous: true });
    frame();
    expect(shown()).toEqual({ c_ann00000000000000000000: { x: 11, y: 21, anonymous: true } });
    // The board is named again; the batch holds only our own pointer, yet says the board's kind.
    socket.fire('cursors', { list: [[ME, 1, 1]] });
    frame();
    expect(shown()).toEqual({});
  });

  it('[P2][LK3] an older server’s single cursors are shown as before, with the same kind switch', () => {
    const { socket, shown } = channel();
    socket.fire('cursor', { id: 'p_ann', x: 10, y: 20 });
    socket.fire('cursor', { id: 'p_ann', x: Number.NaN, y: 20 });
    socket.fire('cursor', null);
    frame();
    expect(shown()).toEqual({ p_ann: { x: 10, y: 20 } });
    socket.fire('cursor', { id: 'c_x00000000000000000000000', x: 1, y: 2, anonymous: true });
    frame();
    expect(shown()).toEqual({ c_x00000000000000000000000: { x: 1, y: 2, anonymous: true } });
  });

  it('[RM1] a batch that changes nothing on screen (only our own pointer) does not re-render', () => {
    const { socket, renders } = channel();
    socket.fire('cursors', { list: [[ME, 1, 1]] });
    frame();
    expect(renders()).toBe(0);
  });

  it('[P2] people who left lose their pointer; a pointer resting 15 s is forgotten', () => {
    vi.useFakeTimers();
    holdFrames();
    const { socket, ch, shown } = channel();
    socket.fire('cursors', { list: [['p_ann', 1, 2], ['p_bo', 3, 4]] });
    frame();
    ch.keepOnly(new Set(['p_bo']));
    expect(shown()).toEqual({ p_bo: { x: 3, y: 4 } });
    vi.advanceTimersByTime(21_000);
    expect(shown()).toEqual({});
    ch.stop();
  });
});

describe('what a screen asks for in its join (RM1–RM3)', () => {
  it('[RM1][RM2][RM3] a laptop asks for batches, the wall and a phone for no pointers; all ask for presence deltas', () => {
    expect(joinAsks({}, false)).toEqual({ pointers: 'batched', presence: 'delta' });
    expect(joinAsks({ projector: true }, false)).toEqual({ pointers: 'none', presence: 'delta' });
    expect(joinAsks({}, true)).toEqual({ pointers: 'none', presence: 'delta' });
    const base = { boardId: 'bAbCdEfGhIjKlMnOpQrStUv', name: '壁' };
    expect(JoinRequest.safeParse({ ...base, ...joinAsks({}, false) }).success).toBe(true);
    expect(JoinRequest.safeParse({ ...base, projector: true, ...joinAsks({ projector: true }, false) }).success).toBe(true);
  });

  it('[RM1] readCursorBatch keeps entries in their order and says the kind', () => {
    expect(readCursorBatch({ list: [['a', 1, 2], ['b', 3, 4]], anonymous: true })).toEqual({
      list: [
        { id: 'a', x: 1, y: 2 },
        { id: 'b', x: 3, y: 4 },
      ],
      anonymous: true,
    });
    expect(readCursorBatch({ list: [], anonymous: 'yes' })).toEqual({ list: [], anonymous: false });
  });
});
