import { useState, type FormEvent } from 'react';
import { AFFILIATIONS, type Affiliation } from '../../shared/model';
import { LIMITS } from '../../shared/limits';
import { affiliationKey, useT } from '../i18n';
import { LangToggle } from './LangToggle';

type Props = {
  title: string;
  facilitator: boolean;
  initial?: { name: string; affiliation: Affiliation };
  /** Why the last try did not get in: an identity the board would not take back, or a facilitator's no at the door. */
  refused?: false | 'identity' | 'declined';
  onJoin(name: string, affiliation: Affiliation): void;
};

/** No account: a display name and an affiliation are all a participant gives. */
export function JoinForm({ title, facilitator, initial, refused, onJoin }: Props) {
  const t = useT();
  const [name, setName] = useState(initial?.name ?? '');
  const [affiliation, setAffiliation] = useState<Affiliation>(initial?.affiliation ?? 'citizen');
  const valid = name.trim().length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) onJoin(name.trim(), affiliation);
  };

  return (
    <div className="page center">
      <div className="corner">
        <LangToggle />
      </div>
      <form className="card join-card" onSubmit={submit}>
        <p className="eyebrow">{t('app.name')}</p>
        <h1>{title}</h1>
        <h2>{facilitator ? t('join.headingFacilitator') : t('join.heading')}</h2>
        {refused && (
          <p className="form-error" role="alert" data-testid="join-refused" data-reason={refused}>
            {t(refused === 'declined' ? 'wait.declined' : 'join.refused')}
          </p>
        )}
        <label className="field">
          <span>{t('join.name')}</span>
          <input
            data-testid="join-name"
            value={name}
            autoFocus
            maxLength={LIMITS.displayName}
            placeholder={t('join.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('join.affiliation')}</span>
          <select data-testid="join-affiliation" value={affiliation} onChange={(e) => setAffiliation(e.target.value as Affiliation)}>
            {AFFILIATIONS.map((a) => (
              <option key={a} value={a}>
                {t(affiliationKey(a))}
              </option>
            ))}
          </select>
        </label>
        <button className="btn btn-primary" data-testid="join-submit" disabled={!valid}>
          {t('join.submit')}
        </button>
        <p className="hint">{t('join.hint')}</p>
      </form>
    </div>
  );
}
