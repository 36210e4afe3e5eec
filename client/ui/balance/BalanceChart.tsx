import { AFFILIATION_COLORS, type Balance, type BalanceRow } from '../../../shared/balance';
import { affiliationKey, useT, type MessageKey } from '../../i18n';
import './balance.css';

export type BalanceKind = 'participants' | 'notes' | 'votes';
const KINDS: readonly BalanceKind[] = ['participants', 'notes', 'votes'];
const LABEL: Record<BalanceKind, MessageKey> = { participants: 'balance.participants', notes: 'balance.notes', votes: 'balance.votes' };

type Props = {
  balance: Balance | null;
  /** Which bars, in order; all three unless given. */
  kinds?: readonly BalanceKind[];
  /** The projector's size: bigger type, same bars. */
  large?: boolean;
  /** Shown above the bars; none when the surrounding panel already names the chart. */
  heading?: boolean;
  /** Whether to say how many are connected now; a page that is not live (the results page) does not. */
  live?: boolean;
};

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * どちらも主役: one stacked bar per kind of voice, each affiliation's share in its own colour, so a
 * table sees at a glance when one group fills the board. Counts come from balanceOf (T8–T11):
 * facilitators and example notes are not anybody's voice here, and a hidden round's dots are null.
 */
export function BalanceChart({ balance, kinds = KINDS, large = false, heading = true, live = true }: Props) {
  const t = useT();
  if (!balance) return null;
  const present = balance.rows.filter((r) => r.participants > 0 || r.notes > 0 || (r.votes ?? 0) > 0);
  return (
    <figure className={`balance${large ? ' is-large' : ''}`} data-testid="balance-chart" data-votes-hidden={balance.votesHidden}>
      {heading && <figcaption className="balance-heading">{t('balance.heading')}</figcaption>}
      {kinds.map((kind) => (
        <Bar key={kind} kind={kind} balance={balance} live={live} />
      ))}
      {present.length > 0 && (
        <ul className="balance-legend">
          {present.map((r) => (
            <li key={r.affiliation} data-affiliation={r.affiliation}>
              <span className="balance-swatch" style={{ background: AFFILIATION_COLORS[r.affiliation] }} />
              {t(affiliationKey(r.affiliation))}
            </li>
          ))}
        </ul>
      )}
      {(balance.facilitators.notes > 0 || balance.unattributed.notes > 0) && (
        <p className="balance-note">{t('balance.notCounted', { fac: balance.facilitators.notes, other: balance.unattributed.notes })}</p>
      )}
    </figure>
  );
}

function Bar({ kind, balance, live }: { kind: BalanceKind; balance: Balance; live: boolean }) {
  const t = useT();
  const total = balance.totals[kind];
  const summary =
    kind === 'participants'
      ? live
        ? t('balance.peopleTotal', { n: balance.totals.participants, online: balance.totals.online })
        : String(balance.totals.participants)
      : total === null
        ? t('balance.hidden')
        : String(total);
  const shown = total !== null && total > 0 ? balance.rows.filter((r) => (r[kind] ?? 0) > 0) : [];
  const words = shown.map((r) => `${t(affiliationKey(r.affiliation))} ${percent(r.share[kind] ?? 0)}`).join('、');
  return (
    <div className="balance-row" data-kind={kind} data-total={total ?? ''}>
      <span className="balance-label">
        {t(LABEL[kind])} <span className="balance-total">{summary}</span>
      </span>
      <div className="balance-bar" role="img" aria-label={`${t(LABEL[kind])}: ${total === null ? t('balance.hidden') : words || t('balance.none')}`}>
        {total === null ? (
          <span className="balance-empty">{t('balance.hiddenLong')}</span>
        ) : shown.length === 0 ? (
          <span className="balance-empty">{t('balance.none')}</span>
        ) : (
          shown.map((r) => <Segment key={r.affiliation} row={r} kind={kind} />)
        )}
      </div>
    </div>
  );
}

function Segment({ row, kind }: { row: BalanceRow; kind: BalanceKind }) {
  const t = useT();
  const share = row.share[kind] ?? 0;
  const label = `${t(affiliationKey(row.affiliation))}: ${row[kind]} (${percent(share)})`;
  return (
    <span
      className="balance-seg"
      data-affiliation={row.affiliation}
      data-share={share.toFixed(4)}
      title={label}
      style={{ flexGrow: share, background: AFFILIATION_COLORS[row.affiliation] }}
    >
      {share >= 0.12 ? percent(share) : ''}
    </span>
  );
}
