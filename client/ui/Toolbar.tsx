import { useRef, useState, type ReactNode } from 'react';
import { boundsOf } from '../../shared/geometry';
import { NOTE_COLORS } from '../../shared/model';
import type { Camera } from '../canvas/camera';
import { useT } from '../i18n';
import { useBoardContext, useStore } from '../state/hooks';
import { boardInView } from '../state/inView';
import { colorNameKey } from './colorNames';
import { Icon } from './icons';
import { MoreMenu } from './MoreMenu';
import { COMPACT, useMedia } from './useMedia';
import { useFitLevel } from './useFitLevel';
import { useLockedForMe } from './useLocked';

type Props = {
  camera: Camera;
  listOpen: boolean;
  onToggleList(): void;
  peopleOpen: boolean;
  onTogglePeople(): void;
  tool: 'pan' | 'select';
  onTool(tool: 'pan' | 'select'): void;
  /** Always on the bar (the results, once there are some). */
  pinned?: ReactNode;
  /** Toggles the page adds before the panels' (follow, colours by affiliation, the facilitator panel); behind "more" on a phone. */
  children?: ReactNode;
};

/**
 * Steps of tucking tools behind "⋯ more" when the row is too narrow: 1 the view toggles and the
 * people, 2 redo, the select tool, zoom and fit, 3 the colours (a phone starts here), 4 the add
 * button's label. What a participant does all the time (add, undo, delete, the results, the list)
 * stays on the row.
 */
const TUCKED = { toggles: 1, view: 2, colours: 3, addLabel: 4 } as const;
const PHONE_LEVEL = TUCKED.colours;

/** One row of tools that never scrolls sideways, whatever the window. */
export function Toolbar({ camera, listOpen, onToggleList, peopleOpen, onTogglePeople, tool, onTool, pinned, children }: Props) {
  const t = useT();
  const { actions, ui, source, readOnly } = useBoardContext();
  const selection = useStore(ui.selection);
  const history = useStore(actions.history.sizes);
  const [color, setColor] = useState(actions.color);
  const compact = useMedia(COMPACT);
  const row = useRef<HTMLDivElement>(null);
  const level = useFitLevel(row, compact ? PHONE_LEVEL : 0, TUCKED.addLabel);
  const tucked = (what: keyof typeof TUCKED) => level >= TUCKED[what];
  const locked = useLockedForMe();
  const hasSelection = selection.size > 0;
  // Disabled, and saying why, instead of refusing after the press.
  const lockTip = (tip: string) => (locked ? `${tip} — ${t('tool.lockedTip')}` : tip);

  const addNote = () => {
    const id = actions.addNoteInView(boardInView(camera));
    if (id) {
      ui.select([id]);
      ui.editing.set(id);
    }
  };
  const fitAll = () => {
    const b = source.board.get();
    camera.fit(b ? boundsOf([...Object.values(b.notes), ...Object.values(b.sections)]) : null);
  };
  const pickColor = (c: string) => {
    setColor(c);
    actions.setColor(selection, c);
  };

  const add = (
    <button
      type="button"
      className="btn btn-primary add-note"
      data-testid="add-note"
      title={lockTip(t('tool.addNoteTip'))}
      aria-label={t('tool.addNote')}
      disabled={locked}
      onClick={addNote}
    >
      <Icon name="plus" /> {!tucked('addLabel') && <span>{t('tool.addNote')}</span>}
    </button>
  );
  const palette = (
    <div className="palette" role="group" aria-label={t('tool.color')} title={lockTip(t('tool.colorTip'))}>
      {NOTE_COLORS.map((c) => {
        const name = colorNameKey(c);
        return (
          <button
            key={c}
            type="button"
            className={`swatch${c === color ? ' is-current' : ''}`}
            style={{ background: c }}
            aria-label={name ? t('color.swatch', { name: t(name) }) : c}
            title={name ? t(name) : c}
            aria-pressed={c === color}
            data-color={c}
            disabled={locked}
            onClick={() => pickColor(c)}
          />
        );
      })}
    </div>
  );
  const undo = (
    <button type="button" className="btn icon" data-testid="undo" title={lockTip(t('tool.undoTip'))} aria-label={t('tool.undo')} disabled={locked || !history.undo} onClick={() => actions.undo()}>
      <Icon name="undo" />
    </button>
  );
  const redo = (
    <button type="button" className="btn icon" data-testid="redo" title={lockTip(t('tool.redoTip'))} aria-label={t('tool.redo')} disabled={locked || !history.redo} onClick={() => actions.redo()}>
      <Icon name="redo" />
    </button>
  );
  const remove = (
    <button
      type="button"
      className="btn icon"
      data-testid="delete-selected"
      title={lockTip(t('tool.deleteTip'))}
      aria-label={t('tool.delete')}
      disabled={locked || !hasSelection}
      onClick={() => {
        actions.deleteNotes(selection);
        ui.clearSelection();
      }}
    >
      <Icon name="trash" />
    </button>
  );
  const select = (
    <button
      type="button"
      className={`btn icon${tool === 'select' ? ' is-on' : ''}`}
      title={t('tool.selectTip')}
      aria-label={t('tool.select')}
      aria-pressed={tool === 'select'}
      onClick={() => onTool(tool === 'select' ? 'pan' : 'select')}
    >
      <Icon name="select" />
      {tucked('view') && <span>{t('tool.select')}</span>}
    </button>
  );
  const zoom = (
    <div className="zoom" data-keep-open>
      <button type="button" className="btn icon" data-testid="zoom-out" title={t('tool.zoomOut')} aria-label={t('tool.zoomOut')} onClick={() => camera.zoomBy(1 / 1.25)}>
        <Icon name="zoomOut" />
      </button>
      <ZoomLevel camera={camera} />
      <button type="button" className="btn icon" data-testid="zoom-in" title={t('tool.zoomIn')} aria-label={t('tool.zoomIn')} onClick={() => camera.zoomBy(1.25)}>
        <Icon name="zoomIn" />
      </button>
    </div>
  );
  const fit = (
    <button type="button" className="btn icon" data-testid="fit-all" title={t('tool.fitAll')} aria-label={t('tool.fitAll')} onClick={fitAll}>
      <Icon name="fit" />
      {tucked('view') && <span>{t('tool.fitAll')}</span>}
    </button>
  );
  const people = (
    <button type="button" className={`btn${peopleOpen ? ' is-on' : ''}`} aria-pressed={peopleOpen} title={t('tool.people')} onClick={onTogglePeople}>
      <Icon name="people" /> <span className="label-wide">{t('tool.people')}</span>
    </button>
  );
  const list = (
    <button type="button" className={`btn${listOpen ? ' is-on' : ''}`} data-testid="toggle-list" aria-pressed={listOpen} title={t('tool.listTip')} onClick={onToggleList}>
      <Icon name="list" /> <span className="label-wide">{t('tool.list')}</span>
    </button>
  );

  const editing = !readOnly;
  const menu = level > 0;
  return (
    <div ref={row} className={`toolbar${menu ? ' has-more' : ''}`} data-level={level} role="toolbar" aria-label={t('tool.bar')}>
      {editing && add}
      {editing && !tucked('colours') && palette}
      {editing && <span className="sep" />}
      {editing && undo}
      {editing && !tucked('view') && redo}
      {editing && remove}
      {editing && !tucked('view') && select}
      <span className="sep" />
      {!tucked('view') && zoom}
      {!tucked('view') && fit}
      <span className="spacer" />
      {!tucked('toggles') && children}
      {pinned}
      {!tucked('toggles') && people}
      {list}
      {menu && (
        <MoreMenu>
          {editing && tucked('colours') && palette}
          {editing && tucked('view') && redo}
          {editing && tucked('view') && select}
          {tucked('view') && zoom}
          {tucked('view') && fit}
          {tucked('toggles') && children}
          {tucked('toggles') && people}
        </MoreMenu>
      )}
    </div>
  );
}

function ZoomLevel({ camera }: { camera: Camera }) {
  const { scale } = useStore(camera.view);
  return <span className="zoom-level" aria-live="off">{Math.round(scale * 100)}%</span>;
}
