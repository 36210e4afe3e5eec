import { useCallback, useEffect, useState } from 'react';
import { BoardPage } from './ui/BoardPage';
import { HomePage, type Navigate } from './ui/HomePage';
import { JoinCodePage } from './ui/JoinCodePage';
import { ResultsPage } from './ui/records/ResultsPage';

type Route =
  | { name: 'home' }
  | { name: 'code'; code: string }
  | { name: 'board'; boardId: string; present: boolean }
  | { name: 'results'; boardId: string }
  | { name: 'unknown' };

function parse(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const code = /^\/j\/(\d{6})\/?$/.exec(pathname);
  if (code) return { name: 'code', code: code[1]! };
  const results = /^\/b\/([A-Za-z0-9_-]+)\/results\/?$/.exec(pathname);
  if (results) return { name: 'results', boardId: results[1]! };
  const board = /^\/b\/([A-Za-z0-9_-]+)(\/present)?\/?$/.exec(pathname);
  if (board) return { name: 'board', boardId: board[1]!, present: !!board[2] };
  return { name: 'unknown' };
}

/** Routes only: `/`, `/j/:code`, `/b/:id`, `/b/:id/present`, `/b/:id/results`. */
export function App() {
  const [path, setPath] = useState(location.pathname);

  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const navigate: Navigate = useCallback((to, opts) => {
    if (opts?.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    setPath(location.pathname);
  }, []);

  const route = parse(path);
  switch (route.name) {
    case 'home':
      return <HomePage navigate={navigate} />;
    case 'code':
      return <JoinCodePage key={route.code} code={route.code} navigate={navigate} />;
    case 'board':
      return <BoardPage key={`${route.boardId}${route.present}`} boardId={route.boardId} present={route.present} navigate={navigate} />;
    case 'results':
      return <ResultsPage key={route.boardId} boardId={route.boardId} navigate={navigate} />;
    case 'unknown':
      return <HomePage navigate={navigate} />;
  }
}
