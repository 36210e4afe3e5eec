import type { CanvasKey } from './ja.canvas';

export const enCanvas: Record<CanvasKey, string> = {
  'sheet.title': 'Write a note',
  'sheet.label': 'Note text',
  'sheet.save': 'Save',
  'sheet.cancel': 'Cancel',
  'image.legend': "Author's affiliation (colour on each note's left edge):",
  'image.count': '({n})',
  'image.drawnAt': 'As of {date} · notes: {n}',
};
