import { useEffect, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../shared/limits';
import { useLang, useT } from '../../i18n';
import { fetchTemplates, startNextSession, type TemplateInfo } from '../../net/api';
import { saveFacilitatorKey } from '../../net/identity';
import { useBoard } from '../../state/hooks';
import { Modal } from './Modal';

/** Sections whose notes a next session usually starts from (引き継ぎ): the agreed next steps, KPT's Try. */
const CARRIED_BY_DEFAULT = new Set(['次のステップ', 'Next steps', 'Try']);

type Props = { boardId: string; facilitatorKey: string; onClose(): void };

/**
 * The next session (X14): a new board from a chosen template, carrying the notes of the chosen
 * sections and naming this board as where it came from. The new board opens here, as its
 * facilitator; this one stays as it is.
 */
export function NextSessionDialog({ boardId, facilitatorKey, onClose }: Props) {
  const t = useT();
  const lang = useLang();
  const board = useBoard();
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [template, setTemplate] = useState(board?.template ?? 'blank');
  const [title, setTitle] = useState('');
  const sections = board ? Object.values(board.sections) : [];
  const [carry, setCarry] = useState<ReadonlySet<string>>(
    () => new Set(sections.filter((s) => CARRIED_BY_DEFAULT.has(s.title) || (s.en && CARRIED_BY_DEFAULT.has(s.en.title))).map((s) => s.id)),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void fetchTemplates().then((r) => live && r.ok && setTemplates(r.value));
    return () => {
      live = false;
    };
  }, []);

  const toggle = (id: string) =>
    setCarry((cur) => {
      const next = new Set(cur);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    // Board order, as the server lays the carried sections out.
    const carrySections = sections.filter((s) => carry.has(s.id)).map((s) => s.id);
    const res = await startNextSession(boardId, facilitatorKey, { template, carrySections, ...(title.trim() ? { title: title.trim() } : {}) });
    if (!res.ok) {
      setBusy(false);
      setError(res.message || t('records.failed'));
      return;
    }
    saveFacilitatorKey(res.value.id, res.value.facilitatorKey);
    location.assign(`/b/${res.value.id}#key=${res.value.facilitatorKey}`);
  };

  const known = templates.some((tpl) => tpl.id === template);
  return (
    <Modal title={t('next.heading')} onClose={onClose} testId="next-session-dialog">
      <form className="records-form" onSubmit={(e) => void submit(e)}>
        <p className="hint">{t('next.explain')}</p>
        <label className="field">
          <span>{t('home.titleLabel')}</span>
          <input data-testid="next-title" value={title} maxLength={LIMITS.boardTitle} placeholder={t('next.titlePlaceholder', { title: board?.title ?? '' })} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('home.template')}</span>
          <select data-testid="next-template" value={template} onChange={(e) => setTemplate(e.target.value)}>
            {!known && <option value={template}>{template}</option>}
            {templates.map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.title[lang]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="records-checks">
          <legend>{t('next.carry')}</legend>
          {sections.length === 0 && <p className="hint">{t('next.noSections')}</p>}
          {sections.map((s) => {
            const count = board ? Object.values(board.notes).filter((n) => n.sectionId === s.id).length : 0;
            return (
              <label key={s.id}>
                <input type="checkbox" data-testid="next-carry" data-section-id={s.id} checked={carry.has(s.id)} onChange={() => toggle(s.id)} />
                {lang === 'en' && s.en ? s.en.title : s.title} <span className="count">{t('snap.notes', { n: count })}</span>
              </label>
            );
          })}
        </fieldset>
        {error && (
          <p className="form-error" role="alert" data-testid="next-error">
            {error}
          </p>
        )}
        <div className="records-buttons">
          <button className="btn btn-primary" data-testid="next-submit" disabled={busy}>
            {busy ? t('home.creating') : t('next.create')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('records.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
