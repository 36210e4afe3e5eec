import type { PhoneKey } from './ja.phone';

export const enPhone: Record<PhoneKey, string> = {
  'color.yellow': 'Yellow',
  'color.orange': 'Orange',
  'color.pink': 'Pink',
  'color.purple': 'Purple',
  'color.blue': 'Blue',
  'color.cyan': 'Light blue',
  'color.green': 'Green',
  'color.grey': 'Grey',
  'color.swatch': 'Colour: {name}',

  'conn.pendingNotes': ' ({n, plural, one {# note} other {# notes}} waiting)',
  'conn.pendingShort': '{n} unsent',

  'tool.more': 'More',
  'tool.moreTip': 'More actions',
  'tool.lockedTip': 'The board is locked',

  'home.orCreate': 'Running a workshop? Create a board and invite people to it.',

  'board.emptyHint.touch': 'Tap “Add note” to start writing',
  'tool.addNoteTip.touch': 'Add a note',
  'list.hint.touch': 'Tap a note to select it, double-tap to edit',
  'vote.howTo.touch': 'Press + on a note to vote, − to take it back',
  'vote.noneLeft.touch': 'You have used all your votes. Press − to take one back',
  'vote.selectNote.touch': 'Press + on a note to vote',
  'note.editorLabel.touch': 'Note text (tap outside to save)',
  'tool.selectTip.touch': 'Drag a finger to select an area. Press again to go back to moving.',
  'results.onProjector.touch': 'The projector view shows the results too',
};
