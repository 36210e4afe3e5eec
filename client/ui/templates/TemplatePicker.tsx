import { useState } from 'react';
import { useLang, useT } from '../../i18n';
import { deleteTemplate, type TemplateInfo } from '../../net/api';
import { deleteKeyFor, forgetTemplateOwner } from './templateOwners';
import { TemplatePreview } from './TemplatePreview';
import './templates.css';

type Props = {
  templates: readonly TemplateInfo[];
  value: string;
  onChange(id: string): void;
  /** A custom template was deleted from here; the list should be fetched again. */
  onDeleted(id: string): void;
};

/** The templates as cards with a drawn preview; choosing one is choosing a radio button. */
export function TemplatePicker({ templates, value, onChange, onDeleted }: Props) {
  const t = useT();
  return (
    <fieldset className="template-picker">
      <legend>{t('home.template')}</legend>
      <div className="template-grid" role="radiogroup" aria-label={t('home.template')}>
        {templates.map((tpl) => (
          <TemplateCard key={tpl.id} template={tpl} selected={tpl.id === value} onSelect={() => onChange(tpl.id)} onDeleted={() => onDeleted(tpl.id)} />
        ))}
      </div>
    </fieldset>
  );
}

function TemplateCard({ template, selected, onSelect, onDeleted }: { template: TemplateInfo; selected: boolean; onSelect(): void; onDeleted(): void }) {
  const t = useT();
  const lang = useLang();
  const [asking, setAsking] = useState(false);
  const [failed, setFailed] = useState(false);
  const key = template.custom ? deleteKeyFor(template.id) : null;

  const remove = async () => {
    if (!key) return;
    setFailed(false);
    const res = await deleteTemplate(template.id, key);
    // Gone already is as good as deleted.
    if (res.ok || res.status === 404) {
      forgetTemplateOwner(template.id);
      onDeleted();
    } else setFailed(true);
  };

  return (
    <div className={`template-card${selected ? ' is-selected' : ''}`} data-testid="template-card" data-template-id={template.id} data-custom={template.custom}>
      <label className="template-choice">
        <input type="radio" name="template" value={template.id} checked={selected} onChange={onSelect} className="sr-only-records" />
        <TemplatePreview sections={template.sections} lang={lang} />
        <span className="template-title">
          {template.title[lang]}
          {template.custom && <span className="tag tag-custom">{t('tpl.custom')}</span>}
        </span>
        {template.description[lang] && <span className="template-desc">{template.description[lang]}</span>}
        {template.sections.length > 0 && (
          <span className="template-meta">
            {t('tpl.sections', { n: template.sections.length })}
            {template.notes > 0 && ` · ${t('tpl.examples', { n: template.notes })}`}
          </span>
        )}
      </label>
      {key && !asking && (
        <button type="button" className="btn btn-quiet small template-delete" data-testid="template-delete" onClick={() => setAsking(true)}>
          {t('tpl.delete')}
        </button>
      )}
      {key && asking && (
        <div className="template-confirm" role="group" aria-label={t('tpl.delete')}>
          <span>{t('tpl.deleteConfirm')}</span>
          <button type="button" className="btn small btn-danger" data-testid="template-delete-confirm" onClick={() => void remove()}>
            {t('tpl.deleteYes')}
          </button>
          <button type="button" className="btn small" onClick={() => setAsking(false)}>
            {t('records.cancel')}
          </button>
          {failed && (
            <span className="form-error" role="alert">
              {t('tpl.deleteFailed')}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
