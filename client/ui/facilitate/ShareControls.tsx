import { useState } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../icons';
import { copyText } from '../clipboard';
import { withDoorToken } from '../../net/door';
import { useDoorToken } from '../door/useDoorToken';

type Props = { boardId: string; facilitatorKey: string | undefined };

/**
 * The projector view, and handing the facilitation over: the facilitate link carries the key,
 * so whoever has it can run the board. The warning comes before the link, not after.
 */
export function ShareControls({ boardId, facilitatorKey }: Props) {
  const t = useT();
  const [handing, setHanding] = useState(false);
  const [copied, setCopied] = useState(false);
  const fragment = facilitatorKey ? `#key=${facilitatorKey}` : '';
  // The wall joins as nobody (PR1): its link carries no key, so nothing on it can act for the facilitator.
  // It may carry the door token, for a wall opened on another machine to put in its QR code (DR3).
  const presentUrl = withDoorToken(`/b/${boardId}/present`, useDoorToken(boardId));
  const facilitateUrl = `${location.origin}/b/${boardId}${fragment}`;
  const copy = async () => {
    await copyText(facilitateUrl);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <section className="fac-section" aria-labelledby="fac-share">
      <h3 id="fac-share">{t('share.heading')}</h3>
      <a className="btn" data-testid="open-present" href={presentUrl} target="_blank" rel="noopener">
        <Icon name="projector" size={18} /> {t('share.present')}
      </a>
      {facilitatorKey && !handing && (
        <button type="button" className="btn" data-testid="handover" onClick={() => setHanding(true)}>
          <Icon name="key" size={18} /> {t('share.handOver')}
        </button>
      )}
      {facilitatorKey && handing && (
        <div className="handover" role="group" aria-label={t('share.handOver')}>
          <p className="warn" role="alert">
            {t('share.handOverWarn')}
          </p>
          <input className="url-field" data-testid="handover-url" readOnly value={facilitateUrl} onFocus={(e) => e.target.select()} aria-label={t('share.handOver')} />
          <div className="button-row">
            <button type="button" className="btn btn-primary" data-testid="handover-copy" onClick={() => void copy()}>
              <Icon name="copy" size={16} /> {copied ? t('board.copied') : t('share.copyFacilitate')}
            </button>
            <button type="button" className="btn" onClick={() => setHanding(false)}>
              {t('share.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
