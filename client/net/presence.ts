import type { Board } from '../../shared/model';
import type { PresenceEntry } from '../../shared/protocol';
import { Store } from '../state/store';

type Participants = Board['participants'];

/**
 * P1's list from what RM3 sends: each participant of the board not removed, in the board's order,
 * `online` when its id is among those connected. The server builds the whole list the same way.
 */
export function presenceFrom(participants: Participants, online: ReadonlySet<string>): PresenceEntry[] {
  return Object.values(participants)
    .filter((p) => !p.removed)
    .map((p) => ({ id: p.id, name: p.name, affiliation: p.affiliation, role: p.role, online: online.has(p.id) }));
}

/**
 * Who is on the board and who is connected. With a server that sends deltas (RM3) the list is
 * derived: the join's `online`, then one `presence {id, online}` per change, and the names and
 * roles from the confirmed board's participants, which the ops keep current. With an older server
 * each `participants` list (P1) replaces it whole. The store changes only when the list does, so
 * an op that touches no participant re-renders nothing.
 */
export class PresenceList {
  readonly list = new Store<readonly PresenceEntry[]>([]);
  /** Ids connected now; for the cursors of people who left. */
  readonly online = new Store<ReadonlySet<string>>(new Set());
  private deltas = false;
  private participants: Participants | null = null;

  /** A join's answer: `online` when the server speaks RM3; without it the whole lists keep coming. */
  joined(online: unknown): void {
    const ids = readIds(online);
    this.deltas = ids !== null;
    if (!ids) return;
    this.online.set(new Set(ids));
    this.derive();
  }

  /** `presence {id, online}` (RM3). */
  readonly delta = (raw: unknown): void => {
    if (typeof raw !== 'object' || raw === null) return;
    const { id, online } = raw as { id?: unknown; online?: unknown };
    if (typeof id !== 'string' || typeof online !== 'boolean') return;
    const cur = this.online.get();
    if (cur.has(id) === online) return;
    const next = new Set(cur);
    if (online) next.add(id);
    else next.delete(id);
    this.online.set(next);
    if (this.deltas) this.derive();
  };

  /** A whole `participants` list (P1), from a server that does not send deltas. */
  readonly whole = (raw: unknown): void => {
    if (!Array.isArray(raw)) return;
    const list = raw.filter(isEntry);
    this.online.set(new Set(list.filter((p) => p.online).map((p) => p.id)));
    this.publish(list);
  };

  /** The confirmed board's participants, whenever that record is replaced (a join, a rename, a removal). */
  board(participants: Participants): void {
    if (participants === this.participants) return;
    this.participants = participants;
    if (this.deltas) this.derive();
  }

  private derive(): void {
    if (this.participants) this.publish(presenceFrom(this.participants, this.online.get()));
  }

  private publish(list: readonly PresenceEntry[]): void {
    if (!samePresence(list, this.list.get())) this.list.set(list);
  }
}

function samePresence(a: readonly PresenceEntry[], b: readonly PresenceEntry[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => {
    const q = b[i]!;
    return p.id === q.id && p.name === q.name && p.affiliation === q.affiliation && p.role === q.role && p.online === q.online;
  });
}

function readIds(raw: unknown): string[] | null {
  if (!Array.isArray(raw)) return null;
  return raw.filter((id): id is string => typeof id === 'string');
}

function isEntry(raw: unknown): raw is PresenceEntry {
  if (typeof raw !== 'object' || raw === null) return false;
  const p = raw as Record<string, unknown>;
  return typeof p.id === 'string' && typeof p.name === 'string' && typeof p.affiliation === 'string' && typeof p.role === 'string' && typeof p.online === 'boolean';
}
