import { DEFAULT_TIME_ZONE } from '../../../shared/model';

// The server names its downloads `<title>_<YYYY-MM-DD>.<ext>` (X2); a file made in the browser
// (the board image) is named the same way, so the organizer's folder sorts as one record.

/** What a file name may not hold on Windows, macOS or Linux, plus controls. */
const UNSAFE = /[\u0000-\u001f\u007f"*/:<>?\\|]+/g;

/** The board's day (its creation, the workshop's day) in its own time zone, as YYYY-MM-DD. */
export function boardDay(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: DEFAULT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function boardFileName(board: { title: string; createdAt: number; timeZone?: string }, ext: string): string {
  const base = board.title.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim().slice(0, 80) || 'onaji-table';
  return `${base}_${boardDay(board.createdAt, board.timeZone)}.${ext}`;
}

/** Saves a blob made in the page under `name`, as a link with `download` would. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; the page's can go a little later.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
