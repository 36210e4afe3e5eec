import { useJoinUrl, type JoinUrl } from '../useJoinUrl';

/**
 * The link on the wall: `http://<LAN address>:<port>/j/<code>`, short enough to type from the back
 * of the room, with the same origin choice as every join link (useJoinUrl). Until the code is
 * known, the board's own link.
 */
export function useWallJoin(boardId: string, code: string | null): JoinUrl {
  const join = useJoinUrl(boardId);
  if (!code) return join;
  return { ...join, url: `${new URL(join.url).origin}/j/${code}` };
}

/** The link as printed: without the scheme, broken only between its parts, never inside one. */
export function linkParts(url: string): string[] {
  const bare = url.replace(/^https?:\/\//, '');
  return bare.split(/(?=\/)/);
}
