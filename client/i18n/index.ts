import { useMemo, useSyncExternalStore } from 'react';
import type { Affiliation, Lang } from '../../shared/model';
import type { ErrorCode } from '../../shared/errors';
import { ja, type MessageKey } from './ja';
import { en } from './en';
import { Store } from '../state/store';
import { formatMessage } from './format';
import { isCoarsePointer, useCoarsePointer } from '../state/pointer';

export type { MessageKey } from './ja';

const STORAGE_KEY = 'onaji:lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en };

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'ja' || saved === 'en') return saved;
  } catch {
    // Storage can be blocked (private mode); Japanese is the default anyway.
  }
  return 'ja';
}

export const langStore = new Store<Lang>(initialLang());
langStore.subscribe(() => {
  const lang = langStore.get();
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not remembered, still switched */
  }
});

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const dict = dictionaries[lang] as Record<string, string>;
  const text = (isCoarsePointer() && dict[`${key}.touch`]) || dict[key]!;
  return formatMessage(lang, text, vars);
}

/** For code outside React (toasts raised by the sync client). */
export const t: Translate = (key, vars) => translate(langStore.get(), key, vars);

export function useLang(): Lang {
  return useSyncExternalStore(langStore.subscribe, langStore.get);
}

/** On a touch screen a key's `.touch` variant (ja.phone.ts) is used where there is one. */
export function useT(): Translate {
  const lang = useLang();
  const coarse = useCoarsePointer();
  return useMemo<Translate>(() => (key, vars) => translate(lang, key, vars), [lang, coarse]);
}

export const affiliationKey = (a: Affiliation): MessageKey => `aff.${a}`;
export const errorKey = (code: ErrorCode): MessageKey => `error.${code}`;
