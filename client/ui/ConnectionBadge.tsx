import { useT } from '../i18n';
import { useBoardContext, useConnection } from '../state/hooks';
import { notesWaiting } from '../state/pendingNotes';

/** Always on screen: a participant must know whether their notes are reaching the table. */
export function ConnectionBadge() {
  const t = useT();
  const { source } = useBoardContext();
  const { status, pending, slow } = useConnection();
  const label = slow && status !== 'connected' ? t('conn.slow') : t(`conn.${status}`);
  // Re-read whenever the pending count changes, which is when the pending ops change.
  const notes = pending > 0 ? notesWaiting(source.pendingOps ?? []) : 0;
  const detail = pending === 0 ? '' : notes > 0 ? t('conn.pendingNotes', { n: notes }) : t('conn.pending', { n: pending });
  // A phone's one header row has room for a number, not a sentence (styles.css picks one).
  const short = pending === 0 ? '' : t('conn.pendingShort', { n: notes > 0 ? notes : pending });
  return (
    <div className={`conn conn-${status}${short ? ' has-pending' : ''}`} data-testid="connection" data-state={status} data-pending={pending} data-pending-notes={notes} role="status" aria-live="polite">
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-label">
        <span className="conn-status">{label}</span>
        {detail && <span className="conn-pending">{detail}</span>}
        {short && <span className="conn-pending-short">{short}</span>}
      </span>
    </div>
  );
}
