import type { Template } from './types.js';

export const blank: Template = {
  id: 'blank',
  title: { ja: '白紙のボード', en: 'Blank board' },
  description: { ja: '何もないキャンバスから始めます。', en: 'Start from an empty canvas.' },
  sections: [],
};
