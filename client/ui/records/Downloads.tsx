import { useState } from 'react';
import type { Board } from '../../../shared/model';
import { useT, type MessageKey } from '../../i18n';
import { exportUrl, type ExportFormat } from '../../net/api';
import { useBoard } from '../../state/hooks';
import { BoardImage } from './BoardImage';
import { boardFileName, saveBlob } from './fileName';

const FORMATS: readonly { format: ExportFormat; label: MessageKey; hint: MessageKey }[] = [
  { format: 'csv', label: 'records.csv', hint: 'records.csvHint' },
  { format: 'html', label: 'records.html', hint: 'records.htmlHint' },
  { format: 'md', label: 'records.md', hint: 'records.mdHint' },
  { format: 'json', label: 'records.json', hint: 'records.jsonHint' },
];

/**
 * The organizer's files. The server's four are plain links (the key in the query, X1), so the
 * browser saves them under the server's name; the picture is made here from the board itself.
 */
export function Downloads({ boardId, facilitatorKey }: { boardId: string; facilitatorKey: string }) {
  const t = useT();
  const board = useBoard();
  // The board as it was at the click: a live workshop keeps changing it while the picture is drawn.
  const [drawing, setDrawing] = useState<Board | null>(null);
  const [failed, setFailed] = useState(false);
  const empty = !board || (Object.keys(board.notes).length === 0 && Object.keys(board.sections).length === 0);

  const done = (blob: Blob | null) => {
    const drawn = drawing;
    setDrawing(null);
    if (blob && drawn) saveBlob(blob, boardFileName(drawn, 'png'));
    else setFailed(true);
  };

  return (
    <section className="records-section" aria-labelledby="records-downloads">
      <h3 id="records-downloads">{t('records.downloads')}</h3>
      <ul className="records-downloads">
        {FORMATS.map((f) => (
          <li key={f.format}>
            <a className="btn records-download" data-testid={`export-${f.format}`} href={exportUrl(boardId, f.format, facilitatorKey)} download>
              {t(f.label)}
            </a>
            <span className="hint">{t(f.hint)}</span>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="btn records-download"
            data-testid="export-png"
            disabled={!!drawing || empty}
            onClick={() => {
              setFailed(false);
              setDrawing(board);
            }}
          >
            {drawing ? t('records.pngDrawing') : t('records.png')}
          </button>
          <span className="hint">{empty ? t('records.pngEmpty') : t('records.pngHint')}</span>
        </li>
      </ul>
      {failed && (
        <p className="form-error" role="alert">
          {t('records.pngFailed')}
        </p>
      )}
      <a className="records-link" data-testid="open-results" href={`/b/${encodeURIComponent(boardId)}/results`} target="_blank" rel="noopener">
        {t('records.openResults')}
      </a>
      {drawing && <BoardImage board={drawing} onDone={done} />}
    </section>
  );
}
