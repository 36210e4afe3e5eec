import { useEffect } from 'react';
import { useT } from '../i18n';
import type { Navigate } from './HomePage';
import { useJoinCode } from './useJoinCode';

/** `/j/:code` — the short link printed next to the code. */
export function JoinCodePage({ code, navigate }: { code: string; navigate: Navigate }) {
  const t = useT();
  const join = useJoinCode(navigate);
  useEffect(() => {
    void join.resolve(code, { replace: true, hash: location.hash });
    // Resolve once per code; `join` is new on every render.
  }, [code]);
  return (
    <div className="page center">
      {join.error ? (
        <div className="card">
          <p role="alert">{join.error}</p>
          <a className="btn" href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
            {t('board.backHome')}
          </a>
        </div>
      ) : (
        <p>{t('home.resolving')}</p>
      )}
    </div>
  );
}
