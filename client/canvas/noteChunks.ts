/** Notes per chunk: about the square root of a large board, so both levels stay short. */
export const CHUNK_SIZE = 48;

/** A run of consecutive note ids, rendered by one memoised component; `key` never changes. */
export type Chunk = { key: string; ids: readonly string[] };

// Keys come from a counter, not from a note id: a deleted note that comes back (undo) must not
// give its new chunk the key of the chunk it once started.
let made = 0;
const newKey = () => `c${++made}`;

/**
 * Splits the notes (in stacking order) into chunks for React. When one note changes, React
 * renders from the root down to it, and at its parent it visits every child: with all notes
 * children of the layer that is thousands of fibers for each remote move or drag step. In
 * chunks it visits the chunks, then the notes of the one chunk that holds the changed note.
 *
 * A note keeps its chunk (and so its React key path, and its Konva node) while the board only
 * loses notes or gains them at the end, which is how it changes: moves keep the order, an add
 * appends. Anything else (a reset with another order) chunks afresh and remounts the notes.
 */
export function chunkIds(prev: readonly Chunk[], ids: readonly string[], size = CHUNK_SIZE): Chunk[] {
  const present = new Set(ids);
  const kept: Chunk[] = [];
  let at = 0;
  for (const chunk of prev) {
    const left = chunk.ids.filter((id) => present.has(id));
    if (left.length === 0) continue;
    for (const id of left) if (ids[at++] !== id) return fresh(ids, size);
    kept.push(left.length === chunk.ids.length ? chunk : { key: chunk.key, ids: left });
  }
  // New notes fill the last chunk up to `size`, then start chunks of their own.
  while (at < ids.length) {
    const last = kept.at(-1);
    if (last && last.ids.length < size) {
      const take = ids.slice(at, at + size - last.ids.length);
      kept[kept.length - 1] = { key: last.key, ids: [...last.ids, ...take] };
      at += take.length;
    } else {
      const take = ids.slice(at, at + size);
      kept.push({ key: newKey(), ids: take });
      at += take.length;
    }
  }
  return kept;
}

function fresh(ids: readonly string[], size: number): Chunk[] {
  const out: Chunk[] = [];
  for (let i = 0; i < ids.length; i += size) {
    const take = ids.slice(i, i + size);
    out.push({ key: newKey(), ids: take });
  }
  return out;
}
