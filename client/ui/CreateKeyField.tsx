import { useEffect, useId, useState } from 'react';
import { useT } from '../i18n';
import { fetchServerInfo } from '../net/api';
import { loadCreateKey, saveCreateKey } from '../net/createKey';

/**
 * Whether this server asks for a create key (CK3), and the key this browser remembers. Every
 * change is remembered at once, since the import on the same page sends it too.
 */
export function useCreateKey() {
  const [required, setRequired] = useState(false);
  const [value, setValue] = useState(loadCreateKey);
  useEffect(() => {
    let live = true;
    void fetchServerInfo().then((r) => live && r.ok && setRequired(r.value.createKeyRequired));
    return () => {
      live = false;
    };
  }, []);
  const set = (next: string) => {
    setValue(next);
    saveCreateKey(next.trim());
  };
  return { required, value, set };
}

/** The create key, shown only by a server that asks for one; hidden as typed, since home pages get projected. */
export function CreateKeyField({ value, onChange, invalid }: { value: string; onChange: (v: string) => void; invalid: boolean }) {
  const t = useT();
  const hint = useId();
  return (
    <label className="field">
      <span>{t('access.createKeyLabel')}</span>
      <input
        data-testid="create-key"
        type="password"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={hint}
        aria-invalid={invalid || undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <small id={hint} className="hint">
        {t('access.createKeyHint')}
      </small>
    </label>
  );
}
