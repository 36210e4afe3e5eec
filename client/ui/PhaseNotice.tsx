import type { Phase } from '../../shared/phase';
import { useLang, useT, type MessageKey } from '../i18n';
import { useBoardField } from '../state/hooks';
import { currentPhase } from '../state/phases';
import { LABEL, NUMERALS } from './facilitate/PhaseBar';
import { useTemplateHints } from './facilitate/useTemplateHints';
import { PHASES } from '../state/phases';

const SAYS: Record<Phase, MessageKey> = {
  private: 'phaseNow.private',
  reveal: 'phaseNow.reveal',
  vote: 'phaseNow.vote',
  results: 'phaseNow.results',
  reflect: 'phaseNow.reflect',
};

/**
 * The workshop's step on every screen (PROTOCOL PH1), so nobody has to ask where the table is;
 * in ⑤ the template's own reflection prompt (PH3). `large` for the projector.
 */
export function PhaseNotice({ large = false }: { large?: boolean }) {
  const t = useT();
  const lang = useLang();
  const phase = useBoardField((b) => currentPhase(b), null);
  const template = useBoardField((b) => b.template, null);
  const hints = useTemplateHints(phase === 'reflect' ? template : null);
  if (!phase) return null;
  const reflection = hints.reflection?.[lang] ?? t('phaseNow.reflectDefault');
  return (
    <div className={`phase-notice${large ? ' is-large' : ''}`} data-testid="phase-now" data-phase={phase} role="status">
      <strong className="phase-chip">
        <span aria-hidden="true">{NUMERALS[PHASES.indexOf(phase)]}</span> {t(LABEL[phase].label)}
      </strong>
      {/* ① and ③ have their own notice below, with the count and the votes left. */}
      {phase !== 'private' && phase !== 'vote' && <span className="phase-says">{t(SAYS[phase])}</span>}
      {phase === 'reflect' && (
        <span className="phase-reflection" data-testid="reflection-prompt">
          {reflection}
        </span>
      )}
    </div>
  );
}
