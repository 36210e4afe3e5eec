import { useState, type ReactNode } from 'react';
import { boundsOf } from '../../shared/geometry';
import { NOTE_COLORS } from '../../shared/model';
import type { Camera } from '../canvas/camera';
import { useT } from '../i18n';
import { useBoardContext, useStore } from '../state/hooks';
import { boardInView } from '../state/inView';
import { Icon } from './icons';

type Props = {
  camera: Camera;
  listOpen: boolean;
  onToggleList(): void;
  peopleOpen: boolean;
  onTogglePeople(): void;
  tool: 'pan' | 'select';
  onTool(tool: 'pan' | 'select'): void;
  /** Toggles the page adds before the panels' (follow, results, the facilitator panel). */
  children?: ReactNode;
};

export function Toolbar({ camera, listOpen, onToggleList, peopleOpen, onTogglePeople, tool, onTool, children }: Props) {
  const t = useT();
  const { actions, ui, source, readOnly } = useBoardContext();
  const selection = useStore(ui.selection);
  const history = useStore(actions.history.sizes);
  const [color, setColor] = useState(actions.color);
  const hasSelection = selection.size > 0;

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

  return (
    <div className="toolbar" role="toolbar" aria-label={t('tool.bar')}>
      {!readOnly && (
        <>
          <button type="button" className="btn btn-primary" data-testid="add-note" title={t('tool.addNoteTip')} onClick={addNote}>
            <Icon name="plus" /> <span>{t('tool.addNote')}</span>
          </button>
          <div className="palette" role="group" aria-label={t('tool.color')} title={t('tool.colorTip')}>
            {NOTE_COLORS.map((c) => (
              <button
                key={c}
                type="button"
                className={`swatch${c === color ? ' is-current' : ''}`}
                style={{ background: c }}
                aria-label={`${t('tool.color')} ${c}`}
                aria-pressed={c === color}
                data-color={c}
                onClick={() => pickColor(c)}
              />
            ))}
          </div>
          <span className="sep" />
          <button type="button" className="btn icon" data-testid="undo" title={t('tool.undoTip')} aria-label={t('tool.undo')} disabled={!history.undo} onClick={() => actions.undo()}>
            <Icon name="undo" />
          </button>
          <button type="button" className="btn icon" data-testid="redo" title={t('tool.redoTip')} aria-label={t('tool.redo')} disabled={!history.redo} onClick={() => actions.redo()}>
            <Icon name="redo" />
          </button>
          <button
            type="button"
            className="btn icon"
            data-testid="delete-selected"
            title={t('tool.deleteTip')}
            aria-label={t('tool.delete')}
            disabled={!hasSelection}
            onClick={() => {
              actions.deleteNotes(selection);
              ui.clearSelection();
            }}
          >
            <Icon name="trash" />
          </button>
          <button
            type="button"
            className={`btn icon${tool === 'select' ? ' is-on' : ''}`}
            title={t('tool.selectTip')}
            aria-label={t('tool.select')}
            aria-pressed={tool === 'select'}
            onClick={() => onTool(tool === 'select' ? 'pan' : 'select')}
          >
            <Icon name="select" />
          </button>
          <span className="sep" />
        </>
      )}
      <button type="button" className="btn icon" data-testid="zoom-out" title={t('tool.zoomOut')} aria-label={t('tool.zoomOut')} onClick={() => camera.zoomBy(1 / 1.25)}>
        <Icon name="zoomOut" />
      </button>
      <ZoomLevel camera={camera} />
      <button type="button" className="btn icon" data-testid="zoom-in" title={t('tool.zoomIn')} aria-label={t('tool.zoomIn')} onClick={() => camera.zoomBy(1.25)}>
        <Icon name="zoomIn" />
      </button>
      <button type="button" className="btn icon" data-testid="fit-all" title={t('tool.fitAll')} aria-label={t('tool.fitAll')} onClick={fitAll}>
        <Icon name="fit" />
      </button>
      <span className="spacer" />
      {children}
      <button type="button" className={`btn${peopleOpen ? ' is-on' : ''}`} aria-pressed={peopleOpen} title={t('tool.people')} onClick={onTogglePeople}>
        <Icon name="people" /> <span className="label-wide">{t('tool.people')}</span>
      </button>
      <button
        type="button"
        className={`btn${listOpen ? ' is-on' : ''}`}
        data-testid="toggle-list"
        aria-pressed={listOpen}
        title={t('tool.listTip')}
        onClick={onToggleList}
      >
        <Icon name="list" /> <span className="label-wide">{t('tool.list')}</span>
      </button>
    </div>
  );
}

function ZoomLevel({ camera }: { camera: Camera }) {
  const { scale } = useStore(camera.view);
  return <span className="zoom-level" aria-live="off">{Math.round(scale * 100)}%</span>;
}
