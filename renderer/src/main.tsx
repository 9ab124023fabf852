import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { useAppStore } from './stores/app.store';
import './styles.css';

// Tests and the launcher wait for `data-app-state="ready"`: set once the api answered app.info.
useAppStore.subscribe((s) => {
  document.body.dataset.appState = s.info ? 'ready' : s.infoError ? 'error' : 'starting';
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
