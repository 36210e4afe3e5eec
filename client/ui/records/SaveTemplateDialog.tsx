import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { TEMPLATE_LIMITS } from '../../../shared/templates/schema';
import { useT } from '../../i18n';
import { saveTemplate } from '../../net/api';
import { useBoardField } from '../../state/hooks';
import { rememberTemplateOwner } from '../templates/templateOwners';
import { Modal } from './Modal';

type Props = { boardId: string; facilitatorKey: string; onClose(): void };

/**
 * Save this board's layout as a template for everybody on this server (T5), named in both
 * languages, optionally with its notes as examples. This browser remembers that it saved it, so
 * the home page can offer to delete it (T7).
 */
export function SaveTemplateDialog({ boardId, facilitatorKey, onClose }: Props) {
  const t = useT();
  const boardTitle = useBoardField((b) => b.title, '');
  const privateWriting = useBoardField((b) => b.settings.privateWriting, false);
  const [ja, setJa] = useState(boardTitle);
  const [en, setEn] = useState('');
  const [descJa, setDescJa] = useState('');
  const [descEn, setDescEn] = useState('');
  const [includeNotes, setIncludeNotes] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const description = descJa.trim() || descEn.trim() ? { description: { ja: descJa.trim(), en: descEn.trim() } } : {};
    const res = await saveTemplate(facilitatorKey, {
      boardId,
      title: { ja: ja.trim(), en: en.trim() },
      ...description,
      includeNotes: includeNotes && !privateWriting,
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.message || t('records.failed'));
      return;
    }
    rememberTemplateOwner(res.value.id, boardId);
    setSaved(true);
  };

  return (
    <Modal title={t('tplSave.heading')} onClose={onClose} testId="save-template-dialog">
      {saved ? (
        <div className="records-form">
          <p data-testid="template-saved">{t('tplSave.done', { title: ja.trim() })}</p>
          <div className="records-buttons">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t('records.close')}
            </button>
          </div>
        </div>
      ) : (
        <form className="records-form" onSubmit={(e) => void submit(e)}>
          <p className="hint">{t('tplSave.explain')}</p>
          <label className="field">
            <span>{t('tplSave.titleJa')}</span>
            <input data-testid="template-title-ja" required lang="ja" value={ja} maxLength={LIMITS.boardTitle} onChange={(e) => setJa(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('tplSave.titleEn')}</span>
            <input data-testid="template-title-en" required lang="en" value={en} maxLength={LIMITS.boardTitle} onChange={(e) => setEn(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('tplSave.descJa')}</span>
            <textarea rows={2} lang="ja" value={descJa} maxLength={TEMPLATE_LIMITS.description} onChange={(e) => setDescJa(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('tplSave.descEn')}</span>
            <textarea rows={2} lang="en" value={descEn} maxLength={TEMPLATE_LIMITS.description} onChange={(e) => setDescEn(e.target.value)} />
          </label>
          <label className="records-check">
            <input type="checkbox" data-testid="template-include-notes" checked={includeNotes && !privateWriting} disabled={privateWriting} onChange={(e) => setIncludeNotes(e.target.checked)} />
            {t('tplSave.includeNotes')}
          </label>
          <p className="hint">{privateWriting ? t('tplSave.privateOn') : t('tplSave.includeHint')}</p>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="records-buttons">
            <button className="btn btn-primary" data-testid="template-save-submit" disabled={busy || !ja.trim() || !en.trim()}>
              {t('tplSave.save')}
            </button>
            <button type="button" className="btn" onClick={onClose}>
              {t('records.cancel')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
