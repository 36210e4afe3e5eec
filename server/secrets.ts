import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 128 bits or more from the OS generator, URL-safe. Board ids may not be guessed, keys even less. */
export const newBoardId = () => 'b' + randomBytes(16).toString('base64url');
export const newFacilitatorKey = () => randomBytes(32).toString('base64url');
export const newParticipantId = () => 'p' + randomBytes(12).toString('base64url');
export const newParticipantSecret = () => randomBytes(24).toString('base64url');
export const newJoinCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Secrets are kept only as hashes, so a copied data folder does not hand out keys. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Constant-time: the time taken never tells how much of a guessed key was right. */
export function secretMatches(given: string, storedHash: string | undefined): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(hashSecret(given), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
