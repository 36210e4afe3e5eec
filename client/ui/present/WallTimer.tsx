import { translate, useT } from '../../i18n';
import { formatClock, useCountdown, useTimerSignal } from '../useCountdown';

/**
 * The countdown as the back of the room reads it: digits a tenth of the wall tall or more, and at
 * zero a red "time's up" in both languages that pulses, with the chime (the one badge on this
 * page that plays it).
 */
export function WallTimer() {
  const t = useT();
  const c = useCountdown();
  useTimerSignal(c);
  if (c.hidden) return null;
  const text = formatClock(c.seconds);
  return (
    <div
      className={`wall-timer${c.done ? ' is-done' : ''}${c.running && c.seconds <= 10 ? ' is-ending' : ''}`}
      data-testid="timer"
      data-running={c.running ? 'true' : 'false'}
      data-remaining={c.seconds}
      role="timer"
      aria-label={`${t('timer.label')} ${text}`}
    >
      <span className="wall-timer-clock" data-testid="wall-timer-clock">
        {text}
      </span>
      {c.done && (
        <span className="wall-timer-done" data-testid="wall-timer-done">
          <span lang="ja">{translate('ja', 'wall.timeUp')}</span>
          <span lang="en">{translate('en', 'wall.timeUp')}</span>
        </span>
      )}
    </div>
  );
}
