import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { Icon } from '../icons';

type Props = { title: string; onClose(): void; children: ReactNode; testId?: string; wide?: boolean };

/**
 * A modal dialog on the browser's own `<dialog>`: focus is trapped, Esc closes it, and it sits
 * above the canvas and the side panels without any z-index games.
 */
export function Modal({ title, onClose, children, testId, wide = false }: Props) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      close.current();
    };
    d.addEventListener('cancel', onCancel);
    return () => {
      d.removeEventListener('cancel', onCancel);
      if (d.open) d.close();
    };
  }, []);
  return (
    <dialog ref={ref} className={`records-modal${wide ? ' is-wide' : ''}`} data-testid={testId} aria-label={title}>
      <header className="records-modal-head">
        <h2>{title}</h2>
        <button type="button" className="btn btn-quiet icon small" aria-label={t('records.close')} title={t('records.close')} onClick={onClose}>
          <Icon name="close" size={16} />
        </button>
      </header>
      {children}
    </dialog>
  );
}
