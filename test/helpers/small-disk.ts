import { execFile } from 'node:child_process';
import { open, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './server.js';

const run = promisify(execFile);

/** A real, small file system (a tmpfs the test mounts), to fill and free during writes. */
export type SmallDisk = {
  dir: string;
  /** Write a filler file until the file system refuses more; returns the bytes it took. */
  fill(): Promise<number>;
  /** Delete the filler. */
  free(): Promise<void>;
  remove(): Promise<void>;
};

/** A tmpfs of `bytes`, or null where mounting is not allowed (not root, a container without CAP_SYS_ADMIN). */
export async function mountSmallDisk(bytes: number): Promise<SmallDisk | null> {
  const dir = await tempDir('onaji-disk-');
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    async fill() {
      const fh = await open(filler, 'a');
      let total = 0;
      // Large chunks first, then smaller ones, so the last free page goes too.
      for (const size of [256 * 1024, 16 * 1024, 4096, 512, 64, 1]) {
        const chunk = Buffer.alloc(size, 0x2e);
        for (;;) {
          try {
            const { bytesWritten } = await fh.write(chunk);
            total += bytesWritten;
            if (bytesWritten < size) break;
          } catch {
            break;
          }
        }
      }
      await fh.close();
      return total;
    },
    free: () => unlink(filler).catch(() => {}),
    async remove() {
      await run('umount', ['-l', dir]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
