import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Replace a file so that a crash leaves either the old or the new content, never a mix:
 * write a temporary file, sync it, rename it over the old one, then sync the directory so the
 * rename itself survives a power cut.
 */
let tmpCounter = 0;

export async function writeFileDurably(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${++tmpCounter}`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data, 'utf8');
    await fh.datasync();
  } catch (e) {
    // A write the disk refused half-way leaves nothing behind: its space is freed at once.
    await fh.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  await fs.rename(tmp, file);
  await syncDir(path.dirname(file));
}

export async function syncDir(dir: string): Promise<void> {
  const dh = await fs.open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** lowdb adapter with the durable write above; lowdb's own JSONFile renames without syncing. */
export class DurableJSONFile<T> {
  /** Characters of JSON last read or written, so the store can weigh a compaction without another stringify. */
  chars = 0;
  constructor(private readonly file: string) {}
  async read(): Promise<T | null> {
    try {
      const text = await fs.readFile(this.file, 'utf8');
      const data = JSON.parse(text) as T;
      this.chars = text.length;
      return data;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
  write(data: T): Promise<void> {
    const text = JSON.stringify(data);
    this.chars = text.length;
    return writeFileDurably(this.file, text);
  }
}
