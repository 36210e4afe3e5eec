import { constants, promises as fs } from 'node:fs';

/**
 * The few file operations an op log needs. Node's own file handle is one; a test gives the log
 * one that writes short or runs out of space after some bytes, where it cannot mount a small
 * file system to fill for real.
 */
export interface LogHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

export type OpenLogFile = (file: string) => Promise<LogHandle>;

/**
 * Opened for positional writes, not in append mode: after a failed write the log is cut back to
 * its last good line and the next batch written at that exact offset, which O_APPEND would ignore.
 */
export const openLogFile: OpenLogFile = (file) => fs.open(file, constants.O_WRONLY | constants.O_CREAT, 0o644);

/** The error of a write that returned without writing anything (a disk that takes no more). */
export function noProgress(file: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`ENOSPC: no space left on device, write '${file}'`);
  e.code = 'ENOSPC';
  return e;
}
