import { useEffect, useRef, useState } from 'react';
import { useBoardContext, useBoardField } from '../state/hooks';
import { playChime } from './chime';

/** How long "time is up" stays on screen after zero. */
const DONE_SHOWN_MS = 60_000;
const TICK_MS = 250;

export type Countdown = {
  /** Nothing to show: no timer, or it ended a while ago. */
  hidden: boolean;
  running: boolean;
  /** Whole seconds left, rounded up (0 once it has ended). */
  seconds: number;
  done: boolean;
};

/**
 * The board's timer as this screen should show it: the server's `endsAt` against the server's
 * clock (corrected by the offset measured at join), so every screen reads the same number.
 */
export function useCountdown(): Countdown {
  const { source } = useBoardContext();
  const endsAt = useBoardField((b) => b.timer.endsAt, null);
  const total = useBoardField((b) => b.timer.seconds, 0);
  const [now, setNow] = useState(() => source.serverNow());
  useEffect(() => {
    if (endsAt === null) return;
    setNow(source.serverNow());
    const id = setInterval(() => setNow(source.serverNow()), TICK_MS);
    return () => clearInterval(id);
  }, [endsAt, source]);
  if (endsAt === null) return { hidden: true, running: false, seconds: 0, done: false };
  const left = endsAt - now;
  // A clock estimate a little behind the server's must not show 3:01 for a three-minute timer.
  if (left > 0) return { hidden: false, running: true, seconds: Math.min(total || Infinity, Math.ceil(left / 1000)), done: false };
  return { hidden: -left > DONE_SHOWN_MS, running: false, seconds: 0, done: true };
}

/** Plays the chime when a countdown this screen watched reaches zero (not for one that ended before it looked). */
export function useTimerSignal(c: Countdown): void {
  const wasRunning = useRef(false);
  useEffect(() => {
    if (c.running) wasRunning.current = true;
    else if (wasRunning.current) {
      wasRunning.current = false;
      if (c.done) playChime();
    }
  }, [c.running, c.done]);
}

export function formatClock(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
