import { useT } from '../i18n';

/** Removed by the facilitator: the board stays behind a clear message, and nothing reconnects. */
export function RemovedNotice() {
  const t = useT();
  return (
    <div className="overlay" data-testid="removed-notice" role="alertdialog" aria-modal="true" aria-labelledby="removed-heading">
      <div className="card">
        <h1 id="removed-heading">{t('removed.heading')}</h1>
        <p>{t('removed.body')}</p>
        <a className="btn" href="/">
          {t('board.backHome')}
        </a>
      </div>
    </div>
  );
}
