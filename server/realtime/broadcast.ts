import { hiddenNoteCounter, hidesAnything, PUBLIC_VIEWER, revealsHidden, viewEntry, viewerKey, viewFor, type EntryView, type Viewer } from '../../shared/view.js';
import type { Confirmed, Room } from '../rooms/room.js';
import type { BoardGzip } from './board-gzip.js';
import { sendList } from './presence.js';
import { roomName, socketsOf, type AppSocket, type IO } from './types.js';

export { hidesAnything };

/**
 * The wall sees exactly what a participant who wrote nothing and voted nothing may see (PR3): no
 * note is its own, no dot is its own, so every rule of V1–V3 hides what it hides from anybody.
 */
export const PROJECTOR_VIEWER: Viewer = PUBLIC_VIEWER;

export const viewerOf = (s: AppSocket): Viewer =>
  s.data.role === 'projector' ? PROJECTOR_VIEWER : { id: s.data.participantId!, role: s.data.role! };

/**
 * Send each confirmed op to the board in seq order, as each viewer may see it (O2, V1–V4). Returns
 * a promise when resets go out over several turns (RM4); the caller holds later entries until then.
 */
export function broadcastConfirmed(io: IO, room: Room, c: Confirmed, how: ResetHow): Promise<void> | void {
  const { entry, before } = c;
  // Listing the board's sockets costs a walk per op; the common case below does not need it.
  let listed: AppSocket[] | null = null;
  const sockets = () => (listed ??= socketsOf(io, room.id));
  if (!hidesAnything(before)) {
    // The common case: one serialisation for everybody.
    io.to(roomName(room.id)).emit('op', entry);
  } else sendEntries(io, sockets(), c);
  const rest = () => {
    // Names, roles and removals reach RM3 sockets as the op itself; P1 sockets take the whole list.
    if (entry.op.type === 'participant.update') sendList(io, room);
    const gone = removedBy(c);
    if (gone) for (const s of sockets()) if (s.data.participantId === gone) sendRemoved(s);
  };
  if (!needsReset(c)) return rest();
  const resets = sendResets(io, room.id, sockets(), c, how);
  if (!resets) return rest();
  return resets.then(rest);
}

/**
 * What `broadcastConfirmed` sends one socket for one confirmed op, for a socket that is not in the
 * board's room yet (a join whose answer is still being prepared). Presence is left out: the
 * socket gets the list when it enters the room.
 */
export function deliverConfirmed(s: AppSocket, c: Confirmed) {
  s.emit('op', hidesAnything(c.before) ? entryFor(viewerOf(s), c, hiddenNoteCounter(c.after)) : c.entry);
  if (needsReset(c)) s.emit('reset', { seq: c.after.seq, board: viewFor(c.after, viewerOf(s)) });
  if (removedBy(c) === s.data.participantId) sendRemoved(s);
}

/** The entry as this viewer may see it; participants' count of others' notes stays live while they cannot read them. */
function entryFor(viewer: Viewer, { entry, before }: Confirmed, hiddenFor: ((id: string) => number) | null): EntryView {
  const shown = viewEntry(before, entry, viewer);
  return hiddenFor && viewer.role !== 'facilitator' ? { ...shown, hiddenNotes: hiddenFor(viewer.id) } : shown;
}

/**
 * While something is hidden each viewer may see an entry differently, but most see one of a few
 * forms: whole, redacted (`op: null`), or with `by` emptied, each with a count of hidden notes.
 * Sockets that get the same form share one payload, encoded once for all of them (RM4).
 */
function sendEntries(io: IO, sockets: AppSocket[], c: Confirmed) {
  const hiddenFor = hiddenNoteCounter(c.after);
  const groups = new Map<string, { payload: EntryView; ids: string[] }>();
  for (const s of sockets) {
    const viewer = viewerOf(s);
    const shown = viewEntry(c.before, c.entry, viewer);
    const hidden = hiddenFor && viewer.role !== 'facilitator' ? hiddenFor(viewer.id) : undefined;
    const form = shown === c.entry ? 'whole' : shown.op === null ? 'redacted' : shown.op === c.entry.op && shown.by === '' ? 'anonymous' : 'own:' + s.id;
    const key = hidden === undefined ? form : `${form}|${hidden}`;
    const group = groups.get(key);
    if (group) group.ids.push(s.id);
    else groups.set(key, { payload: hidden === undefined ? shown : { ...shown, hiddenNotes: hidden }, ids: [s.id] });
  }
  for (const { payload, ids } of groups.values()) io.to(ids).emit('op', payload);
}

/**
 * RM4: one view built and encoded per group of sockets that see the same board (viewerKey). When
 * the groups are many (every author different while something stays hidden), they go out over
 * several turns so the event loop keeps answering; a promise then says when the last has gone.
 */
function sendResets(io: IO, boardId: string, sockets: AppSocket[], c: Confirmed, how: ResetHow): Promise<void> | null {
  const keyOf = viewerKey(c.after);
  const groups = new Map<string, { viewer: Viewer; gzip: boolean; ids: string[] }>();
  for (const s of sockets) {
    const viewer = viewerOf(s);
    const gzip = s.data.gzipResets;
    const key = gzip ? keyOf(viewer) + '|gzip' : keyOf(viewer);
    const group = groups.get(key);
    if (group) group.ids.push(s.id);
    else groups.set(key, { viewer, gzip, ids: [s.id] });
  }
  const queue = [...groups.values()];
  const packing: Promise<void>[] = [];
  const seq = c.after.seq;
  const plain = (viewer: Viewer, ids: string[]) => io.to(ids).emit('reset', { seq, board: viewFor(c.after, viewer) });
  const sendSome = (): boolean => {
    const until = performance.now() + how.sliceMs;
    do {
      const { viewer, gzip, ids } = queue.shift()!;
      if (!gzip) plain(viewer, ids);
      else
        packing.push(
          how.boardGzip.of(boardId, c.after, viewer).then(
            (boardGzip) => void io.to(ids).emit('reset', { seq, boardGzip }),
            () => void plain(viewer, ids),
          ),
        );
    } while (queue.length && performance.now() < until);
    return queue.length === 0;
  };
  if (!queue.length || (sendSome() && !packing.length)) return null;
  const sliced = new Promise<void>((resolve) => {
    const next = () => (sendSome() ? resolve() : setImmediate(next));
    if (queue.length) setImmediate(next);
    else resolve();
  });
  // Later entries wait for the last reset to be sent, gzipped ones included.
  return sliced.then(() => Promise.all(packing)).then(() => {});
}

/** How resets go out (RM4, RM6): built for this long per turn; gzipped on the threadpool for sockets that asked. */
export type ResetHow = { sliceMs: number; boardGzip: BoardGzip };

const needsReset = (c: Confirmed) => c.reset || revealsHidden(c.before, c.after);
const removedBy = ({ entry: { op } }: Confirmed) => (op.type === 'participant.update' && op.removed ? op.id : null);

function sendRemoved(s: AppSocket) {
  s.emit('bye', { reason: 'removed' });
  s.disconnect(true);
}

/**
 * Confirmed entries go out one after another per board: while resets of one are still going out
 * over several turns (RM4), later entries wait, so no socket gets an entry before its reset (O2).
 */
export class Outbox {
  private waiting: Confirmed[] | null = null;

  constructor(private readonly send: (c: Confirmed) => Promise<void> | void) {}

  push(c: Confirmed) {
    if (this.waiting) return void this.waiting.push(c);
    this.run(c);
  }

  private run(c: Confirmed) {
    const busy = this.send(c);
    if (!busy) return;
    this.waiting = [];
    // A failed send has already said so where it failed; the entries behind it still go out.
    void busy.catch(() => {}).then(() => {
      const held = this.waiting ?? [];
      this.waiting = null;
      // One of these may be slow again: what follows it waits once more.
      while (held.length && !this.waiting) this.run(held.shift()!);
      if (held.length) this.waiting!.unshift(...held);
    });
  }
}
