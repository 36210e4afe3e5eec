import { hiddenNoteCounter, revealsHidden, viewEntry, viewFor, type Viewer } from '../../shared/view.js';
import type { Board } from '../../shared/model.js';
import type { Confirmed, Room } from '../rooms/room.js';
import { presenceOf } from './presence.js';
import { roomName, socketsOf, type AppSocket, type IO } from './types.js';

const hidesAnything = (b: Board) => b.settings.privateWriting || b.settings.anonymous || (b.voting.open && b.voting.hidden);

export const viewerOf = (s: AppSocket): Viewer => ({ id: s.data.participantId!, role: s.data.role! });

/** Send each confirmed op to the board in seq order, as each viewer may see it (O2, V1–V4). */
export function broadcastConfirmed(io: IO, room: Room, { entry, before, after, reset }: Confirmed) {
  // Listing the board's sockets costs a walk per op; the common case below does not need it.
  let listed: AppSocket[] | null = null;
  const sockets = () => (listed ??= socketsOf(io, room.id));
  if (!hidesAnything(before)) {
    // The common case: one serialisation for everybody.
    io.to(roomName(room.id)).emit('op', entry);
  } else {
    // Participants' count of others' notes stays live while they cannot read them.
    const hiddenFor = hiddenNoteCounter(after);
    for (const s of sockets()) {
      const viewer = viewerOf(s);
      const shown = viewEntry(before, entry, viewer);
      s.emit('op', hiddenFor && viewer.role !== 'facilitator' ? { ...shown, hiddenNotes: hiddenFor(viewer.id) } : shown);
    }
  }
  if (reset || revealsHidden(before, after)) {
    for (const s of sockets()) s.emit('reset', { seq: after.seq, board: viewFor(after, viewerOf(s)) });
  }
  const t = entry.op.type;
  if (t === 'participant.join' || t === 'participant.update') broadcastPresence(io, room);
  if (entry.op.type === 'participant.update' && entry.op.removed) {
    const gone = entry.op.id;
    for (const s of sockets())
      if (s.data.participantId === gone) {
        s.emit('bye', { reason: 'removed' });
        s.disconnect(true);
      }
  }
}

export function broadcastPresence(io: IO, room: Room) {
  io.to(roomName(room.id)).emit('participants', presenceOf(room.board, socketsOf(io, room.id)));
}
