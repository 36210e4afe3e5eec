import { useT } from '../i18n';
import { useConnection } from '../state/hooks';

/** Always on screen: a participant must know whether their notes are reaching the table. */
export function ConnectionBadge() {
  const t = useT();
  const { status, pending } = useConnection();
  const label = t(`conn.${status}`);
  const detail = pending > 0 ? t('conn.pending', { n: pending }) : '';
  return (
    <div className={`conn conn-${status}`} data-testid="connection" data-state={status} data-pending={pending} role="status" aria-live="polite">
      <span className="conn-dot" aria-hidden="true" />
      <span>
        {label}
        {detail && <span className="conn-pending">{detail}</span>}
      </span>
    </div>
  );
}
