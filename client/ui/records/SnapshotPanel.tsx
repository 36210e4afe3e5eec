import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import type { SnapshotInfo } from '../../../shared/snapshot';
import { useLang, useT } from '../../i18n';
import { fetchSnapshots } from '../../net/api';
import { useBoardContext, useBoardField } from '../../state/hooks';
import type { BoardSource } from '../../state/source';
import { Modal } from './Modal';
import { SnapshotPreview } from './SnapshotPreview';
import { formatMoment } from './time';

/** Resolves once none of this screen's ops wait for the server (or after `ms`, offline). */
function whenSettled(source: BoardSource, ms = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const off = source.connection.subscribe(() => check());
    const timer = setTimeout(() => (off(), resolve()), ms);
    const check = () => {
      if (source.connection.get().pending > 0) return;
      off();
      clearTimeout(timer);
      resolve();
    };
    check();
  });
}

type Props = { boardId: string; facilitatorKey: string };

/**
 * Checkpoints (X10–X13): save one with a name, see the history (the server adds its own at the
 * reveal, at the end of voting and every 10 minutes), look at one, and put the board back to it.
 */
export function SnapshotPanel({ boardId, facilitatorKey }: Props) {
  const t = useT();
  const lang = useLang();
  const { source, ui } = useBoardContext();
  const timeZone = useBoardField((b) => b.timeZone, undefined);
  const [list, setList] = useState<SnapshotInfo[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [label, setLabel] = useState('');
  const [previewing, setPreviewing] = useState<SnapshotInfo | null>(null);
  const [restoring, setRestoring] = useState<SnapshotInfo | null>(null);

  const load = useCallback(async () => {
    const res = await fetchSnapshots(boardId, facilitatorKey);
    setFailed(!res.ok);
    if (res.ok) setList(res.value);
  }, [boardId, facilitatorKey]);
  useEffect(() => void load(), [load]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const name = label.trim() || t('snap.defaultLabel', { time: formatMoment(source.serverNow(), lang, timeZone) });
    const res = source.submit({ type: 'snapshot.save', label: name.slice(0, LIMITS.snapshotLabel) });
    if (!res.ok) return;
    setLabel('');
    await whenSettled(source);
    ui.toast('snap.saved', { label: name });
    await load();
  };

  const restore = async (snap: SnapshotInfo) => {
    setRestoring(null);
    setPreviewing(null);
    if (!source.submit({ type: 'snapshot.restore', snapshotId: snap.id }).ok) return;
    await whenSettled(source);
    ui.toast('snap.restored', { label: snap.label });
    await load();
  };

  // Newest first: the one just saved is the one the facilitator looks for.
  const shown = list ? [...list].reverse() : [];
  return (
    <section className="records-section" aria-labelledby="records-snapshots">
      <h3 id="records-snapshots">{t('snap.heading')}</h3>
      <form className="records-inline-form" onSubmit={(e) => void save(e)}>
        <input
          data-testid="snapshot-label"
          value={label}
          maxLength={LIMITS.snapshotLabel}
          placeholder={t('snap.labelPlaceholder')}
          aria-label={t('snap.label')}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button className="btn btn-primary" data-testid="snapshot-save">
          {t('snap.save')}
        </button>
      </form>
      {failed && <p className="form-error">{t('snap.loadFailed')}</p>}
      {list && list.length === 0 && <p className="empty">{t('snap.empty')}</p>}
      <ol className="records-snapshots" data-testid="snapshot-list">
        {shown.map((s) => (
          <li key={s.id} data-snapshot-id={s.id} data-auto={s.auto}>
            <span className="snap-label">
              {s.label}
              {s.auto && <span className="tag">{t('snap.auto')}</span>}
            </span>
            <span className="snap-meta">
              {formatMoment(s.at, lang, timeZone)} · {t('snap.notes', { n: s.notes })}
            </span>
            <span className="snap-actions">
              <button type="button" className="btn small" data-testid="snapshot-preview" onClick={() => setPreviewing(s)}>
                {t('snap.preview')}
              </button>
              <button type="button" className="btn small" data-testid="snapshot-restore" onClick={() => setRestoring(s)}>
                {t('snap.restore')}
              </button>
            </span>
          </li>
        ))}
      </ol>
      {previewing && (
        <Modal title={previewing.label} onClose={() => setPreviewing(null)} testId="snapshot-preview-dialog" wide>
          <SnapshotPreview boardId={boardId} facilitatorKey={facilitatorKey} info={previewing} onRestore={() => setRestoring(previewing)} />
        </Modal>
      )}
      {restoring && (
        <Modal title={t('snap.restoreTitle')} onClose={() => setRestoring(null)} testId="snapshot-restore-dialog">
          <p>{t('snap.restoreWhat', { label: restoring.label, time: formatMoment(restoring.at, lang, timeZone) })}</p>
          <p className="hint">{t('snap.restoreSafe')}</p>
          <div className="records-buttons">
            <button type="button" className="btn btn-primary" data-testid="snapshot-restore-confirm" onClick={() => void restore(restoring)}>
              {t('snap.restoreYes')}
            </button>
            <button type="button" className="btn" onClick={() => setRestoring(null)}>
              {t('records.cancel')}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
