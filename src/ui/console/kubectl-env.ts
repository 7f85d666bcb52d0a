/**
 * The host side of H8's kubectl (src/kubectl/cli) in the page: requests and watches go through the
 * connection's client (the cluster Worker), AGE columns use the simulation clock, and `-f NAME`
 * reads the editor's tabs.
 */
import type { KubeClient } from '../../client/client';
import type { KubectlEnv } from '../../kubectl/cli/types';
import { filesByName } from '../editor/editor-store';
import { sessionStore } from '../store/session-store';

/** Where `kubectl cluster-info` says the apiserver is (the simulated control plane's address). */
export const SIMULATED_SERVER_URL = 'https://172.18.0.2:6443';

/** A KubectlEnv over the UI's client; `extra` adds a signal, an output sink, stdin. */
export function pageKubectlEnv(client: KubeClient, extra: Partial<KubectlEnv> = {}): KubectlEnv {
  return {
    // Requests carry kubectl's identity so the diagram attributes the changes to it.
    request: (req) => client.request({ ...req, user: req.user ?? 'kubectl' }),
    watch(req, onEvent) {
      const subscription = client.watch({ ...req, user: req.user ?? 'kubectl' }, onEvent);
      return () => subscription.stop();
    },
    nowMs: () => sessionStore.getState().clock.now,
    files: filesByName(),
    // drain and delete poll on wall time here; the simulation runs meanwhile.
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 1000))),
    serverUrl: SIMULATED_SERVER_URL,
    namespace: 'default',
    ...extra,
  };
}
