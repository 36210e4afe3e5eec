import { err } from '../../shared/errors.js';
import { ClientOp } from '../../shared/ops.js';
import type { OpAck } from '../../shared/protocol.js';
import { boardTag } from '../log.js';
import { StoreUnavailable } from '../store/types.js';
import { eventHandler, type Handler, type RealtimeDeps } from './types.js';

// Garbage is judged first, so a flood of it always ends in a disconnect (L5), joined or not.
export function opHandler(deps: RealtimeDeps): Handler {
  return eventHandler<ClientOp, OpAck>(deps, ClientOp, 'op', async (socket, op, ack) => {
    // Never remembered: the same opId may come back later and is judged then (L3).
    if (!socket.data.takeOp()) return ack({ ok: false, error: err('rate_limited', 'too many changes at once; send this one again in a moment') });
    const { boardId, participantId, role } = socket.data;
    if (role === 'projector') return ack({ ok: false, error: err('forbidden', 'the projector only shows the board') });
    if (!boardId || !participantId || !role) return ack({ ok: false, error: err('forbidden', 'join a board first') });
    try {
      const room = await deps.registry.get(boardId);
      if (!room) return ack({ ok: false, error: err('not_found', 'this board does not exist') });
      ack(await room.submit(op, { id: participantId, role }));
    } catch (e) {
      if (e instanceof StoreUnavailable) return ack({ ok: false, error: err('unavailable', e.message) });
      deps.log.error('op failed', { board: boardTag(boardId), error: String(e) });
      ack({ ok: false, error: err('conflict', 'the server could not apply this change; please retry') });
    }
  });
}
