import { err } from '../../shared/errors.js';
import { ClientOp } from '../../shared/ops.js';
import type { OpAck } from '../../shared/protocol.js';
import { ackOf, type AppSocket, type RealtimeDeps } from './types.js';

export function registerOpHandlers(socket: AppSocket, deps: RealtimeDeps) {
  socket.on('op', async (raw: unknown, rawAck: unknown) => {
    const ack = ackOf<OpAck>(rawAck);
    const { boardId, participantId, role } = socket.data;
    if (!boardId || !participantId || !role) return ack({ ok: false, error: err('forbidden', 'join a board first') });
    const parsed = ClientOp.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return ack({ ok: false, error: err('invalid', i ? `${i.path.map(String).join('.') || 'op'}: ${i.message}` : 'invalid op') });
    }
    try {
      const room = await deps.registry.get(boardId);
      if (!room) return ack({ ok: false, error: err('not_found', 'this board does not exist') });
      ack(await room.submit(parsed.data, { id: participantId, role }));
    } catch (e) {
      deps.log.error('op failed', { board: boardId, error: String(e) });
      ack({ ok: false, error: err('conflict', 'the server could not apply this change; please retry') });
    }
  });
}
