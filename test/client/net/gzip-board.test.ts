import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canGunzip, gunzipBoard, gunzipText } from '../../../client/net/gzipBoard.js';
import { viewFor } from '../../../shared/view.js';
import { FAC, makeBoard, note } from '../../shared/fixtures.js';

// [J7] A whole-board join answer may come as `boardGzip`: gzip of the UTF-8 JSON of the board.

const view = viewFor(
  makeBoard({ notes: [note('a1', 'alice', { text: '市民の声をひろう' }), note('b1', 'bob', { text: '企業と行政の役割を分ける 🙂' })] }),
  FAC,
);
const packed = gzipSync(Buffer.from(JSON.stringify(view), 'utf8'));

describe('[J7] unpacking a gzipped join answer', () => {
  it('this runtime can unpack, so the join asks for gzip', () => {
    expect(canGunzip()).toBe(true);
  });

  it('gives the same board from an ArrayBuffer (a browser), a Uint8Array (Node) and a Blob', async () => {
    const buffer = packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength);
    for (const data of [buffer, new Uint8Array(packed), packed, new Blob([new Uint8Array(packed)])]) expect(await gunzipBoard(data)).toEqual(view);
  });

  it('keeps Japanese text and emoji intact across chunk boundaries', async () => {
    const long = 'おなじテーブルにつこう🙂'.repeat(20_000);
    expect(await gunzipText(gzipSync(Buffer.from(long, 'utf8')))).toBe(long);
  });

  it('rejects bytes that are not gzip, and gzip that is not a board', async () => {
    await expect(gunzipBoard(new Uint8Array(Buffer.from(JSON.stringify(view))))).rejects.toThrow();
    await expect(gunzipBoard(gzipSync(Buffer.from('{"ok":true}')))).rejects.toThrow(/not a board/);
    await expect(gunzipBoard(gzipSync(Buffer.from('not json')))).rejects.toThrow();
  });
});
