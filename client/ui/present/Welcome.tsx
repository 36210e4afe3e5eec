import { translate, useLang, useT } from '../../i18n';
import { usePresence } from '../../state/hooks';
import type { WallJoin } from './useWallJoin';
import { JoinLink } from './JoinLink';
import { QrCode } from './QrCode';
import { WallTimer } from './WallTimer';

type Props = { title: string; join: WallJoin; code: string | null; onStart(): void };

/**
 * The wall before the workshop starts: everybody in the room is finding their phone, so the QR
 * code and the six-digit code are as large as the wall allows, with the instruction in Japanese
 * and English. It gives way to the board when ① starts, or when the facilitator dismisses it.
 */
export function Welcome({ title, join, code, onStart }: Props) {
  const t = useT();
  const lang = useLang();
  const other = lang === 'ja' ? 'en' : 'ja';
  const online = usePresence().filter((p) => p.online && p.role === 'participant').length;
  return (
    <section className="wall-welcome" data-testid="present-welcome" aria-label={t('present.scan')}>
      <QrCode text={join.qr} size="64vh" testId="present-qr" />
      <div className="welcome-text">
        {title && <h1 className="welcome-title">{title}</h1>}
        <p className="welcome-howto">{t('wall.howTo')}</p>
        <p className="welcome-howto other" lang={other}>
          {translate(other, 'wall.howTo')}
        </p>
        <JoinLink url={join.url} testId="present-join-url" />
        {code && (
          <p className="welcome-code">
            <span>
              {t('present.code')} / {translate(other, 'present.code')}
            </span>
            <strong data-testid="present-code">{code}</strong>
          </p>
        )}
        {join.loopback && (
          <p className="loopback" data-testid="present-loopback" role="note">
            {t('present.loopback')}
          </p>
        )}
        <WallTimer />
        <p className="online" data-testid="present-online" data-count={online}>
          {t('present.online', { n: online })}
        </p>
        <button type="button" className="btn welcome-start" data-testid="present-start" onClick={onStart} title={t('wall.startHint')}>
          {t('wall.start')}
        </button>
      </div>
    </section>
  );
}
