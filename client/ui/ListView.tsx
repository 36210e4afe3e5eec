import { memo, useRef, useState, type KeyboardEvent } from 'react';
import { LIMITS } from '../../shared/limits';
import { tally } from '../../shared/reduce-votes';
import { affiliationKey, useLang, useT } from '../i18n';
import { useBoardContext, useBoardField, useNote, useNoteGroups, useStore } from '../state/hooks';
import { useImeCommit } from './useImeCommit';
import { ListVote } from './ListVote';

/**
 * Every note as plain, focusable DOM, grouped by section: how a screen reader or a keyboard
 * reads the board, and the same picture the canvas draws.
 */
export function ListView() {
  const t = useT();
  const lang = useLang();
  const groups = useNoteGroups();
  const sections = useBoardField((b) => b.sections, null);
  const root = useRef<HTMLDivElement>(null);
  const total = groups.reduce((n, g) => n + g.ids.length, 0);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const items = [...(root.current?.querySelectorAll<HTMLElement>('li[data-note-id]') ?? [])];
    const i = items.findIndex((el) => el === document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    items[e.key === 'ArrowDown' ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0)]?.focus();
  };

  return (
    <div className="panel list-view" data-testid="list-view" ref={root} onKeyDown={onKeyDown}>
      <h2 className="panel-title">
        {t('list.heading')} <span className="count">{t('list.count', { n: total })}</span>
      </h2>
      <p className="hint">{t('list.hint')}</p>
      {total === 0 && <p className="empty">{t('list.empty')}</p>}
      {groups.map((g) => {
        if (g.ids.length === 0) return null;
        const s = g.sectionId ? sections?.[g.sectionId] : undefined;
        const title = s ? (lang === 'en' && s.en ? s.en.title : s.title) : t('list.unsorted');
        return (
          <section key={g.sectionId ?? ''} aria-label={title} className="list-group" data-section-id={g.sectionId ?? ''}>
            <h3>
              {title} <span className="count">{g.ids.length}</span>
            </h3>
            <ul>
              {g.ids.map((id) => (
                <ListItem key={id} id={id} />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

const ListItem = memo(function ListItem({ id }: { id: string }) {
  const t = useT();
  const note = useNote(id);
  const { actions, ui, readOnly } = useBoardContext();
  const selected = useStore(ui.selection).has(id);
  const votes = useBoardField((b) => tally(b, id), 0);
  const votingOpen = useBoardField((b) => b.voting.open, false);
  const [editing, setEditing] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  if (!note) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.target !== e.currentTarget || readOnly) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      setEditing(true);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      e.stopPropagation();
      const next = (item.current?.nextElementSibling ?? item.current?.previousElementSibling) as HTMLElement | null;
      actions.deleteNotes([id]);
      next?.focus();
    }
  };

  const close = () => {
    setEditing(false);
    requestAnimationFrame(() => item.current?.focus());
  };

  return (
    <li
      ref={item}
      tabIndex={0}
      data-note-id={id}
      data-x={note.x}
      data-y={note.y}
      data-color={note.color}
      data-section-id={note.sectionId ?? ''}
      data-votes={votes}
      className={`list-note${selected ? ' is-selected' : ''}`}
      style={{ borderLeftColor: note.color }}
      onKeyDown={onKeyDown}
      onFocus={(e) => e.target === e.currentTarget && ui.select([id])}
      // Two quick presses on the note's ＋ are two votes, not a double-click on the note.
      onDoubleClick={(e) => !readOnly && !(e.target as Element).closest('button') && setEditing(true)}
    >
      {editing ? (
        <InlineEditor
          initial={note.text}
          label={t('note.editorLabel')}
          onDone={(text) => {
            actions.updateText(id, text);
            close();
          }}
        />
      ) : (
        <>
          <p className="note-text">{note.text}</p>
          {!note.text && <p className="muted">{t('note.empty')}</p>}
        </>
      )}
      {(note.authorName || votes > 0 || note.authorId === '') && (
        <p className="note-meta">
          {note.authorName ? `${note.authorName} · ${t(affiliationKey(note.affiliation))}` : note.authorId === '' ? t('note.anonymous') : ''}
          {votes > 0 && <span className="note-votes">{t('vote.votes', { n: votes })}</span>}
        </p>
      )}
      {votingOpen && !readOnly && !editing && <ListVote id={id} />}
    </li>
  );
});

function InlineEditor({ initial, label, onDone }: { initial: string; label: string; onDone(text: string): void }) {
  const ime = useImeCommit(onDone);
  return <textarea className="list-editor" aria-label={label} defaultValue={initial} maxLength={LIMITS.noteText} autoFocus rows={3} {...ime} />;
}
