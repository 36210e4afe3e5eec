import type { Template } from './types.js';

// The four promises of a good partnership, two by two; each box holds 4×3 notes of 200×140.

export const partnershipPromises: Template = {
  id: 'partnership-promises',
  title: { ja: 'よりよいパートナー関係の4つのやくそく', en: 'Four promises for a better partnership' },
  description: {
    ja: '相互理解、目的・プロセス・目標の共有、成果の共有、引き継ぎ。4つのやくそくごとに、いまの関係をふりかえり、これからを話し合います。',
    en: 'Mutual understanding, shared aims, shared results and handover: for each promise, look at the partnership as it is and agree on what comes next.',
  },
  phases: ['private', 'reveal', 'reflect'],
  reflection: {
    ja: '4つのやくそく（相互理解・目的とプロセスと目標の共有・成果の共有・担当者が変わっても思いを引き継ぐ）に照らして、守れたことと次に気をつけたいことを書きましょう。',
    en: 'Against the four promises (mutual understanding, shared aims and process, shared results, handing on when people change), write what you kept and what to watch next time.',
  },
  sections: [
    {
      title: '相互理解',
      prompt: 'コミュニケーション：お互いの立場・特性・考え方を知り合えていますか？',
      en: { title: 'Mutual understanding', prompt: "Communication: do we know each other's position, strengths and way of thinking?" },
      x: 0, y: 0, width: 900, height: 600, color: '#e3f2fd',
    },
    {
      title: '目的・プロセス・目標の共有',
      prompt: '合意形成：何のために、どう進め、どこを目指すのかを合意できていますか？',
      en: { title: 'Sharing aims, process and targets', prompt: 'Building consensus: have we agreed why we do this, how we go about it and where we are heading?' },
      x: 960, y: 0, width: 900, height: 600, color: '#e8f5e9',
    },
    {
      title: '成果の共有',
      prompt: '生まれた成果を、関わったみんなで確かめ、分かち合えていますか？',
      en: { title: 'Sharing the results', prompt: 'Does everyone who took part see, and share in, what we achieved?' },
      x: 0, y: 660, width: 900, height: 600, color: '#fff8e1',
    },
    {
      title: '引き継ぎ',
      prompt: '担当者が変わっても思いを引き継ぐ：何を、どうやって次の人に渡しますか？',
      en: { title: 'Handover', prompt: 'Carry the spirit on when the people in charge change: what do we pass on, and how?' },
      x: 960, y: 660, width: 900, height: 600, color: '#f3e5f5',
    },
  ],
};
