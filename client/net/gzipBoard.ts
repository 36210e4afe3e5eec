import type { BoardView } from '../../shared/view';

/** Can this browser unpack a gzipped join answer (J7)? Only then does the join ask for one. */
export const canGunzip = (): boolean => typeof DecompressionStream === 'function';

/** What a binary Socket.IO attachment may arrive as: ArrayBuffer in a browser, Buffer (a Uint8Array) in Node. */
export type Packed = ArrayBuffer | ArrayBufferView | Blob;

/** The UTF-8 text inside gzipped bytes. */
export async function gunzipText(data: Packed): Promise<string> {
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart]);
  return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text();
}

/**
 * The board of a gzipped join answer (`boardGzip`: gzip of the JSON the plain answer's `board`
 * would be). Rejects when the bytes are not gzip or not a board, so the caller can join again
 * without asking for compression.
 */
export async function gunzipBoard(data: Packed): Promise<BoardView> {
  const value: unknown = JSON.parse(await gunzipText(data));
  if (!looksLikeBoard(value)) throw new Error('the gzipped join answer is not a board');
  return value;
}

/** The plain answer's board is taken as the server sends it; this only catches bytes that are something else. */
function looksLikeBoard(v: unknown): v is BoardView {
  if (typeof v !== 'object' || v === null) return false;
  const b = v as Record<string, unknown>;
  return typeof b.id === 'string' && typeof b.seq === 'number' && Array.isArray(b.notes) && Array.isArray(b.sections) && Array.isArray(b.participants);
}
