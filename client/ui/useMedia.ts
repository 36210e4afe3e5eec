import { useSyncExternalStore } from 'react';

/** Whether a media query matches now, re-rendering when it starts or stops matching. */
export function useMedia(query: string): boolean {
  const mql = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null;
  return useSyncExternalStore(
    (listener) => {
      mql?.addEventListener('change', listener);
      return () => mql?.removeEventListener('change', listener);
    },
    () => mql?.matches ?? false,
  );
}

/** A phone held upright: one row of tools, the rest behind "more". Same breakpoint as styles.css. */
export const COMPACT = '(max-width: 760px)';
