import { useT } from '../i18n';
import { useBoardContext, useStore } from '../state/hooks';

export function Toasts() {
  const t = useT();
  const { ui } = useBoardContext();
  const toasts = useStore(ui.toasts);
  return (
    <div className="toasts" role="alert" aria-live="assertive">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" data-testid="toast" data-key={toast.key}>
          <span>{t(toast.key, toast.vars)}</span>
          <button type="button" className="btn btn-quiet" aria-label={t('error.dismiss')} onClick={() => ui.dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
