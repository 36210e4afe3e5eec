import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n';

/**
 * "⋯ more": the tools that do not fit one row on a phone. A disclosure rather than an ARIA
 * menu, so the toggles inside stay ordinary buttons with their pressed state. Esc closes it and
 * gives focus back; ↑↓ move between its buttons; a tap or click outside closes it; pressing
 * one of its buttons leaves it open only for toggles that say so (data-keep-open).
 */
export function MoreMenu({ children }: { children: ReactNode }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const items = () => [...(panel.current?.querySelectorAll<HTMLElement>('button:not(:disabled)') ?? [])];
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const list = items();
      const i = list.indexOf(document.activeElement as HTMLElement);
      e.preventDefault();
      list[(i + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus();
    }
  };
  const onOpenKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
      return;
    }
    if (e.key !== 'ArrowDown') return;
    e.preventDefault();
    setOpen(true);
    requestAnimationFrame(() => items()[0]?.focus());
  };

  return (
    <div className="more">
      <button
        ref={button}
        type="button"
        className={`btn icon more-toggle${open ? ' is-on' : ''}`}
        data-testid="tool-more"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t('tool.moreTip')}
        title={t('tool.moreTip')}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={onOpenKey}
      >
        <span aria-hidden="true" className="more-dots">⋯</span>
      </button>
      <div
        ref={panel}
        id={id}
        className="more-menu"
        data-testid="tool-more-menu"
        role="group"
        aria-label={t('tool.more')}
        hidden={!open}
        onKeyDown={onKeyDown}
        onClick={(e) => {
          const pressed = (e.target as Element).closest('button');
          if (pressed && !pressed.closest('[data-keep-open]')) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
