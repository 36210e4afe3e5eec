import { useState, type KeyboardEvent } from 'react';
import { LIMITS } from '../../shared/limits';
import type { PresenceEntry } from '../../shared/protocol';
import { affiliationKey, useT } from '../i18n';
import { useBoardContext } from '../state/hooks';
import { Icon } from './icons';

type Props = { person: PresenceEntry; isYou: boolean; manage: boolean };

/** One person at the table; the facilitator can rename them inline or remove them (after a confirmation). */
export function ParticipantRow({ person: p, isYou, manage }: Props) {
  const t = useT();
  const { source } = useBoardContext();
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm'>('view');
  const [name, setName] = useState(p.name);

  const rename = () => {
    const next = name.trim();
    if (next && next !== p.name) source.submit({ type: 'participant.update', id: p.id, name: next.slice(0, LIMITS.displayName) });
    setMode('view');
  };
  const startRename = () => {
    setName(p.name);
    setMode('rename');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter while an IME is converting belongs to the IME.
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      rename();
    } else if (e.key === 'Escape') {
      setName(p.name);
      setMode('view');
    }
  };

  return (
    <li data-participant-id={p.id} data-online={p.online ? 'true' : 'false'} className={`${p.online ? 'online' : 'offline'}${manage ? ' manage' : ''}`}>
      <span className="presence-dot" aria-label={p.online ? t('people.online') : t('people.offline')} role="img" />
      {mode === 'rename' ? (
        <input
          className="rename-input"
          data-testid="participant-rename-input"
          aria-label={t('people.renameLabel')}
          value={name}
          maxLength={LIMITS.displayName}
          autoFocus
          onChange={(e) => setName(e.target.value)}
          onKeyDown={onKey}
          onBlur={rename}
        />
      ) : (
        <span className="person-name">
          {p.name}
          {isYou && <span className="tag">{t('people.you')}</span>}
          {p.role === 'facilitator' && <span className="tag tag-fac">{t('people.facilitator')}</span>}
        </span>
      )}
      <span className={`aff aff-${p.affiliation}`}>{t(affiliationKey(p.affiliation))}</span>
      {manage && (
        <span className="person-actions">
          <button type="button" className="btn btn-quiet icon small" data-testid="participant-rename" title={t('people.rename')} aria-label={`${t('people.rename')}: ${p.name}`} onClick={startRename}>
            <Icon name="pencil" size={16} />
          </button>
          {p.role !== 'facilitator' && (
            <button type="button" className="btn btn-quiet icon small" data-testid="participant-remove" title={t('people.remove')} aria-label={`${t('people.remove')}: ${p.name}`} onClick={() => setMode('confirm')}>
              <Icon name="userX" size={16} />
            </button>
          )}
        </span>
      )}
      {mode === 'confirm' && (
        <div className="person-confirm" role="alertdialog" aria-label={t('people.remove')}>
          <p>{t('people.removeConfirm', { name: p.name })}</p>
          <button
            type="button"
            className="btn btn-danger"
            data-testid="participant-remove-confirm"
            onClick={() => {
              source.submit({ type: 'participant.update', id: p.id, removed: true });
              setMode('view');
            }}
          >
            {t('people.removeYes')}
          </button>
          <button type="button" className="btn" onClick={() => setMode('view')} autoFocus>
            {t('people.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}
