import type { IO } from './types.js';

type Rooms = Map<string, Set<string>>;
type AdapterSurface = { rooms: Rooms; addAll: (id: string, rooms: Set<string>) => Promise<void> | void; nsp: { sockets: Map<string, unknown> } };

/**
 * The rooms of the in-memory adapter, where a connected socket's id names a room of that one
 * socket without one being stored: found when asked for, never listed.
 */
class RoomsWithSockets extends Map<string, Set<string>> {
  constructor(private readonly sockets: Map<string, unknown>) {
    super();
  }

  override has(room: string): boolean {
    return super.has(room) || this.sockets.has(room);
  }

  override get(room: string): Set<string> | undefined {
    return super.get(room) ?? (this.sockets.has(room) ? new Set([room]) : undefined);
  }
}

/**
 * Socket.IO puts every socket in a room named by its id, only so that `to(id)` and `except(id)`
 * (what `socket.to(room)` uses to leave the sender out) find it: a Set and an entry in the
 * adapter's room map for each connection, about 200 bytes. Here the adapter stores no such room
 * and answers for it from the namespace's sockets instead; the socket's own record of its rooms
 * (`socket.rooms`) lists only the rooms it joined. Done once, before any socket connects.
 */
export function soloRooms(io: IO) {
  const adapter = io.of('/').adapter as unknown as AdapterSurface;
  if (adapter.rooms.size) throw new Error('soloRooms must be set up before any socket joins a room');
  adapter.rooms = new RoomsWithSockets(adapter.nsp.sockets);
  const addAll = adapter.addAll.bind(adapter);
  adapter.addAll = (id, rooms) => {
    if (!rooms.has(id)) return addAll(id, rooms);
    const others = new Set(rooms);
    others.delete(id);
    return addAll(id, others);
  };
}
