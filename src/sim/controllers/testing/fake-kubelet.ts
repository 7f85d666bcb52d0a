/**
 * A stand-in for the scheduler and kubelets in controller tests: binds unassigned pods to nodes
 * (honouring a `metadata.name In [node]` node affinity, as DaemonSet pods carry), then marks them
 * Running and Ready after `readyAfterMs`. Pods being deleted go away at once.
 */
import { apiPath, SimClient } from '../../client.ts';
import { formatTimestamp, type VirtualClock } from '../../clock.ts';
import { Informer } from '../../informer.ts';
import type { ApiHandler, KubeObject } from '../../api/types.ts';
import type { Pod } from '../util.ts';

export interface FakeKubeletOptions {
  readyAfterMs?: number;
  /** Return false to leave a pod Pending (e.g. to model a broken image). */
  shouldStart?: (pod: Pod) => boolean;
}

function pinnedNode(pod: Pod): string | undefined {
  const terms = (
    pod.spec as {
      affinity?: {
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: {
            nodeSelectorTerms?: { matchFields?: { key: string; values?: string[] }[] }[];
          };
        };
      };
    }
  ).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return terms?.[0]?.matchFields?.find((f) => f.key === 'metadata.name')?.values?.[0];
}

/** Starts the fake; returns the informer of pods so tests can read the cache. */
export function startFakeKubelet(
  api: ApiHandler,
  clock: VirtualClock,
  options: FakeKubeletOptions = {},
): Informer<Pod> {
  const client = new SimClient(api, 'fake-kubelet');
  const nodes = new Informer<KubeObject>(client, apiPath('v1', 'nodes'), {}, clock).start();
  let next = 0;
  const pods = new Informer<Pod>(client, apiPath('v1', 'pods'), {}, clock);
  const handle = (pod: Pod) => {
    const meta = pod.metadata ?? {};
    const path = apiPath('v1', 'pods', meta.namespace, meta.name);
    if (meta.deletionTimestamp) {
      client.delete(path);
      return;
    }
    if (!pod.spec?.nodeName) {
      const names = nodes.list().map((n) => n.metadata?.name ?? '');
      const node = pinnedNode(pod) ?? names[next++ % Math.max(1, names.length)];
      if (node) client.patch(path, { spec: { nodeName: node } });
      return;
    }
    if (!pod.status?.phase && options.shouldStart?.(pod) !== false) {
      client.patch(`${path}/status`, { status: { phase: 'Pending' } });
      clock.setTimer(options.readyAfterMs ?? 1000, () => {
        const now = formatTimestamp(clock.now());
        client.patch(`${path}/status`, {
          status: {
            phase: 'Running',
            startTime: now,
            conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
            containerStatuses: [{ name: 'c', ready: true, restartCount: 0 }],
          },
        });
      });
    }
  };
  pods.on({ add: handle, update: (_o, p) => handle(p) });
  pods.start();
  return pods;
}
