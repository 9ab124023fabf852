import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { useAppStore } from './stores/app.store';
import { useSessionStore } from './stores/session.store';
import './styles.css';

// Tests and the launcher wait for `data-app-state="ready"`: set once the api has answered app.info and
// said where the desk is in the login cycle (so the first screen shown is the right one).
function markState(): void {
  const { info, infoError } = useAppStore.getState();
  const { session, loadError } = useSessionStore.getState();
  document.body.dataset.appState = info && session ? 'ready' : infoError || loadError ? 'error' : 'starting';
}
useAppStore.subscribe(markState);
useSessionStore.subscribe(markState);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
