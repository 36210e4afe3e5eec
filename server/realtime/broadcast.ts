import { hiddenNoteCounter, hidesAnything, PUBLIC_VIEWER, revealsHidden, viewEntry, viewFor, type Viewer } from '../../shared/view.js';
import type { Confirmed, Room } from '../rooms/room.js';
import { presenceOf } from './presence.js';
import { roomName, socketsOf, type AppSocket, type IO } from './types.js';

export { hidesAnything };

/**
 * The wall sees exactly what a participant who wrote nothing and voted nothing may see (PR3): no
 * note is its own, no dot is its own, so every rule of V1–V3 hides what it hides from anybody.
 */
export const PROJECTOR_VIEWER: Viewer = PUBLIC_VIEWER;

export const viewerOf = (s: AppSocket): Viewer =>
  s.data.role === 'projector' ? PROJECTOR_VIEWER : { id: s.data.participantId!, role: s.data.role! };

/** Send each confirmed op to the board in seq order, as each viewer may see it (O2, V1–V4). */
export function broadcastConfirmed(io: IO, room: Room, c: Confirmed) {
  const { entry, before } = c;
  // Listing the board's sockets costs a walk per op; the common case below does not need it.
  let listed: AppSocket[] | null = null;
  const sockets = () => (listed ??= socketsOf(io, room.id));
  if (!hidesAnything(before)) {
    // The common case: one serialisation for everybody.
    io.to(roomName(room.id)).emit('op', entry);
  } else {
    const hiddenFor = hiddenNoteCounter(c.after);
    for (const s of sockets()) s.emit('op', entryFor(s, c, hiddenFor));
  }
  if (needsReset(c)) for (const s of sockets()) s.emit('reset', resetFor(s, c));
  const t = entry.op.type;
  if (t === 'participant.join' || t === 'participant.update') broadcastPresence(io, room);
  const gone = removedBy(c);
  if (gone) for (const s of sockets()) if (s.data.participantId === gone) sendRemoved(s);
}

/**
 * What `broadcastConfirmed` sends one socket for one confirmed op, for a socket that is not in the
 * board's room yet (a join whose answer is still being prepared). Presence is left out: the
 * socket gets the list when it enters the room.
 */
export function deliverConfirmed(s: AppSocket, c: Confirmed) {
  s.emit('op', hidesAnything(c.before) ? entryFor(s, c, hiddenNoteCounter(c.after)) : c.entry);
  if (needsReset(c)) s.emit('reset', resetFor(s, c));
  if (removedBy(c) === s.data.participantId) sendRemoved(s);
}

/** The entry as this socket's viewer may see it; participants' count of others' notes stays live while they cannot read them. */
function entryFor(s: AppSocket, { entry, before }: Confirmed, hiddenFor: ((id: string) => number) | null) {
  const viewer = viewerOf(s);
  const shown = viewEntry(before, entry, viewer);
  return hiddenFor && viewer.role !== 'facilitator' ? { ...shown, hiddenNotes: hiddenFor(viewer.id) } : shown;
}

const needsReset = (c: Confirmed) => c.reset || revealsHidden(c.before, c.after);
const resetFor = (s: AppSocket, c: Confirmed) => ({ seq: c.after.seq, board: viewFor(c.after, viewerOf(s)) });
const removedBy = ({ entry: { op } }: Confirmed) => (op.type === 'participant.update' && op.removed ? op.id : null);

function sendRemoved(s: AppSocket) {
  s.emit('bye', { reason: 'removed' });
  s.disconnect(true);
}

export function broadcastPresence(io: IO, room: Room) {
  io.to(roomName(room.id)).emit('participants', presenceOf(room.board, socketsOf(io, room.id)));
}

/** Who is on the board, for one socket that just arrived and changed nobody's list (the wall, PR4). */
export function sendPresence(io: IO, room: Room, socket: AppSocket) {
  socket.emit('participants', presenceOf(room.board, socketsOf(io, room.id)));
}
