/** Starts the app: connect to the cluster Worker, apply the URL's start-up choices, render. */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectToWorker } from './connection';
import { ConnectionContext } from './connection-context';
import { startApp } from './share/startup';

/** Boots the app into `#root` (index.html and embed.html both call this). */
export function boot(): void {
  const connection = connectToWorker();
  startApp(connection);
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <ConnectionContext.Provider value={connection}>
        <App />
      </ConnectionContext.Provider>
    </StrictMode>,
  );
}
