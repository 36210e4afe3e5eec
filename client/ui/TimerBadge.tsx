import { useT } from '../i18n';
import { formatClock, useCountdown, useTimerSignal } from './useCountdown';
import './facilitation.css';

/**
 * The shared countdown, on every screen. `signal` plays the chime; one badge per page has it,
 * so a page never chimes twice.
 */
export function TimerBadge({ signal = false, large = false }: { signal?: boolean; large?: boolean }) {
  const t = useT();
  const c = useCountdown();
  useTimerSignal(signal ? c : { hidden: true, running: false, seconds: 0, done: false });
  if (c.hidden) return null;
  const text = formatClock(c.seconds);
  return (
    <div
      className={`timer${c.done ? ' is-done' : ''}${large ? ' is-large' : ''}${c.running && c.seconds <= 10 ? ' is-ending' : ''}`}
      data-testid="timer"
      data-running={c.running ? 'true' : 'false'}
      data-remaining={c.seconds}
      role="timer"
      aria-label={`${t('timer.label')} ${text}`}
    >
      <svg className="timer-icon" width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round">
        <circle cx="12" cy="13" r="8" />
        <path d="M12 9v4l2 2M9 2h6" />
      </svg>
      <span className="timer-clock">{text}</span>
      {c.done && <span className="timer-done">{t('timer.done')}</span>}
    </div>
  );
}
