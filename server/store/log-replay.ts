import { splitLogLines } from './op-log.js';
import { LogEntry } from './types.js';

export type DropReason = 'unreadable' | 'out of order';

export type ReplayedLog = {
  /** Entries after the document's seq, in seq order. */
  entries: LogEntry[];
  /** The lines to keep in the log (those already folded into the document included). */
  good: string[];
  /** Lines (or parts of glued lines) left out, with the reason for each. */
  dropped: { seq?: number; why: DropReason }[];
  /** Seqs missing between kept entries: ops lost before this replay, never silently. */
  missing: number[];
  /** The file ends in a line without its newline (a crash mid-write). */
  torn: boolean;
};

const ENTRY_START = '{"seq":';

/**
 * Read a log's lines, keeping every entry it can prove to be in order (S6). An unreadable line
 * costs that line only, not everything after it; a line that starts with a torn fragment and
 * ends with a whole entry (written after the fragment by a server that did not cut it off) keeps
 * that entry. An entry whose seq does not increase is left out: it cannot belong where it stands.
 */
export function replayLog(text: string, afterSeq: number): ReplayedLog {
  const { lines, torn } = splitLogLines(text);
  const out: ReplayedLog = { entries: [], good: [], dropped: [], missing: [], torn };
  let last = afterSeq;
  for (const line of lines) {
    const found = parseLine(line);
    if (!found) {
      out.dropped.push({ why: 'unreadable' });
      continue;
    }
    if (found.salvaged) out.dropped.push({ why: 'unreadable' });
    const { entry, text: kept } = found;
    if (entry.seq <= afterSeq) {
      // Already folded into the document (a crash between compaction's rename and truncation).
      out.good.push(kept);
      continue;
    }
    if (entry.seq <= last) {
      out.dropped.push({ seq: entry.seq, why: 'out of order' });
      continue;
    }
    for (let s = last + 1; s < entry.seq; s++) out.missing.push(s);
    out.entries.push(entry);
    out.good.push(kept);
    last = entry.seq;
  }
  return out;
}

function parseLine(line: string): { entry: LogEntry; text: string; salvaged: boolean } | null {
  const whole = parse(line);
  if (whole) return { entry: whole, text: line, salvaged: false };
  // The last entry start inside the line is the one a later write glued onto a torn fragment.
  for (let at = line.lastIndexOf(ENTRY_START); at > 0; at = line.lastIndexOf(ENTRY_START, at - 1)) {
    const tail = line.slice(at);
    const entry = parse(tail);
    if (entry) return { entry, text: tail, salvaged: true };
  }
  return null;
}

function parse(text: string): LogEntry | null {
  try {
    const r = LogEntry.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
