import type { Board } from '../../shared/model.js';
import { AFFILIATION_LABELS, colorLabel } from './labels.js';
import { authorOf, sectionReports } from './report.js';
import { formatDateTime, timeZoneOf } from './time.js';

export const CSV_HEADER = ['セクション', 'ふせん', '書いた人', '所属', '票数', '色', '作成日時', '更新日時'] as const;

/** Excel needs the byte order mark to read UTF-8 (else Japanese turns to mojibake) and CRLF rows. */
const BOM = '\uFEFF';
const EOL = '\r\n';

/**
 * OWASP CSV injection: a spreadsheet treats a cell starting with one of these as a formula.
 * A leading apostrophe makes it text, and Excel does not show the apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Japanese Excel reads the full-width forms (＝ ＋ － ＠, and the small ﹦ ﹢ ﹣ ﹫) as their ASCII
 * selves, which is exactly what NFKC folds them to; an IME in full-width mode types them.
 */
const startsFormula = (s: string) => FORMULA_START.test(s) || FORMULA_START.test(String.fromCodePoint(s.codePointAt(0) ?? 32).normalize('NFKC'));

export function csvCell(value: string | number): string {
  let s = String(value);
  if (s && startsFormula(s)) s = "'" + s;
  // RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One row per note, grouped by section and ranked by votes, times in the board's time zone. */
export function boardToCsv(board: Board): string {
  const tz = timeZoneOf(board);
  const rows: (string | number)[][] = [[...CSV_HEADER]];
  for (const section of sectionReports(board))
    for (const { note, votes } of section.notes)
      rows.push([
        section.title,
        note.text,
        authorOf(board, note),
        AFFILIATION_LABELS[note.affiliation],
        votes,
        colorLabel(note.color),
        formatDateTime(note.createdAt, tz),
        formatDateTime(note.updatedAt, tz),
      ]);
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join(EOL) + EOL;
}
