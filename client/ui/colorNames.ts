import type { MessageKey } from '../i18n';

// Names a screen reader can say and a person can repeat ("the yellow one"); the CSV export
// uses the same Japanese names (server/export/labels.ts).
const NAMES: Readonly<Record<string, MessageKey>> = {
  '#fff59d': 'color.yellow',
  '#ffcc80': 'color.orange',
  '#f48fb1': 'color.pink',
  '#ce93d8': 'color.purple',
  '#90caf9': 'color.blue',
  '#80deea': 'color.cyan',
  '#a5d6a7': 'color.green',
  '#e0e0e0': 'color.grey',
};

/** The message key of a palette colour's name; null for a colour outside the palette. */
export function colorNameKey(color: string): MessageKey | null {
  return NAMES[color.toLowerCase()] ?? null;
}
