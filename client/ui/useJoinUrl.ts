import { useEffect, useState } from 'react';
import { fetchNetwork } from '../net/api';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export const isLoopback = (hostname: string) => LOOPBACK.test(hostname) || hostname.endsWith('.localhost');

let network: Promise<string | null> | null = null;

/** The first LAN origin the server reports, asked once per page. */
function lanOrigin(): Promise<string | null> {
  network ??= fetchNetwork().then((r) => {
    const first = r.ok ? r.value.urls[0] : undefined;
    return first ? new URL(first).origin : null;
  });
  return network;
}

export type JoinUrl = {
  url: string;
  /** The link names this machine only (localhost): phones in the room cannot open it. */
  loopback: boolean;
};

/**
 * The link participants use to join. The page's own origin is what the facilitator opened, which
 * is right unless that was `localhost`: then the server's LAN address is used when it tells us one,
 * and otherwise the page says to use the `network:` address the server printed.
 */
export function useJoinUrl(boardId: string): JoinUrl {
  const path = `/b/${boardId}`;
  const local = isLoopback(location.hostname);
  const [origin, setOrigin] = useState<string | null>(null);
  useEffect(() => {
    if (!local) return;
    let live = true;
    void lanOrigin().then((o) => live && setOrigin(o));
    return () => {
      live = false;
    };
  }, [local]);
  if (local && origin) return { url: origin + path, loopback: false };
  return { url: location.origin + path, loopback: local };
}
