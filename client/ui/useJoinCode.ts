import { useState } from 'react';
import { useT, type MessageKey } from '../i18n';
import { resolveJoinCode } from '../net/api';
import type { Navigate } from './HomePage';

type JoinError = { key: MessageKey; vars?: Record<string, number> };

/** Six digits → the board's page; used by the home form and by /j/:code links. */
export function useJoinCode(navigate: Navigate) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<JoinError | null>(null);
  // `hash`: a QR link's `#door=` fragment goes on to the board page (DR3).
  const resolve = async (code: string, opts?: { replace?: boolean; hash?: string }) => {
    if (!/^\d{6}$/.test(code)) {
      setError({ key: 'home.codeInvalid' });
      return;
    }
    setBusy(true);
    setError(null);
    const res = await resolveJoinCode(code);
    setBusy(false);
    if (res.ok) navigate(`/b/${res.id}${opts?.hash ?? ''}`, opts);
    else if (res.status === 404) setError({ key: 'home.codeNotFound' });
    // Too many tries from this network or on the server (SC4–SC6): say how long, and that links still work.
    else if (res.status === 429) setError({ key: 'access.codeWait', vars: { s: res.retryAfter ?? 60 } });
    else setError({ key: 'error.network' });
  };
  // Put in words at render time, so switching the language changes a message already shown.
  return { busy, error: error && t(error.key, error.vars), resolve };
}
