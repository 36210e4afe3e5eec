import { noProgress, openLogFile, type LogHandle, type OpenLogFile } from './log-file.js';

type Waiter = { resolve: () => void; reject: (e: unknown) => void };
type Task = { kind: 'lines'; text: string; waiters: Waiter[] } | { kind: 'run'; fn: () => Promise<void>; waiter: Waiter };

/**
 * An append-only file with group commit: lines that arrive while a sync is running share the
 * next sync, so a burst of ops costs one `datasync` instead of one each. Other file work
 * (compaction) is queued between syncs so it never interleaves with a write.
 *
 * A batch is durable only when every byte of it was written and synced (S5). When any part of a
 * batch fails, none of its lines is acknowledged, nothing queued behind it runs (a later line
 * would follow a gap in seq, a queued compaction would fold the refused ops into the document),
 * and the file is cut back to the end of its last good line before anything else is written.
 */
export class OpLog {
  private fh: LogHandle | null = null;
  private queue: Task[] = [];
  private running = false;
  /** Bytes of the file known to hold whole, synced lines; the file is cut back to this after a failure. */
  private durable = 0;
  /**
   * Set by a failed write. The log then takes nothing more until `repair` (the store calls it
   * before the board is loaded again): ops its room applied after the failed ones must not reach
   * the file behind a gap.
   */
  private failed: unknown = null;
  /** Whether the file still holds bytes of the failed batch past `durable`. */
  private dirty = false;

  constructor(
    readonly file: string,
    private readonly open: OpenLogFile = openLogFile,
  ) {}

  /** True after a failed write, until `repair`. */
  get needsRepair(): boolean {
    return this.failed !== null;
  }

  /** Bytes of whole, synced lines (what a reload reads). */
  get durableBytes(): number {
    return this.durable;
  }

  append(line: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const last = this.queue[this.queue.length - 1];
      if (last?.kind === 'lines') {
        last.text += line + '\n';
        last.waiters.push({ resolve, reject });
      } else this.queue.push({ kind: 'lines', text: line + '\n', waiters: [{ resolve, reject }] });
      void this.pump();
    });
  }

  /** Run `fn` after every line appended so far is durable and before any line appended later. */
  exclusive(fn: () => Promise<void>): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.queue.push({ kind: 'run', fn, waiter: { resolve, reject } });
      void this.pump();
    });
  }

  /** Empty the log (its content has been folded into the document). Call inside `exclusive`. */
  async truncate(): Promise<void> {
    const fh = await this.handle();
    await fh.truncate(0);
    await fh.datasync();
    this.durable = 0;
  }

  /**
   * Cut the file back to its last good line and sync, so the log can be appended to again.
   * Resolves at once when nothing failed; rejects while the cut itself keeps failing.
   */
  async repair(): Promise<void> {
    if (!this.failed) return;
    await this.whenIdle();
    if (!this.failed) return;
    if (this.dirty) await this.cut();
    this.failed = null;
  }

  private async cut(): Promise<void> {
    const fh = await this.handle();
    await fh.truncate(this.durable);
    await fh.datasync();
    this.dirty = false;
  }

  async close(): Promise<void> {
    await this.whenIdle();
    await this.fh?.close().catch(() => {});
    this.fh = null;
  }

  private whenIdle(): Promise<void> {
    if (!this.running && !this.queue.length) return Promise.resolve();
    return new Promise((resolve) => {
      this.queue.push({ kind: 'run', fn: async () => {}, waiter: { resolve, reject: () => resolve() } });
      void this.pump();
    });
  }

  private async handle(): Promise<LogHandle> {
    if (!this.fh) {
      const fh = await this.open(this.file);
      // The store cut any torn tail when it loaded the board, so the file ends with a whole line.
      this.durable = (await fh.stat()).size;
      this.fh = fh;
    }
    return this.fh;
  }

  private async writeAll(fh: LogHandle, bytes: Buffer): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, this.durable + done);
      if (bytesWritten <= 0) throw noProgress(this.file);
      done += bytesWritten;
    }
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const task = this.queue.shift()!;
        if (this.failed) {
          rejectTask(task, this.failed);
          continue;
        }
        if (task.kind === 'lines') await this.writeBatch(task.text, task.waiters);
        else {
          try {
            await task.fn();
            task.waiter.resolve();
          } catch (e) {
            task.waiter.reject(e);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async writeBatch(text: string, waiters: Waiter[]): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    try {
      const fh = await this.handle();
      await this.writeAll(fh, bytes);
      await fh.datasync();
      this.durable += bytes.length;
      for (const w of waiters) w.resolve();
    } catch (e) {
      // Nothing of this batch is promised, nothing behind it may run, and the bytes it did write
      // are cut off before any other line can be glued to them.
      this.failed = e;
      this.dirty = true;
      for (const w of waiters) w.reject(e);
      for (const t of this.queue.splice(0)) rejectTask(t, e);
      // Cutting frees space, so it usually works even on a full disk; if not, `repair` tries again.
      await this.cut().catch(() => {});
    }
  }
}

function rejectTask(task: Task, e: unknown) {
  if (task.kind === 'lines') for (const w of task.waiters) w.reject(e);
  else task.waiter.reject(e);
}

/** Parse a log file's text; a torn last line (a crash mid-write) is dropped. */
export function splitLogLines(text: string): { lines: string[]; torn: boolean } {
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  return { lines: parts.filter((l) => l.length > 0), torn: tail.length > 0 };
}
