import type { Template } from './types.js';

// The usual KPT layout: Keep above Problem on the left, Try over the full height on the right,
// since tries answer both. Keep and Problem hold 4×3 notes of 200×140, Try 4×7.

export const kpt: Template = {
  id: 'kpt',
  title: { ja: 'KPT ふりかえり', en: 'KPT retrospective' },
  description: {
    ja: 'Keep（続けること）・Problem（課題）・Try（次に試すこと）の3つで、活動や会議をふりかえります。',
    en: 'Look back on an activity or a meeting in three boxes: Keep (what to continue), Problem (what got in the way) and Try (what to try next).',
  },
  suggestedBudget: 3,
  phases: ['private', 'reveal', 'vote', 'results'],
  reflection: {
    ja: 'Keep（続けたいこと）・Problem（困ったこと）・Try（次に試すこと）をふせんに書きましょう。',
    en: 'Write notes on what to Keep, the Problems you met, and what to Try next.',
  },
  sections: [
    {
      title: 'Keep（続けること）',
      prompt: 'うまくいったこと、これからも続けたいことは？',
      en: { title: 'Keep', prompt: 'What went well and should carry on?' },
      x: 0, y: 0, width: 900, height: 600, color: '#e8f5e9',
    },
    {
      title: 'Problem（課題）',
      prompt: 'うまくいかなかったこと、困ったことは？',
      en: { title: 'Problem', prompt: 'What did not work, or got in the way?' },
      x: 0, y: 660, width: 900, height: 600, color: '#ffebee',
    },
    {
      title: 'Try（次に試すこと）',
      prompt: 'Keep と Problem をふまえて、次に試してみたいことは？',
      en: { title: 'Try', prompt: 'Given the keeps and the problems, what will we try next?' },
      x: 960, y: 0, width: 900, height: 1260, color: '#e3f2fd',
    },
  ],
};
