import { DEFAULT_TIME_ZONE, type Lang } from '../../../shared/model';

/** A moment of the workshop, in the board's time zone (X15), in the reader's language. */
export function formatMoment(ms: number, lang: Lang, timeZone = DEFAULT_TIME_ZONE, withYear = false): string {
  const opts: Intl.DateTimeFormatOptions = withYear
    ? { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }
    : { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false };
  try {
    return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { ...opts, timeZone }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { ...opts, timeZone: DEFAULT_TIME_ZONE }).format(ms);
  }
}
