import { useEffect } from 'react';
import { Notice } from '../components/Notice';
import { PatientLookup } from '../features/patient-search/PatientLookup';
import { useAppStore } from '../stores/app.store';
import { Header } from './Header';

/** The desk's shell: who and where in the header, the lookup workflow in main. */
export function App() {
  const info = useAppStore((s) => s.info);
  const infoError = useAppStore((s) => s.infoError);
  const national = useAppStore((s) => s.national);
  const link = useAppStore((s) => s.link);
  const loadInfo = useAppStore((s) => s.loadInfo);

  useEffect(() => useAppStore.getState().start(), []);

  return (
    <>
      <Header info={info} national={national} linkLost={link.state === 'lost'} />
      <main className="app-main">
        {link.state === 'lost' && link.message && (
          <Notice tone="alert" className="connection-lost">
            {link.message}
          </Notice>
        )}
        {link.state !== 'lost' && infoError && (
          <Notice tone="alert">
            Could not load the desk details: {infoError}{' '}
            <button type="button" onClick={() => void loadInfo()}>
              Try again
            </button>
          </Notice>
        )}
        <PatientLookup />
      </main>
    </>
  );
}
