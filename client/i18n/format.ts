import type { Lang } from '../../shared/model';

type Vars = Record<string, string | number>;

// `{n, plural, one {# vote} other {# votes}}`: the ICU MessageFormat subset that English needs.
// Branches hold no braces, so one pattern finds a whole plural and another its branches.
const PLURAL = /\{(\w+), plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=?\w+)\s*\{([^{}]*)\}/g;
const VAR = /\{(\w+)\}/g;

const rules = new Map<Lang, Intl.PluralRules>();
function pluralRules(lang: Lang): Intl.PluralRules {
  let r = rules.get(lang);
  if (!r) rules.set(lang, (r = new Intl.PluralRules(lang)));
  return r;
}

function choose(lang: Lang, value: number, branches: string): string | null {
  const byKey = new Map<string, string>();
  for (const [, key, text] of branches.matchAll(BRANCH)) byKey.set(key!, text!);
  const text = byKey.get(`=${value}`) ?? byKey.get(pluralRules(lang).select(value)) ?? byKey.get('other');
  return text === undefined ? null : text.replaceAll('#', String(value));
}

/**
 * Fills a message: plural forms first (chosen by `Intl.PluralRules` for the language, so
 * "1 vote" and "2 votes"), then `{name}` placeholders. A missing variable is left as written.
 */
export function formatMessage(lang: Lang, text: string, vars?: Vars): string {
  if (!vars) return text;
  const plural = text.includes(', plural,')
    ? text.replace(PLURAL, (m, name: string, branches: string) => {
        const v = vars[name];
        const n = typeof v === 'number' ? v : Number(v);
        return v === undefined || !Number.isFinite(n) ? m : (choose(lang, n, branches) ?? m);
      })
    : text;
  return plural.replace(VAR, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
