import { withDoorToken } from '../../net/door';
import { useDoorToken } from '../door/useDoorToken';
import { useJoinUrl, type JoinUrl } from '../useJoinUrl';

/** `qr`: what the QR code encodes, the link with the door token once the code alone may stop admitting (DR3). */
export type WallJoin = JoinUrl & { qr: string };

/**
 * The link on the wall: `http://<LAN address>:<port>/j/<code>`, short enough to type from the back
 * of the room, with the same origin choice as every join link (useJoinUrl). Until the code is
 * known, the board's own link.
 */
export function useWallJoin(boardId: string, code: string | null): WallJoin {
  const join = useJoinUrl(boardId);
  const token = useDoorToken(boardId);
  const url = code ? `${new URL(join.url).origin}/j/${code}` : join.url;
  // The printed link stays short enough to type; the token rides only in what the camera reads.
  return { ...join, url, qr: withDoorToken(url, token) };
}

/** The link as printed: without the scheme, broken only between its parts, never inside one. */
export function linkParts(url: string): string[] {
  const bare = url.replace(/^https?:\/\//, '');
  return bare.split(/(?=\/)/);
}
