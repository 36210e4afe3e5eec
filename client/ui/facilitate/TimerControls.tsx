import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useT } from '../../i18n';
import { useBoardContext, useBoardField } from '../../state/hooks';
import { TimerBadge } from '../TimerBadge';

export const TIMER_PRESETS = [60, 180, 300, 600] as const;

/** Start a countdown every screen shows (presets or any number of minutes), or stop it. */
export function TimerControls() {
  const t = useT();
  const { source } = useBoardContext();
  const running = useBoardField((b) => b.timer.endsAt !== null, false);
  const [minutes, setMinutes] = useState('');
  const start = (seconds: number) => source.submit({ type: 'timer.start', seconds: Math.min(LIMITS.timerMaxSeconds, Math.max(1, Math.round(seconds))) });
  const custom = Number(minutes.replace(',', '.'));
  const customOk = Number.isFinite(custom) && custom > 0 && custom * 60 <= LIMITS.timerMaxSeconds;
  const onCustom = (e: FormEvent) => {
    e.preventDefault();
    if (customOk) start(custom * 60);
  };

  return (
    <section className="fac-section" aria-labelledby="fac-timer">
      <h3 id="fac-timer">{t('timer.heading')}</h3>
      <TimerBadge />
      <div className="button-row">
        {TIMER_PRESETS.map((s) => (
          <button key={s} type="button" className="btn" data-testid={`timer-preset-${s}`} onClick={() => start(s)}>
            {t('timer.minutes', { n: s / 60 })}
          </button>
        ))}
      </div>
      <form className="button-row" onSubmit={onCustom}>
        <input
          className="num-input"
          data-testid="timer-custom"
          inputMode="decimal"
          aria-label={t('timer.customLabel')}
          placeholder="15"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value.replace(/[^\d.,]/g, '').slice(0, 5))}
        />
        <span className="unit">{t('timer.custom')}</span>
        <button className="btn" data-testid="timer-custom-start" disabled={!customOk}>
          {t('timer.start')}
        </button>
        {running && (
          <button type="button" className="btn" data-testid="timer-stop" onClick={() => source.submit({ type: 'timer.stop' })}>
            {t('timer.stop')}
          </button>
        )}
      </form>
    </section>
  );
}
