import type { OpError } from '../../shared/errors';
import type { ClientOp } from '../../shared/ops';
import type { PresenceEntry, You } from '../../shared/protocol';
import type { BoardFeedReader } from './boardFeed';
import type { ReadStore } from './store';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An op as a gesture produces it; the sync client gives it an opId. */
export type OpBody = DistributiveOmit<ClientOp, 'opId'>;
export type OpInput = OpBody & { opId?: string };

export type SubmitResult = { ok: true; opId: string } | { ok: false; error: OpError };

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';
/** `fatal` is set when the server will not take this identity back: the page must say why. */
export type ConnectionInfo = {
  status: ConnectionStatus;
  pending: number;
  fatal: null | 'removed' | 'forbidden' | 'not_found';
  /** The server sent this connection away for falling behind (BU4); cleared once joined again. */
  slow?: boolean;
};

/** `anonymous`: the key names a connection, not a participant, and the pointer is drawn without a name (LK3). */
export type RemoteCursor = { x: number; y: number; at: number; anonymous?: true };

/**
 * What the canvas and the UI need from a live board. The sync client implements it; keeping the
 * canvas on this interface keeps the socket out of the drawing code.
 */
export interface BoardSource {
  /** The board on screen, and the change that put it there (which notes may differ). */
  readonly board: BoardFeedReader;
  readonly identity: ReadStore<You | null>;
  readonly presence: ReadStore<readonly PresenceEntry[]>;
  readonly cursors: ReadStore<ReadonlyMap<string, RemoteCursor>>;
  readonly connection: ReadStore<ConnectionInfo>;
  /** Others' notes this viewer may not read yet (private writing). */
  readonly hiddenNotes: ReadStore<number>;
  /** This person's ops not yet confirmed, oldest first (the badge counts the notes they touch). */
  readonly pendingOps?: readonly ClientOp[];
  submit(op: OpInput): SubmitResult;
  sendCursor(x: number, y: number): void;
  /** `op` is the refused op when there is one, so the message can say what was refused. */
  onError(listener: (error: OpError, op?: ClientOp) => void): () => void;
  /** Reports an error through the same channel as refused ops, so the UI shows one kind of toast. */
  reportError(error: OpError, op?: ClientOp): void;
  /** The server's clock, corrected by the offset measured at join. */
  serverNow(): number;
  /** Fetches this viewer's whole board again. */
  refreshView(): void;
}
