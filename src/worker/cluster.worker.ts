/**
 * The Worker entry: one simulated cluster session, served over messages (see protocol.ts).
 */
/// <reference lib="webworker" />
import { createWorkerHost } from './host';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: FromWorker): void => scope.postMessage(message);

try {
  const host = createWorkerHost(post, {
    now: () => performance.now(),
    every(ms, fn) {
      const id = setInterval(fn, ms);
      return () => clearInterval(id);
    },
  });
  scope.addEventListener('message', (event: MessageEvent<ToWorker>) => host.receive(event.data));
} catch (error) {
  post({
    kind: 'fatal',
    message: `cluster: ${error instanceof Error ? error.message : String(error)}`,
  });
}
