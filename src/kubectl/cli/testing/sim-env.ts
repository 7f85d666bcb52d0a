/**
 * A KubectlEnv over an in-process simulated cluster, for tests: requests go to `cluster.api`,
 * watches use the apiserver's WatchStream, `sleep` advances virtual time, `nowMs` is virtual.
 */
import type { Cluster } from '../../../sim/cluster';
import type { KubectlEnv } from '../types';

/** Wires runKubectl to a cluster on its virtual clock. */
export function simEnv(cluster: Cluster, extra: Partial<KubectlEnv> = {}): KubectlEnv {
  return {
    request: async (req) => cluster.api.handle(req),
    watch(req, onEvent) {
      const res = cluster.api.handle(req);
      if (!res.watch) return () => {};
      res.watch.onEvent(onEvent);
      return () => res.watch?.stop();
    },
    nowMs: () => cluster.clock.now(),
    sleep: async (ms) => {
      cluster.clock.advance(ms);
    },
    serverUrl: 'https://127.0.0.1:6443',
    ...extra,
  };
}
