import { z } from 'zod';
import { Affiliation } from '../../shared/model';

// Who we are on each board lives in localStorage, so a reload or a second tab is the same person.

const Identity = z.object({
  participantId: z.string(),
  secret: z.string(),
  name: z.string(),
  affiliation: Affiliation,
});
export type Identity = z.infer<typeof Identity>;

const identityKey = (boardId: string) => `onaji:identity:${boardId}`;
/** Where the projector once kept an identity of its own; it joins as nobody now (PR1), so only forgetting remains. */
const presentKey = (boardId: string) => `onaji:present:${boardId}`;
const facilitatorKeyKey = (boardId: string) => `onaji:key:${boardId}`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Without storage the role lasts until the tab closes; nothing else to do.
  }
}

export const loadIdentity = (boardId: string) => parseIdentity(read(identityKey(boardId)));
export const forgetPresentIdentity = (boardId: string) => write(presentKey(boardId), null);

function parseIdentity(raw: string | null): Identity | null {
  if (!raw) return null;
  try {
    const parsed = Identity.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const saveIdentity = (boardId: string, identity: Identity) => write(identityKey(boardId), JSON.stringify(identity));
export const forgetIdentity = (boardId: string) => write(identityKey(boardId), null);

export const loadFacilitatorKey = (boardId: string) => read(facilitatorKeyKey(boardId));
export const saveFacilitatorKey = (boardId: string, key: string) => write(facilitatorKeyKey(boardId), key);
export const forgetFacilitatorKey = (boardId: string) => write(facilitatorKeyKey(boardId), null);

/** The facilitate link carries the key in the fragment (never sent to a server log). */
export function facilitatorKeyFromHash(hash: string): string | null {
  const m = /(?:^#|&)key=([A-Za-z0-9_-]+)/.exec(hash);
  return m ? m[1]! : null;
}

/** Take the key out of the address bar: a browser on the wall shows its address to the room (LK7). */
export function dropKeyFromAddress(): void {
  if (facilitatorKeyFromHash(location.hash)) history.replaceState(history.state, '', location.pathname + location.search);
}

/**
 * The key a facilitate link brought, kept in this browser, then gone from the address. Where the
 * browser keeps nothing (storage off), the address is the only place a reload can find it again,
 * so there it stays.
 */
export function takeFacilitatorKey(boardId: string): string | null {
  const key = facilitatorKeyFromHash(location.hash);
  if (!key) return null;
  saveFacilitatorKey(boardId, key);
  if (loadFacilitatorKey(boardId) === key) dropKeyFromAddress();
  return key;
}
