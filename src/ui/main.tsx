/** Entry point: connect to the cluster Worker, then render the app. */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectToWorker } from './connection';
import { ConnectionContext } from './connection-context';
import { startApp } from './share/startup';

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
