import { useCallback, useMemo, useSyncExternalStore } from 'react';

/** Whether a media query matches now, re-rendering when it starts or stops matching. */
export function useMedia(query: string): boolean {
  // One query list and one subscription per query, not one per render.
  const mql = useMemo(() => (typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null), [query]);
  const subscribe = useCallback(
    (listener: () => void) => {
      mql?.addEventListener('change', listener);
      return () => mql?.removeEventListener('change', listener);
    },
    [mql],
  );
  return useSyncExternalStore(subscribe, () => mql?.matches ?? false);
}

/** A phone held upright: one row of tools, the rest behind "more". Same breakpoint as styles.css. */
export const COMPACT = '(max-width: 760px)';
