import { useT } from '../../i18n';
import { useBoardField, usePresence } from '../../state/hooks';
import type { WallJoin } from './useWallJoin';
import { CARD_QR_VH, type CardPlacement } from './cardPlacement';
import { JoinLink } from './JoinLink';
import { QrCode } from './QrCode';
import { WallTimer } from './WallTimer';

type Props = { join: WallJoin; code: string | null; placement: CardPlacement; onEnlarge(): void };

/**
 * The wall's corner once the workshop runs: a latecomer can still scan from a seat (the QR is a
 * quarter of the wall's height), type the short link or the code; the timer, and what the room
 * is doing. The board is fitted beside it, never under it.
 */
export function JoinCard({ join, code, placement, onEnlarge }: Props) {
  const t = useT();
  const online = usePresence().filter((p) => p.online && p.role === 'participant').length;
  return (
    <aside className={`join-card-present is-${placement}`} data-testid="present-card" data-placement={placement} aria-label={t('present.heading')}>
      <button type="button" className="qr-button" onClick={onEnlarge} title={t('present.enlarge')} aria-label={t('present.enlarge')}>
        <QrCode text={join.qr} size={`${CARD_QR_VH}vh`} testId="present-qr" />
      </button>
      <div className="join-text">
        <p className="scan">{t('wall.cardLine')}</p>
        <JoinLink url={join.url} testId="present-join-url" />
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
        <WallTimer />
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

/** The QR code across the whole screen (Q), for latecomers once the board is on the wall. */
export function QrOverlay({ join, code, onClose }: { join: WallJoin; code: string | null; onClose(): void }) {
  const t = useT();
  return (
    <div className="qr-overlay" data-testid="present-qr-large" role="dialog" aria-modal="true" aria-label={t('present.scan')} onClick={onClose}>
      <QrCode text={join.qr} size="min(70vh, 80vw)" />
      <p className="scan">{t('present.scan')}</p>
      <JoinLink url={join.url} />
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
