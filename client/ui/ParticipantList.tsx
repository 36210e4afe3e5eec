import { useMemo } from 'react';
import type { PresenceEntry } from '../../shared/protocol';
import { useT } from '../i18n';
import { ParticipantRow } from './ParticipantRow';
import { useBoardField, useConnection, usePresence, useYou } from '../state/hooks';

/** Who is at the table: everyone who joined, online first, with their affiliation. */
export function ParticipantList() {
  const t = useT();
  const presence = usePresence();
  const known = useBoardField((b) => b.participants, null);
  const you = useYou();
  // While we are cut off, who is online is last known, not current: say so by fading the list.
  const stale = useConnection().status !== 'connected';
  const facilitator = you?.role === 'facilitator';
  const people = useMemo(() => merge(presence, known ? Object.values(known) : []), [presence, known]);
  return (
    <section className={`panel people${stale ? ' is-stale' : ''}`} aria-label={t('people.heading')}>
      <h2 className="panel-title">
        {t('people.heading')} <span className="count">{people.filter((p) => p.online).length}</span>
      </h2>
      <ul data-testid="participants">
        {people.map((p) => (
          <ParticipantRow key={p.id} person={p} isYou={p.id === you?.id} manage={facilitator && p.id !== you?.id} />
        ))}
      </ul>
    </section>
  );
}

type Known = { id: string; name: string; affiliation: PresenceEntry['affiliation']; role: PresenceEntry['role']; removed: boolean };

/** Presence says who is online now; the board remembers everyone who ever joined. */
function merge(presence: readonly PresenceEntry[], known: readonly Known[]): PresenceEntry[] {
  const byId = new Map<string, PresenceEntry>();
  for (const k of known) if (!k.removed) byId.set(k.id, { id: k.id, name: k.name, affiliation: k.affiliation, role: k.role, online: false });
  for (const p of presence) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name, 'ja'));
}
