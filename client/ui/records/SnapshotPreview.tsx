import { useEffect, useMemo, useState } from 'react';
import type { Board } from '../../../shared/model';
import type { SnapshotInfo } from '../../../shared/snapshot';
import { useLang, useT } from '../../i18n';
import { fetchSnapshot } from '../../net/api';
import { MiniBoard } from './MiniBoard';

type Props = { boardId: string; facilitatorKey: string; info: SnapshotInfo; onRestore(): void };

/** What a checkpoint holds, read-only: a small map of it, and its sections with their notes counted. */
export function SnapshotPreview({ boardId, facilitatorKey, info, onRestore }: Props) {
  const t = useT();
  const lang = useLang();
  const [board, setBoard] = useState<Board | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    void fetchSnapshot(boardId, facilitatorKey, info.id).then((res) => {
      if (!live) return;
      if (res.ok) setBoard(res.value.board);
      else setFailed(true);
    });
    return () => {
      live = false;
    };
  }, [boardId, facilitatorKey, info.id]);

  const groups = useMemo(() => {
    if (!board) return [];
    const count = new Map<string | null, number>();
    for (const n of Object.values(board.notes)) count.set(n.sectionId, (count.get(n.sectionId) ?? 0) + 1);
    const rows = Object.values(board.sections).map((s) => ({ id: s.id, title: lang === 'en' && s.en ? s.en.title : s.title, notes: count.get(s.id) ?? 0 }));
    const loose = count.get(null) ?? 0;
    return loose > 0 ? [...rows, { id: '', title: t('list.unsorted'), notes: loose }] : rows;
  }, [board, lang, t]);

  if (failed) return <p className="form-error">{t('snap.loadFailed')}</p>;
  if (!board) return <p className="hint">{t('records.loading')}</p>;
  return (
    <div className="records-preview" data-testid="snapshot-preview-body">
      <p className="hint">
        {board.title} · {t('snap.notes', { n: Object.keys(board.notes).length })}
      </p>
      <MiniBoard board={board} lang={lang} />
      <table className="records-table">
        <thead>
          <tr>
            <th scope="col">{t('records.section')}</th>
            <th scope="col">{t('records.noteCount')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id} data-section-id={g.id}>
              <td>{g.title}</td>
              <td className="num">{g.notes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="records-buttons">
        <button type="button" className="btn" data-testid="snapshot-preview-restore" onClick={onRestore}>
          {t('snap.restore')}
        </button>
      </div>
    </div>
  );
}
