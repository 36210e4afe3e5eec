import { escapeMarkdown as md } from './escape.js';
import { AFFILIATION_LABELS } from './labels.js';
import { affiliationShares, authorOf, facilitatorNames, participantsOf, sectionReports, type ReportInput } from './report.js';
import { formatDateTime, timeZoneOf } from './time.js';

/** A plain record for minutes and mail: title, date, who took part, and each section's notes by votes. */
export function boardToMarkdown({ board, exportedAt }: ReportInput): string {
  const tz = timeZoneOf(board);
  const out: string[] = [`# ${md(board.title || '無題のボード')}`, ''];
  out.push(`- 日時: ${formatDateTime(board.createdAt, tz)} (${md(tz)})`);
  const facilitators = facilitatorNames(board);
  if (facilitators.length) out.push(`- ファシリテーター: ${facilitators.map((n) => md(n)).join('、')}`);
  if (board.previous) out.push(`- 前回のボード: ${md(board.previous.title)}`);
  out.push(`- 出力: ${formatDateTime(exportedAt, tz)}`, '');

  const shares = affiliationShares(board).filter((s) => s.participants > 0);
  out.push(`## 参加者（所属別）`, '', `合計 ${participantsOf(board).length} 人`, '');
  if (shares.length) {
    out.push('| 所属 | 人数 |', '| --- | ---: |');
    for (const s of shares) out.push(`| ${md(s.label)} | ${s.participants} |`);
    out.push('');
  }

  for (const section of sectionReports(board)) {
    out.push(`## ${md(section.title || '（無題）')}`, '');
    if (section.prompt) out.push(`> ${md(section.prompt, '> ')}`, '');
    if (section.notes.length === 0) out.push('（ふせんなし）', '');
    section.notes.forEach(({ note, votes, rank }, i) => {
      const author = authorOf(board, note);
      const who = author ? `${md(author)}（${AFFILIATION_LABELS[note.affiliation]}）` : AFFILIATION_LABELS[note.affiliation];
      const place = votes > 0 ? `（${rank} 位）` : '';
      out.push(`${i + 1}. ${md(note.text, '   ') || '（空）'}  `, `   — ${votes} 票${place} · ${who}`);
    });
    if (section.notes.length) out.push('');
  }
  return out.join('\n');
}
