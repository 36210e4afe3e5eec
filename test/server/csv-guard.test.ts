import { describe, expect, it } from 'vitest';
import { boardToCsv, csvCell } from '../../server/export/csv.js';
import { emptyBoard, type Board } from '../../shared/model.js';

// Japanese Excel reads full-width ＝ ＋ － ＠ as their ASCII selves when a cell is opened, so a
// note typed through an IME in full-width mode can still become a formula.

describe('CSV formula guard', () => {
  const attacks = ['＝HYPERLINK("http://evil.example","開く")', '＋1+1', '－1+1', '＠SUM(A1)', '﹦1+1', '﹢1', '﹣1', '﹫x', '=1+1', '+1', '-1', '@x', '\t=1', '\r=1'];

  it('[X5][LK8] every cell that a spreadsheet could evaluate, full-width included, starts with an apostrophe', () => {
    for (const text of attacks) expect(csvCell(text).replace(/^"/, ''), JSON.stringify(text)).toMatch(/^'/);
  });

  it('[X5][LK8] ordinary Japanese text is not touched', () => {
    for (const text of ['協働', '　全角スペースで始まる', 'ー長音で始まる', '〜から', '①番']) expect(csvCell(text)).toBe(text);
  });

  it('[X5][LK8] a full-width formula in a note reaches the exported file guarded', () => {
    const board: Board = emptyBoard({ id: 'b1', title: 't', template: 'blank', lang: 'ja', createdAt: 0 });
    board.notes.n1 = { id: 'n1', text: '＝1+1', x: 0, y: 0, width: 200, height: 150, color: '#fff59d', sectionId: null, authorId: 'p1', authorName: '＠佐藤', affiliation: 'citizen', createdAt: 0, updatedAt: 0 };
    const row = boardToCsv(board).split('\r\n')[1]!;
    expect(row.split(',').slice(1, 3)).toEqual(["'＝1+1", "'＠佐藤"]);
  });
});
