import { AFFILIATION_COLORS } from '../../../shared/balance';
import type { Affiliation, Board } from '../../../shared/model';
import { ANONYMOUS_FILL } from '../../canvas/theme';
import { affiliationKey, useT } from '../../i18n';
import { useBoardContext, useSelector, useStore } from '../../state/hooks';

type Shown = Affiliation | 'anonymous';

/** The legend lists only what is on the board, in the affiliations' own order. */
function shownOn(board: Board | null): readonly Shown[] {
  if (!board) return [];
  const seen = new Set<Shown>();
  for (const n of Object.values(board.notes)) seen.add(n.authorId === '' ? 'anonymous' : n.affiliation);
  const order = [...(Object.keys(AFFILIATION_COLORS) as Affiliation[]), 'anonymous' as const];
  return order.filter((a) => seen.has(a));
}
const sameList = (a: readonly Shown[], b: readonly Shown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The view toggle: notes in their author's affiliation colour. Their stored colour is untouched. */
export function AffiliationToggle({ className = 'btn' }: { className?: string }) {
  const t = useT();
  const { ui } = useBoardContext();
  const on = useStore(ui.affiliationColors);
  return (
    <button
      type="button"
      className={`${className}${on ? ' is-on' : ''}`}
      data-testid="toggle-affiliation-colors"
      aria-pressed={on}
      title={t('balance.byAffiliationTip')}
      onClick={() => ui.affiliationColors.set(!on)}
    >
      <span className="affiliation-dots" aria-hidden="true" />
      <span className="label-wide">{t('balance.byAffiliation')}</span>
    </button>
  );
}

/** Which colour is which affiliation, shown while the toggle is on. */
export function AffiliationLegend({ large = false }: { large?: boolean }) {
  const { ui } = useBoardContext();
  const on = useStore(ui.affiliationColors);
  return on ? <LegendList large={large} /> : null;
}

/** Mounted only while shown: walking every note on each change of the board is for a legend someone sees. */
function LegendList({ large }: { large: boolean }) {
  const t = useT();
  const { source } = useBoardContext();
  const shown = useSelector(source.board, shownOn, sameList);
  return (
    <div className={`affiliation-legend${large ? ' is-large' : ''}`} data-testid="affiliation-legend" role="note" aria-label={t('balance.legend')}>
      <ul>
        {shown.map((a) => (
          <li key={a} data-affiliation={a}>
            <span className="balance-swatch" style={{ background: a === 'anonymous' ? ANONYMOUS_FILL : AFFILIATION_COLORS[a] }} />
            {a === 'anonymous' ? t('note.anonymous') : t(affiliationKey(a))}
          </li>
        ))}
      </ul>
    </div>
  );
}
