// Strings of the seats: phones and touch screens, colour names, the lock, the waiting notes.
// A key ending in `.touch` replaces its base key on a touch screen (pointer: coarse), where
// there is no double-click, no N key and no arrow keys.
export const jaPhone = {
  'color.yellow': '黄',
  'color.orange': 'オレンジ',
  'color.pink': 'ピンク',
  'color.purple': '紫',
  'color.blue': '青',
  'color.cyan': '水色',
  'color.green': '緑',
  'color.grey': 'グレー',
  'color.swatch': '色：{name}',

  'conn.pendingNotes': '（未送信のふせん {n} 枚）',
  'conn.pendingShort': '未送信 {n} 枚',

  'tool.more': 'その他',
  'tool.moreTip': 'その他の操作',
  'tool.lockedTip': 'ボードはロックされています',

  'home.orCreate': 'ファシリテーターの方は、ボードをつくって参加者を招きましょう。',

  'board.emptyHint.touch': '「ふせんを追加」を押して書きはじめましょう',
  'tool.addNoteTip.touch': 'ふせんを追加',
  'list.hint.touch': 'ふせんをタップして選択、ダブルタップで編集',
  'vote.howTo.touch': 'ふせんの ＋ で投票、− で取り消し',
  'vote.noneLeft.touch': '持ち票をすべて使いました。取り消すには − を押してください',
  'vote.selectNote.touch': 'ふせんの ＋ を押して投票してください',
  'note.editorLabel.touch': 'ふせんの内容（外側をタップすると確定）',
  'tool.selectTip.touch': '指でなぞって範囲を選択。もう一度押すと移動に戻ります。',
  'results.onProjector.touch': 'プロジェクター表示にも結果が出ています',
} as const;

export type PhoneKey = keyof typeof jaPhone;
