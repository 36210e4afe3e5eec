import type { ProjectorKey } from './ja.projector';

export const enProjector: Record<ProjectorKey, string> = {
  'wall.howTo': 'Scan the QR code with your phone camera, or open this address to join',
  'wall.codeHint': 'You can also enter the join code on the home page',
  'wall.cardLine': 'Join with the QR code or the address',
  'wall.start': 'Start (Esc)',
  'wall.startHint': 'The wall shows the board once ① Write alone starts',
  'wall.timeUp': "Time's up",
};
