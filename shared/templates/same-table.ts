import type { Template } from './types.js';

// 目指す目的は一緒: the goal on top, each partner's role in its own column, outcomes and next steps below.
// Compact, so that a board of forty notes is read from the back of the room when it is fitted to
// a projector: notes are 200×140; a column holds 2×4 of them under its title and prompt, the goal
// row one row of 11, the bottom boxes 5×2.

export const sameTable: Template = {
  id: 'same-table',
  title: { ja: '同じテーブル・協働セッション', en: 'Same table: collaboration session' },
  description: {
    ja: '共通の目的、参加する主体とそれぞれの役割、期待する成果、次のステップを、みんなで一枚のボードに整理します。',
    en: "Map the shared goal, each partner's role, the outcomes you expect and the next steps — together, on one board.",
  },
  suggestedBudget: 3,
  phases: ['private', 'reveal', 'vote', 'results'],
  reflection: {
    ja: '今日決めた共通の目的と、それぞれの役割を全員で確かめましょう。次のステップは、誰が・いつまでに進めますか？',
    en: 'Check together the shared goal and each partner\'s role agreed today. Who takes each next step, and by when?',
  },
  sections: [
    {
      title: '共通の目的',
      prompt: 'この協働で、みんなが目指すことは何ですか？',
      en: { title: 'Shared goal', prompt: 'What are we all aiming for together?' },
      x: 0, y: 0, width: 2460, height: 300, color: '#fffde7',
    },
    {
      title: '市民の役割',
      prompt: '参加する主体と役割：市民として担えること・得意なことは？',
      en: { title: "Citizens' role", prompt: 'Partners and roles: what can citizens take on, and what are they good at?' },
      x: 0, y: 340, width: 460, height: 900, color: '#e3f2fd',
      affiliation: 'citizen',
    },
    {
      title: '市民活動団体・NPOの役割',
      prompt: '参加する主体と役割：市民活動団体・NPOとして担えること・得意なことは？',
      en: { title: "Civic groups & NPOs' role", prompt: 'Partners and roles: what can civic groups and NPOs take on, and what are they good at?' },
      x: 500, y: 340, width: 460, height: 900, color: '#e8f5e9',
      affiliation: 'npo',
    },
    {
      title: '地縁組織の役割',
      prompt: '参加する主体と役割：自治会・町内会など地縁組織として担えること・得意なことは？',
      en: { title: "Neighbourhood associations' role", prompt: 'Partners and roles: what can neighbourhood and residents’ associations take on, and what are they good at?' },
      x: 1000, y: 340, width: 460, height: 900, color: '#fff8e1',
      affiliation: 'community',
    },
    {
      title: '企業の役割',
      prompt: '参加する主体と役割：企業として担えること・得意なことは？',
      en: { title: "Companies' role", prompt: 'Partners and roles: what can companies take on, and what are they good at?' },
      x: 1500, y: 340, width: 460, height: 900, color: '#f3e5f5',
      affiliation: 'company',
    },
    {
      title: '行政の役割',
      prompt: '参加する主体と役割：行政（市役所）として担えること・得意なことは？',
      en: { title: "City hall's role", prompt: 'Partners and roles: what can city hall take on, and what is it good at?' },
      x: 2000, y: 340, width: 460, height: 900, color: '#ffebee',
      affiliation: 'government',
    },
    {
      title: '期待する成果',
      prompt: 'うまくいったとき、誰にとって、何が変わっていますか？',
      en: { title: 'Expected outcomes', prompt: 'If it works, what will have changed, and for whom?' },
      x: 0, y: 1280, width: 1200, height: 460, color: '#e0f2f1',
    },
    {
      title: '次のステップ',
      prompt: '誰が、いつまでに、何をしますか？',
      en: { title: 'Next steps', prompt: 'Who does what, by when?' },
      x: 1260, y: 1280, width: 1200, height: 460, color: '#ede7f6',
    },
  ],
};
