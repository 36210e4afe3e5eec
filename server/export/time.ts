import { DEFAULT_TIME_ZONE, type Board } from '../../shared/model.js';

export const timeZoneOf = (board: Board) => board.timeZone ?? DEFAULT_TIME_ZONE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(new Date(ms))) p[type] = value;
  return p;
}

/** `YYYY-MM-DD` in the board's time zone, not the server's: the workshop's own calendar day. */
export function formatDate(ms: number, timeZone: string): string {
  const p = partsIn(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `YYYY-MM-DD HH:mm` in the board's time zone; sorts as text and Excel reads it as a date. */
export function formatDateTime(ms: number, timeZone: string): string {
  const p = partsIn(ms, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
