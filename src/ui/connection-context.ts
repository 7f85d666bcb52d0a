/** The connection to the cluster, provided to every component. */
import { createContext, useContext } from 'react';
import type { Connection } from './connection';

export const ConnectionContext = createContext<Connection | null>(null);

/** The current connection; components are only rendered inside its provider. */
export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('useConnection outside ConnectionContext');
  return connection;
}
