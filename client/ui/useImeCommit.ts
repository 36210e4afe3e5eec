import { useEffect, useRef, type CompositionEvent, type FocusEvent, type KeyboardEvent } from 'react';

/** If a browser never sends compositionend after a blur, commit anyway after this long. */
const COMPOSITION_GRACE_MS = 1500;

/**
 * Commit rules for a note textarea that are safe with a Japanese IME: Enter while converting
 * belongs to the IME; plain Enter is a line break; Ctrl/Cmd+Enter and Esc commit; leaving the
 * field commits, but only after a running conversion has finished, so its text is not lost.
 * `commit` runs at most once per mount.
 */
export function useImeCommit(commit: (text: string) => void) {
  const composing = useRef(false);
  const afterComposition = useRef<HTMLTextAreaElement | null>(null);
  const done = useRef(false);
  const grace = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(commit);
  latest.current = commit;

  useEffect(() => () => {
    if (grace.current) clearTimeout(grace.current);
  }, []);

  const finish = (el: HTMLTextAreaElement) => {
    if (done.current) return;
    done.current = true;
    if (grace.current) clearTimeout(grace.current);
    latest.current(el.value);
  };

  return {
    onCompositionStart: () => {
      composing.current = true;
    },
    onCompositionEnd: (e: CompositionEvent<HTMLTextAreaElement>) => {
      composing.current = false;
      if (afterComposition.current) finish(e.currentTarget);
    },
    onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => {
      if (e.nativeEvent.isComposing || e.keyCode === 229) return;
      if ((e.key === 'Enter' && (e.ctrlKey || e.metaKey)) || e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        finish(e.currentTarget);
      }
    },
    onBlur: (e: FocusEvent<HTMLTextAreaElement>) => {
      const el = e.currentTarget;
      if (composing.current) {
        afterComposition.current = el;
        grace.current = setTimeout(() => finish(el), COMPOSITION_GRACE_MS);
        return;
      }
      finish(el);
    },
  };
}
