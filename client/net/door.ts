import type { DoorDesk, DoorWait } from '../../shared/door';
import { DOOR_TOKEN_PATTERN } from '../../shared/door';
import { Store } from '../state/store';
import type { BoardSocket } from './socket';

// The door (PROTOCOL DR1–DR7) as one socket sees it: a facilitator's desk (the token of the QR
// link and who waits), or a newcomer's wait for an answer.

const tokenKey = (boardId: string) => `onaji:door:${boardId}`;

export function loadDoorToken(boardId: string): string | null {
  try {
    const t = localStorage.getItem(tokenKey(boardId));
    return t && DOOR_TOKEN_PATTERN.test(t) ? t : null;
  } catch {
    return null;
  }
}

/** Kept per board, so the projector opened from the same browser can put it in its QR code. */
export function saveDoorToken(boardId: string, token: string): void {
  try {
    localStorage.setItem(tokenKey(boardId), token);
  } catch {
    // Without storage the wall's QR code carries only the code; the facilitator can still approve.
  }
}

/** `#door=<token>` from a QR link or the projector link. */
export function doorTokenFromHash(hash: string): string | null {
  const m = /(?:^#|&)door=([A-Za-z0-9_-]+)/.exec(hash);
  return m && DOOR_TOKEN_PATTERN.test(m[1]!) ? m[1]! : null;
}

/** The link with the token in its fragment (never in a server log), or as it is when there is none. */
export const withDoorToken = (url: string, token: string | null) => (token ? `${url}#door=${token}` : url);

export type DoorAnswerResult = { ok: true } | { ok: false; code: string };

export class DoorChannel {
  /** Facilitators only: what the server tells them of the door. */
  readonly desk = new Store<DoorDesk | null>(null);
  /** Set while this socket's join is held at the door. */
  readonly wait = new Store<DoorWait | null>(null);

  constructor(
    private readonly socket: BoardSocket,
    private readonly boardId: string,
  ) {}

  start(): void {
    this.socket.on('door', this.onDesk);
    this.socket.on('door.wait', this.onWait);
  }

  stop(): void {
    this.socket.off('door', this.onDesk);
    this.socket.off('door.wait', this.onWait);
  }

  /** The join was answered (or the connection dropped): this socket no longer waits. */
  settled(): void {
    this.wait.set(null);
  }

  async answer(id: string, admit: boolean): Promise<DoorAnswerResult> {
    try {
      const res = await this.socket.timeout(10_000).emitWithAck('door.answer', { id, admit });
      return res.ok ? { ok: true } : { ok: false, code: res.error.code };
    } catch {
      return { ok: false, code: 'network' };
    }
  }

  private readonly onDesk = (desk: DoorDesk) => {
    saveDoorToken(this.boardId, desk.token);
    this.desk.set(desk);
  };

  private readonly onWait = (w: DoorWait) => this.wait.set(w);
}
