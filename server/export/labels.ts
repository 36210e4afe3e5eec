import type { Affiliation } from '../../shared/model.js';

// Exports are read by the organizer's office, so they speak Japanese like the workshops they record.

export const AFFILIATION_LABELS: Readonly<Record<Affiliation, string>> = {
  citizen: '市民',
  npo: '市民活動団体・NPO',
  community: '地縁組織',
  company: '企業',
  government: '行政',
  school: '学校',
  other: 'その他',
};

/** Title for the notes that lie outside every section. */
export const UNSECTIONED = '未分類';

/** The palette's colours by name (黄, not #fff59d): the organizer reads "黄のふせん", not a hex code. */
export const COLOR_LABELS: Readonly<Record<string, string>> = {
  '#fff59d': '黄',
  '#ffcc80': 'オレンジ',
  '#f48fb1': 'ピンク',
  '#ce93d8': '紫',
  '#90caf9': '青',
  '#80deea': '水色',
  '#a5d6a7': '緑',
  '#e0e0e0': 'グレー',
};

/** A colour outside the palette (an imported board) keeps its code. */
export const colorLabel = (color: string): string => COLOR_LABELS[color.toLowerCase()] ?? color;
