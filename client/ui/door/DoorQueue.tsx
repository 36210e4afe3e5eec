import { useState } from 'react';
import type { DoorRequest } from '../../../shared/door';
import { affiliationKey, useT } from '../../i18n';
import { useStore } from '../../state/hooks';
import { useBoardContext } from '../../state/hooks';
import { errorToastKey } from '../errorToast';
import { useDoor } from './DoorContext';
import './door.css';

/**
 * Who waits at the door, for the facilitators (DR4): in a corner of the board whether or not the
 * panel is open, since somebody is standing at the back of the room with a phone.
 */
export function DoorQueue() {
  const t = useT();
  const door = useDoor();
  const desk = useStore(door?.desk ?? EMPTY);
  const waiting = desk?.waiting ?? [];
  if (!door || waiting.length === 0) return null;
  return (
    <section className="door-queue" data-testid="door-queue" aria-labelledby="door-queue-title" role="region">
      <h2 id="door-queue-title" aria-live="polite">{t('door.waitingTitle', { n: waiting.length })}</h2>
      <ul>
        {waiting.map((w) => (
          <Knock key={w.id} request={w} />
        ))}
      </ul>
    </section>
  );
}

function Knock({ request }: { request: DoorRequest }) {
  const t = useT();
  const door = useDoor()!;
  const { ui } = useBoardContext();
  const [busy, setBusy] = useState(false);
  const vars = { name: request.name, affiliation: t(affiliationKey(request.affiliation)) };
  const answer = async (admit: boolean) => {
    setBusy(true);
    const res = await door.answer(request.id, admit);
    setBusy(false);
    // Gone meanwhile (they left, or a co-facilitator answered): the next list says so.
    if (!res.ok && res.code !== 'not_found') ui.toast(errorToastKey({ code: res.code === 'network' ? 'conflict' : (res.code as 'forbidden'), message: '' }));
  };
  return (
    <li data-testid="door-request" data-request-id={request.id}>
      <span className="door-who">
        <strong>{request.name}</strong>
        <span className="door-aff">{vars.affiliation}</span>
      </span>
      <span className="button-row">
        <button type="button" className="btn btn-primary" data-testid="door-approve" disabled={busy} aria-label={t('door.approveLabel', vars)} onClick={() => void answer(true)}>
          {t('door.approve')}
        </button>
        <button type="button" className="btn" data-testid="door-decline" disabled={busy} aria-label={t('door.declineLabel', vars)} onClick={() => void answer(false)}>
          {t('door.decline')}
        </button>
      </span>
    </li>
  );
}

const EMPTY = { get: () => null, subscribe: () => () => {} };
