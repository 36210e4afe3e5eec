import type { OpBody } from '../../state/source';
import { useT, type MessageKey } from '../../i18n';
import { useBoardContext, useBoardField } from '../../state/hooks';

type Switch = { id: 'private' | 'anonymous' | 'locked'; label: MessageKey; on: boolean; op(on: boolean): OpBody };

/** Private writing, anonymous mode and the lock: each a switch that shows the board's own state. */
export function BoardSwitches() {
  const t = useT();
  const { source } = useBoardContext();
  const privateWriting = useBoardField((b) => b.settings.privateWriting, false);
  const anonymous = useBoardField((b) => b.settings.anonymous, false);
  const locked = useBoardField((b) => b.settings.locked, false);
  const switches: Switch[] = [
    { id: 'private', label: 'fac.private', on: privateWriting, op: (on) => ({ type: 'writing.private', on }) },
    { id: 'anonymous', label: 'fac.anonymous', on: anonymous, op: (on) => ({ type: 'board.update', anonymous: on }) },
    { id: 'locked', label: 'fac.locked', on: locked, op: (on) => ({ type: 'board.update', locked: on }) },
  ];
  return (
    <section className="fac-section" aria-labelledby="fac-board">
      <h3 id="fac-board">{t('fac.board')}</h3>
      {switches.map((s) => (
        <label key={s.id} className="switch">
          <input type="checkbox" role="switch" data-testid={`fac-${s.id}`} checked={s.on} onChange={(e) => source.submit(s.op(e.target.checked))} />
          <span className="switch-track" aria-hidden="true" />
          <span>{t(s.label)}</span>
        </label>
      ))}
    </section>
  );
}
