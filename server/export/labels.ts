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
