import { useRef, useState, type ChangeEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useT } from '../../i18n';
import { importBoard } from '../../net/api';
import { saveFacilitatorKey } from '../../net/identity';
import type { Navigate } from '../HomePage';
import './records.css';

/**
 * JSON から復元: a snapshot file (an export or a checkpoint) becomes a new board with its own
 * id, code and key (X9); the board it came from is never touched. A file the server refuses is
 * named with the server's own words, which say what is wrong with it.
 */
export function ImportCard({ navigate }: { navigate: Navigate }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    if (file.size > LIMITS.importBytes) {
      setError(t('import.tooLarge', { mb: Math.round(LIMITS.importBytes / 1024 / 1024) }));
      return;
    }
    setBusy(true);
    const res = await importBoard(await file.text());
    setBusy(false);
    if (!res.ok) {
      setError(
        res.status === 413
          ? t('import.tooLarge', { mb: Math.round(LIMITS.importBytes / 1024 / 1024) })
          : res.status === 403
            ? t('access.importNeedsKey')
            : res.status === 400 && res.message
              ? t('import.refused', { message: res.message })
              : t('import.failed'),
      );
      return;
    }
    saveFacilitatorKey(res.value.id, res.value.facilitatorKey);
    navigate(`/b/${res.value.id}#key=${res.value.facilitatorKey}`);
  };

  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('import.heading')}</h2>
      <p className="hint">{t('import.explain')}</p>
      <input ref={input} type="file" accept=".json,application/json" data-testid="import-file" hidden onChange={(e) => void onFile(e)} />
      <button type="button" className="btn" data-testid="import-pick" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? t('import.busy') : t('import.pick')}
      </button>
      {error && (
        <p className="form-error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </section>
  );
}
