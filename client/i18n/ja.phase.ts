// What every screen says about the workshop's current step (PROTOCOL PH1–PH3).
export const jaPhase = {
  'phaseNow.label': 'いまのフェーズ',
  'phaseNow.private': '個人で書く時間です。自分のふせんだけが見えます。',
  'phaseNow.reveal': '全員のふせんを共有しています。',
  'phaseNow.vote': '投票の時間です。',
  'phaseNow.results': '投票の結果です。',
  'phaseNow.reflect': 'ふりかえりの時間です。',
  'phaseNow.reflectDefault': '今日のワークショップで気づいたこと、次に生かしたいことをふせんに書きましょう。',
} as const;
