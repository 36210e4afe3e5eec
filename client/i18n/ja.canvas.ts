// Strings of the canvas: the note editor as a bottom sheet on phones.
export const jaCanvas = {
  'sheet.title': 'ふせんを書く',
  'sheet.label': 'ふせんの内容',
  'sheet.save': '保存',
  'sheet.cancel': 'キャンセル',
} as const;

export type CanvasKey = keyof typeof jaCanvas;
