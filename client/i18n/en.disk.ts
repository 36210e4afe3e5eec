import type { DiskKey } from './ja.disk';

export const enDisk: Record<DiskKey, string> = {
  'error.unavailable': 'The server cannot save just now (its disk may be full, or its storage out of reach). Your change is kept and sent again by itself',
  'error.disk.full': "The server's disk is nearly full, so nothing new can be saved. Please tell the server's administrator",
  'error.snapshot.budget': "This board's checkpoints have reached their storage limit. Named ones are kept, so no more can be saved",
};
