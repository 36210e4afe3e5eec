import type { ArrangeKey } from './ja.arrange';

export const enArrange: Record<ArrangeKey, string> = {
  'arrange.heading': 'Tidy notes',
  'arrange.section': 'Section',
  'arrange.inView': 'Section in view',
  'arrange.byTime': 'Tidy by time',
  'arrange.byTimeTip': 'Lays out the notes of this section in the order they were written, none over another (undoable)',
  'arrange.byVotes': 'Tidy by votes',
  'arrange.byVotesTip': 'Lays out the notes of this section with the most votes first, none over another (undoable)',
  'arrange.gather': 'Gather selected',
  'arrange.gatherTip': 'Puts the selected notes together next to the first one you selected, none over another (undoable)',
  'arrange.noSection': 'Choose a section to tidy, or bring one to the middle of your screen',
  'arrange.selectMore': 'Select two or more notes to gather',
  'arrange.alreadyTidy': '“{title}” is already tidy',
  'arrange.tidied': 'Tidied “{title}”: {n} moved (undo takes it back)',
};
