import { lazy, Suspense, useEffect, useState } from 'react';
import { useT } from '../i18n';
import { useBoardField, useYou } from '../state/hooks';
import type { Summary } from '../net/api';
import { ConnectionBadge } from './ConnectionBadge';
import { Icon } from './icons';
import { LangToggle } from './LangToggle';
import { copyText } from './clipboard';
import { TimerBadge } from './TimerBadge';

// The organizer's record (downloads, checkpoints, next session) loads only for a facilitator.
const RecordMenu = lazy(() => import('./records/RecordMenu').then((m) => ({ default: m.RecordMenu })));
import { useJoinUrl } from './useJoinUrl';

/** Title, how to join (code and link, for everyone to pass on), connection, language. */
export function Header({ summary, boardId }: { summary: Summary | null; boardId: string }) {
  const t = useT();
  const title = useBoardField((b) => b.title, null);
  const you = useYou();
  const joinUrl = useJoinUrl(boardId).url;
  const shown = title ?? summary?.title ?? '';
  useEffect(() => {
    document.title = shown ? `${shown} — ${t('app.name')}` : t('app.name');
  }, [shown, t]);
  return (
    <header className="board-header">
      <a className="brand-small" href="/" aria-label={t('app.name')}>
        {t('app.name')}
      </a>
      <h1 className="board-title">{shown}</h1>
      {you?.role === 'facilitator' && <span className="tag tag-fac">{t('board.facilitator')}</span>}
      {you?.role === 'facilitator' && (
        <Suspense fallback={null}>
          <RecordMenu boardId={boardId} />
        </Suspense>
      )}
      <div className="share">
        <span className="share-label">{t('board.code')}</span>
        <span className="code" data-testid="board-code">
          {summary?.code ?? ''}
        </span>
        <span className="share-label share-url-label">{t('board.joinUrl')}</span>
        <span className="join-url" data-testid="board-join-url">
          {joinUrl}
        </span>
        <CopyButton text={joinUrl} />
      </div>
      <TimerBadge signal />
      <ConnectionBadge />
      <LangToggle />
    </header>
  );
}

function CopyButton({ text }: { text: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <button type="button" className="btn btn-quiet icon" onClick={() => void copy()} title={copied ? t('board.copied') : t('board.copy')} aria-label={t('board.copy')}>
      <Icon name="copy" size={16} />
      {copied && <span className="copied">{t('board.copied')}</span>}
    </button>
  );
}
