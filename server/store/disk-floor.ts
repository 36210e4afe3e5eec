import { promises as fs } from 'node:fs';

/** How long a free-space reading is trusted: one `statfs` a second at most, however busy the server. */
export const FREE_SPACE_TTL_MS = 1_000;

export type FreeBytes = (dir: string) => Promise<number>;

export const statfsFree: FreeBytes = async (dir) => {
  const s = await fs.statfs(dir);
  return s.bavail * s.bsize;
};

/**
 * The server-wide free-space floor (S9): below `minFreeBytes` on the file system of DATA_DIR,
 * nothing a visitor does may write. Writes stop before the disk is truly full, so a full disk
 * (S5–S7) stays the exception it should be, and the space left is for what is already running:
 * compactions, the fold at a stop.
 */
export class DiskFloor {
  private free = Infinity;
  private readAt = -Infinity;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly minFreeBytes: number,
    private readonly freeBytes: FreeBytes = statfsFree,
    private readonly now: () => number = Date.now,
  ) {}

  /** The floor's verdict from a reading at most a second old (reads the disk when it is older). */
  async hasRoom(): Promise<boolean> {
    if (this.minFreeBytes <= 0) return true;
    if (this.now() - this.readAt > FREE_SPACE_TTL_MS) await this.refresh();
    return this.free >= this.minFreeBytes;
  }

  /**
   * The verdict of the latest reading, for a caller that cannot wait (a room orders its ops
   * synchronously); a stale reading is refreshed in the background for the next caller.
   */
  roomNow(): boolean {
    if (this.minFreeBytes <= 0) return true;
    if (this.now() - this.readAt > FREE_SPACE_TTL_MS) void this.refresh();
    return this.free >= this.minFreeBytes;
  }

  private refresh(): Promise<void> {
    this.reading ??= this.freeBytes(this.dir)
      .then(
        (free) => {
          this.free = free;
        },
        () => {
          // A file system that cannot say how full it is: the writes themselves will tell (S5).
          this.free = Infinity;
        },
      )
      .finally(() => {
        this.readAt = this.now();
        this.reading = null;
      });
    return this.reading;
  }
}
