import { langStore, useLang, useT } from '../i18n';

export function LangToggle() {
  const t = useT();
  const lang = useLang();
  return (
    <button
      type="button"
      className="btn btn-quiet lang-toggle"
      data-testid="lang-toggle"
      aria-label={t('lang.toggleLabel')}
      title={t('lang.toggleLabel')}
      onClick={() => langStore.set(lang === 'ja' ? 'en' : 'ja')}
    >
      {t('lang.toggle')}
    </button>
  );
}
