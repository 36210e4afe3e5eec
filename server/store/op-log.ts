import { promises as fs } from 'node:fs';

type Waiter = { resolve: () => void; reject: (e: unknown) => void };
type Task = { kind: 'lines'; text: string; waiters: Waiter[] } | { kind: 'run'; fn: () => Promise<void>; waiter: Waiter };

/**
 * An append-only file with group commit: lines that arrive while a sync is running share the
 * next sync, so a burst of ops costs one `datasync` instead of one each. Other file work
 * (compaction) is queued between syncs so it never interleaves with a write.
 */
export class OpLog {
  private fh: fs.FileHandle | null = null;
  private queue: Task[] = [];
  private running = false;
  private failed: unknown = null;

  constructor(readonly file: string) {}

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
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {});
    await this.fh?.close();
    this.fh = null;
  }

  private async handle(): Promise<fs.FileHandle> {
    this.fh ??= await fs.open(this.file, 'a');
    return this.fh;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const task = this.queue.shift()!;
        if (task.kind === 'lines') {
          try {
            const fh = await this.handle();
            await fh.write(task.text);
            await fh.datasync();
            for (const w of task.waiters) w.resolve();
          } catch (e) {
            // A log that failed to write cannot promise anything any more.
            this.failed = e;
            for (const w of task.waiters) w.reject(e);
          }
        } else {
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
}

/** Parse a log file's text; a torn last line (a crash mid-write) is dropped, as are lines after it. */
export function splitLogLines(text: string): { lines: string[]; torn: boolean } {
  const parts = text.split('\n');
  const tail = parts.pop() ?? '';
  return { lines: parts.filter((l) => l.length > 0), torn: tail.length > 0 };
}
