import type { EntryView } from '../../shared/view';
import { FrameFlush } from './frame';

/**
 * Confirmed entries waiting for the next animation frame (or the fallback timer in a hidden tab),
 * so that a burst of them costs one reducer batch, one rebuild and one store update.
 */
export class EntryQueue {
  private entries: EntryView[] = [];
  private readonly frame: FrameFlush;

  constructor(onFrame: () => void) {
    this.frame = new FrameFlush(onFrame);
  }

  push(entry: EntryView): void {
    this.entries.push(entry);
    this.frame.schedule();
  }

  /**
   * Empties the queue. `entries` are those that follow on from `seq` without a jump (entries
   * already seen included, the caller skips them); `gap` says that a jump cut the rest off: what
   * lies beyond it comes again with a rejoin's `since` (C3).
   */
  take(seq: number): { entries: EntryView[]; gap: boolean } {
    this.frame.cancel();
    const all = this.entries;
    this.entries = [];
    let next = seq + 1;
    for (let i = 0; i < all.length; i++) {
      const s = all[i]!.seq;
      if (s < next) continue;
      if (s > next) return { entries: all.slice(0, i), gap: true };
      next++;
    }
    return { entries: all, gap: false };
  }

  get size(): number {
    return this.entries.length;
  }

  stop(): void {
    this.frame.cancel();
    this.entries = [];
  }
}
