// Strings of the wall: the join screen before the workshop starts, and the corner card after it.
export const jaProjector = {
  'wall.howTo': 'スマホのカメラで QR コードを読み取るか、このアドレスを開いて参加してください',
  'wall.codeHint': 'トップページで参加コードを入れても参加できます',
  'wall.cardLine': 'QR コードかアドレスから参加できます',
  'wall.start': 'はじめる（Esc）',
  'wall.startHint': '「① 個人で書く」を始めると、この画面はボードに切り替わります',
  'wall.timeUp': '時間です',
};
export type ProjectorKey = keyof typeof jaProjector;
