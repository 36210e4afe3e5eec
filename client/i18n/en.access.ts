import type { jaAccess } from './ja.access';

export const enAccess: Record<keyof typeof jaAccess, string> = {
  'access.createKeyLabel': 'Create key',
  'access.createKeyHint': 'This server needs the create key from whoever runs it before you can make a board. This browser remembers it.',
  'access.createKeyMissing': 'Enter the create key',
  'access.createKeyWrong': 'That create key is not accepted here. Check it with whoever runs this server',
  'access.importNeedsKey': 'Restoring from JSON needs the create key too: enter the right one in the create key field under “Create a board”',
  'access.codeWait': 'Too many tries. Wait about {s} seconds and try again (the join link and QR code still work)',
};
