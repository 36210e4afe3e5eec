import type { Template } from './types.js';

// 協働のふりかえり: one box per ground rule, its subtitle as the prompt. Four rules on the first
// row, three centred below; each box holds 3×3 notes of 200×140.

export const sevenRules: Template = {
  id: 'seven-rules',
  title: { ja: '協働の7つの基本ルール ふりかえり', en: 'Reflecting on the seven ground rules of collaboration' },
  description: {
    ja: '協働の7つの基本ルールに照らして取り組みをふりかえります。ルールごとに、できたこと・足りなかったことを書き出しましょう。',
    en: 'Look back on a joint project against the seven ground rules of collaboration: for each rule, note what worked and what was missing.',
  },
  suggestedBudget: 3,
  phases: ['private', 'reveal', 'vote', 'reflect'],
  reflection: {
    ja: '7つの基本ルール（どちらも主役・目指す目的は一緒・同じテーブルにつこう・情報はオープンに・協働のふりかえり・市民感覚を磨こう・自主性を育てよう）それぞれについて、できていたことと次に気をつけたいことを書きましょう。',
    en: 'For each of the seven ground rules (equal partners, a shared goal, the same table, open information, reflection, civic sense, independence), write what went well and what to watch next time.',
  },
  sections: [
    {
      title: 'どちらも主役！',
      prompt: '対等なパートナーとして認識しよう',
      en: { title: 'Both sides lead!', prompt: 'See each other as equal partners.' },
      x: 0, y: 0, width: 680, height: 600, color: '#fff3e0',
    },
    {
      title: '目指す目的は一緒！',
      prompt: '目的を共有し、役割を明確にしよう',
      en: { title: 'One goal for all!', prompt: 'Share the goal and make the roles clear.' },
      x: 740, y: 0, width: 680, height: 600, color: '#fffde7',
    },
    {
      title: '積極的な話し合いを！',
      prompt: '同じテーブルにつこう',
      en: { title: 'Talk it through!', prompt: 'Sit down at the same table.' },
      x: 1480, y: 0, width: 680, height: 600, color: '#e8f5e9',
    },
    {
      title: '情報はオープンに！',
      prompt: 'みんなに見える関係にしよう',
      en: { title: 'Keep information open!', prompt: 'Work in a way everyone can see.' },
      x: 2220, y: 0, width: 680, height: 600, color: '#e3f2fd',
    },
    {
      title: '次のステップに向かって',
      prompt: '協働のふりかえりを徹底しよう',
      en: { title: 'On to the next step', prompt: 'Always look back on how the collaboration went.' },
      x: 360, y: 660, width: 680, height: 600, color: '#ede7f6',
    },
    {
      title: '信頼される市役所に！',
      prompt: '職員一人ひとりが市民感覚を磨こう',
      en: { title: 'A city hall people trust!', prompt: "Every staff member hones a citizen's sense of things." },
      x: 1100, y: 660, width: 680, height: 600, color: '#fce4ec',
    },
    {
      title: '主体的に自立した活動を！',
      prompt: '自主性・独自性を育てよう',
      en: { title: 'Act on your own initiative!', prompt: 'Grow your independence and your own character.' },
      x: 1840, y: 660, width: 680, height: 600, color: '#e0f2f1',
    },
  ],
};
