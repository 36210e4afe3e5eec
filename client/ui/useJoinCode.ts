import { useState } from 'react';
import type { MessageKey } from '../i18n';
import { resolveJoinCode } from '../net/api';
import type { Navigate } from './HomePage';

/** Six digits → the board's page; used by the home form and by /j/:code links. */
export function useJoinCode(navigate: Navigate) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  // `hash`: a QR link's `#door=` fragment goes on to the board page (DR3).
  const resolve = async (code: string, opts?: { replace?: boolean; hash?: string }) => {
    if (!/^\d{6}$/.test(code)) {
      setError('home.codeInvalid');
      return;
    }
    setBusy(true);
    setError(null);
    const res = await resolveJoinCode(code);
    setBusy(false);
    if (res.ok) navigate(`/b/${res.value.id}${opts?.hash ?? ''}`, opts);
    else setError(res.status === 404 ? 'home.codeNotFound' : res.status === 429 ? 'error.rate_limited' : 'error.network');
  };
  return { busy, error, resolve };
}
