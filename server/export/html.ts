import type { Board } from '../../shared/model.js';
import { escapeHtml as h } from './escape.js';
import { REPORT_CSS } from './html-style.js';
import { AFFILIATION_LABELS } from './labels.js';
import { affiliationShares, authorOf, facilitatorNames, participantsOf, percent, sectionReports, totalVotes, type ReportInput, type SectionReport } from './report.js';
import { formatDateTime, timeZoneOf } from './time.js';

/**
 * Nothing in the report may reach the network or run: it is opened from a download folder, on
 * any machine, long after the workshop. The policy also covers what escaping might ever miss.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** A self-contained, printable A4 record of the board. Every piece of user text goes through `h`. */
export function boardToHtml({ board, snapshots, exportedAt }: ReportInput): string {
  const tz = timeZoneOf(board);
  const time = (ms: number) => h(formatDateTime(ms, tz));
  const title = board.title || '無題のボード';
  const facilitators = facilitatorNames(board);
  const people = participantsOf(board).length;
  const facts: [string, string][] = [
    ['日時', `${time(board.createdAt)}（${h(tz)}）`],
    ['ファシリテーター', facilitators.length ? facilitators.map(h).join('、') : '—'],
    ['参加者', `${people} 人 · ふせん ${Object.keys(board.notes).length} 枚 · 票 ${totalVotes(board)}`],
  ];
  if (board.previous) facts.push(['前回のボード', h(board.previous.title || '無題のボード')]);
  facts.push(['出力', time(exportedAt)]);

  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} — 記録</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${h(title)}</h1>
<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>
</header>
${balance(board)}
${voting(board)}
${sectionReports(board).map((s) => section(board, s)).join('\n')}
${checkpoints(snapshots, time)}
<footer>おなじテーブル Onaji Table</footer>
</body>
</html>
`;
}

function balance(board: Board): string {
  const shares = affiliationShares(board);
  const totals = shares.reduce((t, s) => ({ p: t.p + s.participants, n: t.n + s.notes, v: t.v + s.votes }), { p: 0, n: 0, v: 0 });
  const cell = (value: number, whole: number, unit: string, kind: string) => {
    const pct = percent(value, whole);
    return `<td><div class="bar"><span class="${kind}" style="width:${pct}%"></span></div><span class="num">${value} ${unit}（${pct}%）</span></td>`;
  };
  const rows = shares
    .filter((s) => s.participants + s.notes + s.votes > 0)
    .map((s) => `<tr><th>${h(s.label)}</th>${cell(s.participants, totals.p, '人', 'p')}${cell(s.notes, totals.n, '枚', 'n')}${cell(s.votes, totals.v, '票', 'v')}</tr>`);
  return `<section>
<h2>所属別のバランス</h2>
<p class="legend"><span class="p">参加者</span><span class="n">ふせん</span><span class="v">票</span></p>
${rows.length ? `<table><thead><tr><th>所属</th><th>参加者</th><th>ふせん</th><th>票</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '<p class="empty">まだ参加者がいません</p>'}
</section>`;
}

function voting(board: Board): string {
  const v = board.voting;
  const state = v.open ? '投票中' : v.ended ? '終了' : '未実施';
  const rows: [string, string][] = [
    ['状態', state],
    ['1人の持ち票', `${v.budget} 票`],
    ['1枚への上限', `${v.maxPerNote} 票`],
    ['投票の公開', v.hidden ? '終了まで非公開' : '公開'],
    ['匿名モード', board.settings.anonymous ? 'あり（書いた人は記録に載りません）' : 'なし'],
  ];
  return `<section>
<h2>投票の設定</h2>
<table><tbody>${rows.map(([k, val]) => `<tr><th>${h(k)}</th><td>${h(val)}</td></tr>`).join('')}</tbody></table>
</section>`;
}

function section(board: Board, s: SectionReport): string {
  const notes = s.notes.map(({ note, votes, rank, top }) => {
    const author = authorOf(board, note);
    const who = `${author ? `${h(author)} · ` : ''}${h(AFFILIATION_LABELS[note.affiliation])}`;
    return `<li class="note${top ? ' top' : ''}" style="border-left-color:${h(note.color)}">
<div class="place">${top ? `${rank}位` : ''}</div>
<div class="text">${h(note.text)}</div>
<div class="meta">${votes} 票 · ${who}</div>
</li>`;
  });
  return `<section>
<h2>${h(s.title || '（無題）')}</h2>
${s.prompt ? `<p class="prompt">${h(s.prompt)}</p>` : ''}
${notes.length ? `<ol class="notes">${notes.join('\n')}</ol>` : '<p class="empty">ふせんなし</p>'}
</section>`;
}

function checkpoints(list: ReportInput['snapshots'], time: (ms: number) => string): string {
  const rows = list.map((c) => `<tr><td>${h(c.label || '（名前なし）')}${c.auto ? ' <span class="num">自動</span>' : ''}</td><td>${time(c.at)}</td><td>${c.notes} 枚</td></tr>`);
  return `<section>
<h2>スナップショット</h2>
${rows.length ? `<table><thead><tr><th>名前</th><th>日時</th><th>ふせん</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '<p class="empty">保存されたスナップショットはありません</p>'}
</section>`;
}
