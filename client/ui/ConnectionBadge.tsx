import { useT } from '../i18n';
import { useBoardContext, useConnection } from '../state/hooks';
import { notesWaiting } from '../state/pendingNotes';

/** Always on screen: a participant must know whether their notes are reaching the table. */
export function ConnectionBadge() {
  const t = useT();
  const { source } = useBoardContext();
  const { status, pending } = useConnection();
  const label = t(`conn.${status}`);
  // Re-read whenever the pending count changes, which is when the pending ops change.
  const notes = pending > 0 ? notesWaiting(source.pendingOps ?? []) : 0;
  const detail = pending === 0 ? '' : notes > 0 ? t('conn.pendingNotes', { n: notes }) : t('conn.pending', { n: pending });
  return (
    <div className={`conn conn-${status}`} data-testid="connection" data-state={status} data-pending={pending} data-pending-notes={notes} role="status" aria-live="polite">
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-label">
        {label}
        {detail && <span className="conn-pending">{detail}</span>}
      </span>
    </div>
  );
}
