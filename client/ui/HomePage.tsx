import { useEffect, useState, type FormEvent } from 'react';
import { useLang, useT, type MessageKey } from '../i18n';
import { createBoard, fetchTemplates, type TemplateInfo } from '../net/api';
import { CreateKeyField, useCreateKey } from './CreateKeyField';
import { saveFacilitatorKey } from '../net/identity';
import { LangToggle } from './LangToggle';
import { ImportCard } from './records/ImportCard';
import { TemplatePicker } from './templates/TemplatePicker';
import { useJoinCode } from './useJoinCode';

export type Navigate = (to: string, opts?: { replace?: boolean }) => void;

export function HomePage({ navigate }: { navigate: Navigate }) {
  const t = useT();
  const lang = useLang();
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState('blank');
  const [templates, setTemplates] = useState<TemplateInfo[]>([]);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<MessageKey | null>(null);
  const createKey = useCreateKey();
  const [code, setCode] = useState('');
  const join = useJoinCode(navigate);

  const [templatesVersion, setTemplatesVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void fetchTemplates().then((r) => live && r.ok && setTemplates(r.value));
    return () => {
      live = false;
    };
  }, [templatesVersion]);

  const onCreate = async (e: FormEvent) => {
    e.preventDefault();
    if (createKey.required && !createKey.value.trim()) {
      setCreateError('access.createKeyMissing');
      return;
    }
    setCreating(true);
    setCreateError(null);
    const res = await createBoard({ title: title.trim() || undefined, template, lang });
    setCreating(false);
    if (!res.ok) {
      // 403 is the server's create key (CK1): the one thing here the organiser can put right.
      setCreateError(res.status === 403 ? 'access.createKeyWrong' : 'home.createFailed');
      return;
    }
    saveFacilitatorKey(res.value.id, res.value.facilitatorKey);
    navigate(`/b/${res.value.id}#key=${res.value.facilitatorKey}`);
  };

  const onJoin = (e: FormEvent) => {
    e.preventDefault();
    void join.resolve(code);
  };

  return (
    <div className="page home">
      <header className="home-header">
        <div>
          <h1 className="brand">{t('app.name')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <LangToggle />
      </header>
      {/* Most people arrive with a code in hand: joining comes first, creating a board second. */}
      <main className="home-cards">
        <form className="card card-join" onSubmit={onJoin}>
          <h2>{t('home.joinHeading')}</h2>
          <label className="field">
            <span>{t('home.codeLabel')}</span>
            <input
              data-testid="join-code"
              className="code-input"
              inputMode="numeric"
              enterKeyHint="go"
              autoFocus
              autoComplete="off"
              pattern="[0-9]*"
              maxLength={6}
              placeholder="123456"
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            />
          </label>
          <button className="btn btn-primary" data-testid="join-code-submit" disabled={join.busy}>
            {join.busy ? t('home.resolving') : t('home.join')}
          </button>
          {join.error && (
            <p className="form-error" role="alert">
              {join.error}
            </p>
          )}
        </form>
        <form className="card card-create" onSubmit={onCreate}>
          <h2>{t('home.createHeading')}</h2>
          <p className="hint">{t('home.orCreate')}</p>
          <label className="field">
            <span>{t('home.titleLabel')}</span>
            <input
              data-testid="create-title"
              value={title}
              maxLength={200}
              placeholder={t('home.titlePlaceholder')}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          {templates.length > 1 && (
            <TemplatePicker
              templates={templates}
              value={template}
              onChange={setTemplate}
              onDeleted={(id) => {
                if (id === template) setTemplate('blank');
                setTemplatesVersion((v) => v + 1);
              }}
            />
          )}
          {createKey.required && <CreateKeyField value={createKey.value} onChange={createKey.set} invalid={createError?.startsWith('access.') ?? false} />}
          <button className="btn btn-primary" data-testid="create-board" disabled={creating}>
            {creating ? t('home.creating') : t('home.create')}
          </button>
          {createError && (
            <p className="form-error" role="alert" data-testid="create-error">
              {t(createError)}
            </p>
          )}
        </form>
        <ImportCard navigate={navigate} />
      </main>
    </div>
  );
}
