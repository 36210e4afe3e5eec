import { parseJson } from './redis-snapshots.js';
import { LogEntry } from './types.js';

export type StreamEntry = { id: string; message: Record<string, string | undefined> };

export type ReplayedStream = {
  /** Entries after the document's seq, in seq order. */
  entries: LogEntry[];
  /** The stream entries those came from, as [stream id, JSON], to write back after a repair. */
  kept: [string, string][];
  /** The seq of the last entry kept (the document's when none). */
  last: number;
  /** Characters of JSON read, for the compaction policy. */
  chars: number;
  unreadable: number;
  outOfOrder: number;
  missing: number;
};

/**
 * A board's stream read back as the file store replays its log (S6): an entry that does not
 * parse, or whose seq is not its stream id, costs that entry only; one whose seq does not
 * increase cannot belong where it stands; seqs missing between kept entries are counted, never
 * hidden.
 */
export function replayStream(stream: StreamEntry[], afterSeq: number): ReplayedStream {
  const out: ReplayedStream = { entries: [], kept: [], last: afterSeq, chars: 0, unreadable: 0, outOfOrder: 0, missing: 0 };
  for (const { id, message } of stream) {
    const line = message.e ?? '';
    out.chars += line.length + 1;
    const entry = parseJson(LogEntry, line);
    if (!entry || `${entry.seq}-0` !== id) {
      out.unreadable++;
      continue;
    }
    if (entry.seq <= out.last) {
      out.outOfOrder++;
      continue;
    }
    out.missing += entry.seq - out.last - 1;
    out.entries.push(entry);
    out.kept.push([id, line]);
    out.last = entry.seq;
  }
  return out;
}
