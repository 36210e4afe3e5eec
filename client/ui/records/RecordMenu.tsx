import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../../i18n';
import { loadFacilitatorKey } from '../../net/identity';
import { LiveBalance } from '../balance/LiveBalance';
import { Icon } from '../icons';
import { Downloads } from './Downloads';
import { NextSessionDialog } from './NextSessionDialog';
import { SaveTemplateDialog } from './SaveTemplateDialog';
import { SnapshotPanel } from './SnapshotPanel';
import './records.css';

type Props = { boardId: string; facilitatorKey?: string };

/**
 * 記録 / Record: the facilitator's toolbar button for what the organizer takes home — the balance
 * of voices, the downloads, checkpoints, the next session and saving the board as a template.
 * The panel hangs from the button over the board (the toolbar scrolls sideways, so it cannot
 * hold it) and closes on Esc or a click elsewhere.
 */
export function RecordMenu({ boardId, facilitatorKey }: Props) {
  const t = useT();
  const key = facilitatorKey ?? loadFacilitatorKey(boardId);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [top, setTop] = useState(0);
  const [dialog, setDialog] = useState<'next' | 'template' | null>(null);

  useLayoutEffect(() => {
    if (!open) return;
    const place = () => setTop(Math.round(button.current?.getBoundingClientRect().bottom ?? 0) + 6);
    place();
    // Keyboard and screen-reader users land in the panel they opened.
    panel.current?.focus();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  }, [open]);

  useEffect(() => {
    if (!open || dialog) return;
    // Esc in one of the panel's dialogs closes that dialog only.
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !document.querySelector('dialog[open]') && setOpen(false);
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
  }, [open, dialog]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className={`btn${open ? ' is-on' : ''}`}
        data-testid="record-menu"
        aria-expanded={open}
        aria-haspopup="dialog"
        title={t('records.menuTip')}
        onClick={() => setOpen((v) => !v)}
      >
        <RecordIcon /> <span className="label-wide">{t('records.menu')}</span>
      </button>
      {open &&
        createPortal(
          <div ref={panel} className="records-panel" data-testid="records-panel" role="dialog" aria-label={t('records.menu')} tabIndex={-1} style={{ top }}>
            <header className="records-panel-head">
              <h2>{t('records.menu')}</h2>
              <button type="button" className="btn btn-quiet icon small" aria-label={t('records.close')} title={t('records.close')} onClick={() => setOpen(false)}>
                <Icon name="close" size={16} />
              </button>
            </header>
            <section className="records-section" aria-label={t('balance.heading')}>
              <h3>{t('balance.heading')}</h3>
              <LiveBalance audience="facilitator" heading={false} />
            </section>
            {key ? (
              <>
                <Downloads boardId={boardId} facilitatorKey={key} />
                <SnapshotPanel boardId={boardId} facilitatorKey={key} />
                <section className="records-section" aria-labelledby="records-handover">
                  <h3 id="records-handover">{t('records.handover')}</h3>
                  <div className="records-buttons">
                    <button type="button" className="btn" data-testid="next-session" onClick={() => setDialog('next')}>
                      {t('next.open')}
                    </button>
                    <button type="button" className="btn" data-testid="save-template" onClick={() => setDialog('template')}>
                      {t('tplSave.open')}
                    </button>
                  </div>
                </section>
              </>
            ) : (
              <p className="hint records-section">{t('records.noKey')}</p>
            )}
            {key && dialog === 'next' && <NextSessionDialog boardId={boardId} facilitatorKey={key} onClose={() => setDialog(null)} />}
            {key && dialog === 'template' && <SaveTemplateDialog boardId={boardId} facilitatorKey={key} onClose={() => setDialog(null)} />}
          </div>,
          document.body,
        )}
    </>
  );
}

/** A page with lines: the record the organizer files. */
function RecordIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9zM14 3v6h6M8 13h8M8 17h5" />
    </svg>
  );
}
