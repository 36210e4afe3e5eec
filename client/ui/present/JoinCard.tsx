import { useT } from '../../i18n';
import { useBoardField, usePresence } from '../../state/hooks';
import { TimerBadge } from '../TimerBadge';
import { useJoinUrl } from '../useJoinUrl';
import { QrCode } from './QrCode';

type Props = { boardId: string; code: string | null; onEnlarge(): void };

/** The projector's corner: how to join (QR, link, code), the timer, and what the room is doing. */
export function JoinCard({ boardId, code, onEnlarge }: Props) {
  const t = useT();
  const join = useJoinUrl(boardId);
  const online = usePresence().filter((p) => p.online && p.role === 'participant').length;
  return (
    <aside className="join-card-present" data-testid="present-card" aria-label={t('present.heading')}>
      <button type="button" className="qr-button" onClick={onEnlarge} title={t('present.enlarge')} aria-label={t('present.enlarge')}>
        <QrCode text={join.url} size={168} testId="present-qr" />
      </button>
      <div className="join-text">
        <p className="scan">{t('present.scan')}</p>
        <p className="present-url" data-testid="present-join-url">
          {join.url.replace(/^https?:\/\//, '')}
        </p>
        {code && (
          <p className="present-code">
            <span>{t('present.code')}</span>
            <strong data-testid="present-code">{code}</strong>
          </p>
        )}
        {join.loopback && (
          <p className="loopback" data-testid="present-loopback" role="note">
            {t('present.loopback')}
          </p>
        )}
        <TimerBadge signal large />
        <RoomState />
        <p className="online" data-testid="present-online" data-count={online}>
          {t('present.online', { n: online })}
        </p>
      </div>
    </aside>
  );
}

function RoomState() {
  const t = useT();
  const privateWriting = useBoardField((b) => b.settings.privateWriting, false);
  const open = useBoardField((b) => b.voting.open, false);
  const ended = useBoardField((b) => b.voting.ended, false);
  const locked = useBoardField((b) => b.settings.locked, false);
  const states = [
    privateWriting && t('present.private'),
    open && t('present.votingOpen'),
    !open && ended && t('present.votingEnded'),
    locked && t('present.locked'),
  ].filter((s): s is string => !!s);
  if (!states.length) return null;
  return (
    <p className="room-state" data-testid="present-state">
      {states.map((s) => (
        <span key={s} className="chip">
          {s}
        </span>
      ))}
    </p>
  );
}

/** The QR code across the whole screen, for the first minutes when everybody is joining. */
export function QrOverlay({ boardId, code, onClose }: { boardId: string; code: string | null; onClose(): void }) {
  const t = useT();
  const join = useJoinUrl(boardId);
  return (
    <div className="qr-overlay" data-testid="present-qr-large" role="dialog" aria-modal="true" aria-label={t('present.scan')} onClick={onClose}>
      <QrCode text={join.url} size="min(70vh, 80vw)" />
      <p className="scan">{t('present.scan')}</p>
      <p className="present-url">{join.url.replace(/^https?:\/\//, '')}</p>
      {code && (
        <p className="present-code">
          <span>{t('present.code')}</span>
          <strong>{code}</strong>
        </p>
      )}
      <button type="button" className="btn" onClick={onClose}>
        {t('present.shrink')}
      </button>
    </div>
  );
}
