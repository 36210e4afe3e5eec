import type { Template } from './types.js';

// A map of the usual forms of 協働, ordered by who leads: the group's own initiative on the left,
// the city's on the right, the forms where both lead in between. Information exchange underlies
// every form, so it runs beneath all of them. Each form holds 2×4 notes of 200×140.

export const formsOfCollaboration: Template = {
  id: 'forms-of-collaboration',
  title: { ja: '協働のかたち', en: 'Forms of collaboration' },
  description: {
    ja: '後援、補助・助成、共催、実行委員会・協議会、事業協力、委託、情報交換・情報提供。協働のかたちの地図に、自分たちの事業を置いてみます。左ほど団体が主体、右ほど行政が主体です。',
    en: 'Endorsement, grants, co-hosting, joint committees, project partnerships, commissioning, information exchange: place your project on this map of the forms of collaboration. The further left, the more the group leads; the further right, the more the city leads.',
  },
  phases: ['private', 'reveal', 'reflect'],
  reflection: {
    ja: '自分たちの事業に合う協働のかたちはどれでしたか？次に話し合う相手と、決めたいことを書きましょう。',
    en: 'Which form of collaboration fits your project? Write whom to talk to next and what to decide together.',
  },
  sections: [
    {
      title: '後援',
      prompt: '団体が行う事業に、行政が名義を出して信頼と広報を後押しする',
      en: { title: 'Endorsement', prompt: "The city lends its name to a group's project, adding trust and publicity." },
      x: 0, y: 0, width: 460, height: 760, color: '#e8f5e9',
    },
    {
      title: '補助・助成',
      prompt: '団体が主体となる公益的な事業を、行政が資金面で支える',
      en: { title: 'Grants and subsidies', prompt: 'The city funds a public-interest project that a group runs on its own initiative.' },
      x: 520, y: 0, width: 460, height: 760, color: '#f1f8e9',
    },
    {
      title: '共催',
      prompt: '団体と行政がともに主催者となって、一つの事業を行う',
      en: { title: 'Co-hosting', prompt: 'A group and the city run one event or project together, both as organisers.' },
      x: 1040, y: 0, width: 460, height: 760, color: '#fffde7',
    },
    {
      title: '実行委員会・協議会',
      prompt: '複数の主体で新しい組織をつくり、その組織が事業を行う',
      en: { title: 'Joint committee or council', prompt: 'Several partners form a new body, which runs the project.' },
      x: 1560, y: 0, width: 460, height: 760, color: '#fff8e1',
    },
    {
      title: '事業協力',
      prompt: 'それぞれの得意を活かし、役割分担を取り決めて一定期間協力する',
      en: { title: 'Project partnership', prompt: 'Partners agree who does what and cooperate for a set period, each using its strengths.' },
      x: 2080, y: 0, width: 460, height: 760, color: '#fff3e0',
    },
    {
      title: '委託',
      prompt: '行政が責任をもつ事業を、団体の専門性や機動力を活かして任せる',
      en: { title: 'Commissioning', prompt: 'The city entrusts a service it is responsible for to a group, drawing on its expertise and agility.' },
      x: 2600, y: 0, width: 460, height: 760, color: '#fce4ec',
    },
    {
      title: '情報交換・情報提供',
      prompt: '意見を交わし、情報を提供・共有する。どのかたちの協働にも土台になる',
      en: { title: 'Information exchange', prompt: 'Exchanging views and sharing information: the footing for every other form.' },
      x: 0, y: 820, width: 3060, height: 440, color: '#e3f2fd',
    },
  ],
};
