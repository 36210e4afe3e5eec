// Strings of tidying and gathering notes (the facilitator's panel).
export const jaArrange = {
  'arrange.heading': 'ふせんの整理',
  'arrange.section': 'セクション',
  'arrange.inView': '表示中のセクション',
  'arrange.byTime': '書いた順に並べる',
  'arrange.byTimeTip': 'このセクションのふせんを、書かれた順に重ならないよう並べ直します（元に戻せます）',
  'arrange.byVotes': '票の多い順に並べる',
  'arrange.byVotesTip': 'このセクションのふせんを、票の多い順に重ならないよう並べ直します（元に戻せます）',
  'arrange.gather': '選んだふせんを集める',
  'arrange.gatherTip': '選んだふせんを、最初に選んだ1枚のそばに重ならないようまとめます（元に戻せます）',
  'arrange.noSection': '整理するセクションを選ぶか、セクションを画面の中央に表示してください',
  'arrange.selectMore': 'まとめるふせんを2枚以上選んでください',
  'arrange.alreadyTidy': '「{title}」はもう整っています',
  'arrange.tidied': '「{title}」のふせん{n}枚を並べ直しました（元に戻せます）',
};
export type ArrangeKey = keyof typeof jaArrange;
