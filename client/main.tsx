import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { langStore } from './i18n';
import './styles.css';

document.documentElement.lang = langStore.get();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
