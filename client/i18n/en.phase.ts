import type { jaPhase } from './ja.phase';

export const enPhase: Record<keyof typeof jaPhase, string> = {
  'phaseNow.label': 'Now',
  'phaseNow.private': 'Writing on your own: you see only your notes.',
  'phaseNow.reveal': 'Everybody’s notes are shared.',
  'phaseNow.vote': 'Time to vote.',
  'phaseNow.results': 'The results of the vote.',
  'phaseNow.reflect': 'Time to reflect.',
  'phaseNow.reflectDefault': 'Write notes on what you noticed in this workshop and what to carry into the next one.',
} as const;
