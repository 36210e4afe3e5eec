import { err } from '../../shared/errors.js';
import { ClientOp } from '../../shared/ops.js';
import type { OpAck } from '../../shared/protocol.js';
import { boardTag } from '../log.js';
import { splitArgs } from './guard.js';
import { offended, type Handler, type RealtimeDeps } from './types.js';

export function opHandler(deps: RealtimeDeps): Handler {
  return async function onOp(...args) {
    const socket = this;
    // A client whose op gets no answer keeps it pending and resends it to the next server (C2).
    if (deps.state.closing) return;
    const { payload, ack: rawAck, extra } = splitArgs(args);
    const ack = (res: OpAck) => rawAck?.(res as never);
    // Garbage is judged first, so a flood of it always ends in a disconnect (L5), joined or not.
    const parsed = extra ? null : ClientOp.safeParse(payload);
    if (!parsed?.success) {
      const i = parsed?.error.issues[0];
      ack({ ok: false, error: err('invalid', !parsed ? 'op takes one payload' : i ? `${i.path.map(String).join('.') || 'op'}: ${i.message}` : 'invalid op') });
      return offended(socket, deps);
    }
    // Never remembered: the same opId may come back later and is judged then (L3).
    if (!socket.data.takeOp()) return ack({ ok: false, error: err('rate_limited', 'too many changes at once; send this one again in a moment') });
    const { boardId, participantId, role } = socket.data;
    if (role === 'projector') return ack({ ok: false, error: err('forbidden', 'the projector only shows the board') });
    if (!boardId || !participantId || !role) return ack({ ok: false, error: err('forbidden', 'join a board first') });
    try {
      const room = await deps.registry.get(boardId);
      if (!room) return ack({ ok: false, error: err('not_found', 'this board does not exist') });
      ack(await room.submit(parsed.data, { id: participantId, role }));
    } catch (e) {
      deps.log.error('op failed', { board: boardTag(boardId), error: String(e) });
      ack({ ok: false, error: err('conflict', 'the server could not apply this change; please retry') });
    }
  };
}
