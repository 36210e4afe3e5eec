// Strings of the canvas: the note editor as a bottom sheet on phones.
export const jaCanvas = {
  'sheet.title': 'ふせんを書く',
  'sheet.label': 'ふせんの内容',
  'sheet.save': '保存',
  'sheet.cancel': 'キャンセル',
  'image.legend': '書いた人の所属（ふせんの左端の色）:',
  'image.count': '{n}枚',
  'image.drawnAt': '{date} 時点・ふせん {n}枚',
} as const;

export type CanvasKey = keyof typeof jaCanvas;
