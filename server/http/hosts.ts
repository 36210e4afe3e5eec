import os from 'node:os';

// DNS rebinding: a page on evil.example whose name is made to point at this machine talks to us
// as its own origin, so the Origin check (L7) passes. The browser still sends `Host: evil.example`,
// and a server that answers only to its own names refuses it (LK6).

/** The host name a Host header names: lower-case, no port, no IPv6 brackets, no trailing dot; null for anything else. */
export function hostName(header: string | undefined): string | null {
  if (!header || !/^[A-Za-z0-9.[\]:-]+$/.test(header)) return null;
  try {
    const name = new URL(`http://${header}`).hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
    return name || null;
  } catch {
    return null;
  }
}

/** Answers whether a request's Host is one of ours; `*` in the list lets any through. */
export type HostCheck = (header: string | undefined) => boolean;

/** The check for a list of allowed names (any port); none at all when the list is not given. */
export function hostCheck(allowed: readonly string[] | undefined): HostCheck | null {
  if (!allowed || allowed.includes('*')) return null;
  const names = new Set(allowed.map((h) => hostName(h.trim()) ?? h.trim().toLowerCase()));
  return (header) => {
    const name = hostName(header);
    return name !== null && names.has(name);
  };
}

/** Why a request was refused, naming the setting that would let it in. */
export const HOST_REFUSED = 'this server does not answer to this host name; if it is one of its own, add it to ALLOWED_HOSTS';

/**
 * The names the server can be reached by on a laptop: the ones it prints at start (localhost and
 * every address of this machine), its host name and the `.local` name mDNS gives it, and the
 * address it listens on when that is a single one.
 */
export function defaultAllowedHosts(listenHost: string, interfaces = os.networkInterfaces(), hostname = os.hostname()): string[] {
  const out = new Set(['localhost', '127.0.0.1', '::1']);
  for (const list of Object.values(interfaces)) for (const a of list ?? []) out.add(a.address.replace(/%.*$/, ''));
  if (hostname) {
    out.add(hostname.toLowerCase());
    if (!hostname.includes('.')) out.add(`${hostname.toLowerCase()}.local`);
  }
  if (listenHost !== '0.0.0.0' && listenHost !== '::') out.add(listenHost.toLowerCase());
  return [...out];
}
