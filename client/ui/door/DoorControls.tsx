import { DOOR_MODES, type DoorMode } from '../../../shared/model';
import { codeAdmits } from '../../../shared/door';
import { useT, type MessageKey } from '../../i18n';
import { useState } from 'react';
import { withDoorToken } from '../../net/door';
import { useBoardContext, useBoardField } from '../../state/hooks';
import { copyText } from '../clipboard';
import { Icon } from '../icons';
import { useJoinUrl } from '../useJoinUrl';
import { useDoorToken } from './useDoorToken';
import './door.css';

const LABEL: Record<DoorMode, MessageKey> = { open: 'door.open', onStart: 'door.onStart', closed: 'door.closed' };

/** Whether the join code alone still lets newcomers in (DR1), in the facilitator panel. */
export function DoorControls({ boardId }: { boardId: string }) {
  const t = useT();
  const token = useDoorToken(boardId);
  const link = withDoorToken(useJoinUrl(boardId).url, token);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(link);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  const { source } = useBoardContext();
  const mode = useBoardField((b) => b.settings.door ?? 'open', 'open');
  const admits = useBoardField((b) => codeAdmits(b), true);
  return (
    <section className="fac-section" aria-labelledby="fac-door">
      <h3 id="fac-door">{t('door.heading')}</h3>
      <fieldset className="door-modes" data-testid="door-mode" data-mode={mode} data-admits={admits}>
        <legend>{t('door.mode')}</legend>
        {DOOR_MODES.map((m) => (
          <label key={m} className="door-mode">
            <input type="radio" name="door-mode" value={m} data-testid={`door-mode-${m}`} checked={mode === m} onChange={() => source.submit({ type: 'board.update', door: m })} />
            <span>{t(LABEL[m])}</span>
          </label>
        ))}
      </fieldset>
      {!admits && (
        <p className="door-state is-shut" data-testid="door-shut">
          {t('door.shut')}
        </p>
      )}
      {admits && mode === 'onStart' && <p className="door-state">{t('door.willShut')}</p>}
      {token && (
        <button type="button" className="btn" data-testid="door-copy-link" onClick={() => void copy()} title={t('door.copyLinkTip')}>
          <Icon name="copy" size={16} /> {copied ? t('board.copied') : t('door.copyLink')}
        </button>
      )}
    </section>
  );
}
