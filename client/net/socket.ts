import { io, type Socket } from 'socket.io-client';
import type { ClientToServer, ServerToClient } from '../../shared/protocol';

export type BoardSocket = Socket<ServerToClient, ClientToServer>;

/** Same origin: the board server serves the client and the socket on one port. */
export function connectBoardSocket(): BoardSocket {
  return io({ autoConnect: false, reconnectionDelay: 500, reconnectionDelayMax: 4000 });
}
