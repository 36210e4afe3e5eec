// crypto.randomUUID exists only in secure contexts, and a workshop on a venue LAN is plain http,
// so ids come from getRandomValues, which works everywhere.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 62 does not divide 256; the slight bias does not matter for ids that only need to be unique.
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export const newOpId = () => randomId(20);
/** The prefix keeps a note id from ever being all digits, which the id schema refuses. */
export const newNoteId = () => `n_${randomId(14)}`;
