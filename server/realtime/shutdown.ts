import { socketsOf, type AppSocket, type IO } from './types.js';

/**
 * Say why, then close the transport rather than the Socket.IO session: the client sees a lost
 * connection and reconnects by itself (to this server's successor, or to a board reloaded from
 * disk), where a Socket.IO disconnect would tell it to stay away.
 */
function sendAway(s: AppSocket) {
  s.emit('bye', { reason: 'restarting' });
  s.conn.close();
}

/** Everybody on one board reconnects: its room was dropped and will be loaded again from disk. */
export function dropBoard(io: IO, boardId: string) {
  for (const s of socketsOf(io, boardId)) sendAway(s);
}

/**
 * Every socket gets `bye {reason: 'restarting'}` after whatever was already queued for it (acks
 * included), then its transport closes once its buffer is written. Waits up to `graceMs` for
 * that, then closes whatever is left.
 */
export async function sendEverybodyAway(io: IO, graceMs: number): Promise<void> {
  const sockets = [...io.sockets.sockets.values()];
  for (const s of sockets) sendAway(s);
  const until = Date.now() + graceMs;
  while (sockets.some((s) => s.conn.readyState !== 'closed') && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  // Whatever is left (a handshake that never joined the namespace, a client that stopped reading) is cut.
  await new Promise<void>((resolve) => io.close(() => resolve()));
}
