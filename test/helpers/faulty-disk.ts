import { constants, promises as fs } from 'node:fs';
import type { LogHandle, OpenLogFile } from '../../server/store/log-file.js';

/**
 * A disk for op logs that behaves as a small real one does: it holds `capacity` bytes over all the
 * files opened through it, writes as much of a request as fits (a short write) and then fails with
 * ENOSPC; truncating a file frees its bytes. `shortWrites` also splits every write in two, as a
 * kernel may. Used where a test cannot mount a small file system to fill for real.
 */
export class FaultyDisk {
  capacity = Infinity;
  shortWrites = false;
  /** A disk that has gone bad rather than full: even a truncation fails. */
  failTruncate = false;
  writes = 0;
  failures = 0;
  private sizes = new Map<string, number>();

  get used(): number {
    let n = 0;
    for (const s of this.sizes.values()) n += s;
    return n;
  }

  readonly open: OpenLogFile = async (file) => {
    const fh = await fs.open(file, constants.O_WRONLY | constants.O_CREAT, 0o644);
    this.sizes.set(file, (await fh.stat()).size);
    const disk = this;
    const handle: LogHandle = {
      async write(buffer, offset, length, position) {
        disk.writes++;
        const size = disk.sizes.get(file) ?? 0;
        const growth = Math.max(0, position + length - size);
        const room = disk.capacity - disk.used;
        let n = length;
        if (growth > room) n = Math.max(0, length - (growth - room));
        if (disk.shortWrites && n > 1) n = Math.ceil(n / 2);
        if (n === 0) {
          disk.failures++;
          throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
        }
        const res = await fh.write(buffer, offset, n, position);
        disk.sizes.set(file, Math.max(size, position + res.bytesWritten));
        return { bytesWritten: res.bytesWritten };
      },
      datasync: () => fh.datasync(),
      async truncate(length) {
        if (disk.failTruncate) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
        await fh.truncate(length);
        disk.sizes.set(file, length);
      },
      stat: () => fh.stat(),
      close: () => fh.close(),
    };
    return handle;
  };
}
