import type { Board } from '../../shared/model.js';
import type { PresenceEntry } from '../../shared/protocol.js';
import type { AppSocket } from './types.js';

export function presenceOf(board: Board, sockets: AppSocket[]): PresenceEntry[] {
  const online = new Set(sockets.map((s) => s.data.participantId));
  return Object.values(board.participants)
    .filter((p) => !p.removed)
    .map((p) => ({ id: p.id, name: p.name, affiliation: p.affiliation, role: p.role, online: online.has(p.id) }));
}
