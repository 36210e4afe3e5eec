import type { Camera } from '../../canvas/camera';
import { focusHereOp } from '../../canvas/focus';
import { useLang, useT } from '../../i18n';
import { useBoardContext, useSections } from '../../state/hooks';
import { Icon } from '../icons';

/** Bring everybody's screen to what the facilitator sees, or to one section. */
export function FocusControls({ camera }: { camera: Camera }) {
  const t = useT();
  const lang = useLang();
  const { source, ui } = useBoardContext();
  const sections = useSections();
  const here = () => {
    const op = focusHereOp(camera);
    ui.sentFocus.set({ x: op.x, y: op.y, zoom: op.zoom });
    source.submit(op);
  };
  return (
    <section className="fac-section" aria-labelledby="fac-focus">
      <h3 id="fac-focus">{t('focus.heading')}</h3>
      <button type="button" className="btn" data-testid="focus-here" title={t('focus.hereTip')} onClick={here}>
        <Icon name="target" size={18} /> {t('focus.here')}
      </button>
      {sections.length > 0 && (
        <ul className="focus-sections">
          {sections.map((s) => {
            const title = (lang === 'en' && s.en ? s.en.title : s.title) || s.id;
            return (
              <li key={s.id}>
                <span className="swatch-mini" style={{ background: s.color }} aria-hidden="true" />
                <span className="focus-title">{title}</span>
                <button
                  type="button"
                  className="btn btn-quiet small"
                  data-testid="focus-section"
                  data-section-id={s.id}
                  title={t('focus.section')}
                  aria-label={`${t('focus.section')}: ${title}`}
                  onClick={() => source.submit({ type: 'focus', sectionId: s.id })}
                >
                  <Icon name="target" size={16} />
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
