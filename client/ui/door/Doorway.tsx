import type { ReactNode } from 'react';
import { useT } from '../../i18n';
import type { DoorChannel } from '../../net/door';
import { useStore } from '../../state/hooks';
import { LangToggle } from '../LangToggle';
import './door.css';

type Props = { door: DoorChannel; onCancel(): void; children: ReactNode };

/**
 * A newcomer whose join is held at a closed door (DR5) sees only this until a facilitator
 * answers: the board behind it would be empty anyway, and a spinner alone says nothing.
 */
export function Doorway({ door, onCancel, children }: Props) {
  const t = useT();
  const wait = useStore(door.wait);
  if (!wait) return <>{children}</>;
  return (
    <div className="page center">
      <div className="corner">
        <LangToggle />
      </div>
      <div className="card door-wait" data-testid="door-waiting" data-facilitators={wait.facilitators} data-full={!!wait.full} role="status" aria-live="polite">
        <p className="eyebrow">{t('app.name')}</p>
        <div className="door-wait-dots" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
        <h1>{t('wait.title')}</h1>
        <p>{t(wait.full ? 'wait.full' : 'wait.body')}</p>
        {wait.facilitators === 0 && !wait.full && (
          <p className="form-error" data-testid="door-no-facilitator">
            {t('wait.noFacilitator')}
          </p>
        )}
        <button type="button" className="btn" data-testid="door-cancel" onClick={onCancel}>
          {t('wait.cancel')}
        </button>
      </div>
    </div>
  );
}
