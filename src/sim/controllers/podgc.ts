/**
 * The pod garbage collector (pkg/controller/podgc/gc_controller.go), every 20 s: pods bound to a
 * node that no longer exists (still gone after a 40 s quarantine) are marked Failed with a
 * DisruptionTarget condition and force-deleted; terminating pods that were never scheduled are
 * force-deleted; terminated pods beyond 12,500 (--terminated-pod-gc-threshold) go oldest first.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { formatTimestamp } from '../clock.ts';
import type { ControllerContext } from './context.ts';
import { byCreation } from './deployment-util.ts';
import type { Pod } from './util.ts';
import { storedObjectKey } from '../informer.ts';

const USER = 'pod-garbage-collector';
const GC_CHECK_PERIOD_MS = 20_000;
const QUARANTINE_MS = 40_000;
const TERMINATED_POD_THRESHOLD = 12_500;

const terminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Starts the pod garbage collector. */
export function startPodGcController(ctx: ControllerContext): void {
  const client = ctx.client(USER);
  const pods = ctx.informers.for<Pod>('v1', 'pods');
  const nodes = ctx.informers.for<KubeObject>('v1', 'nodes');
  const byNode = new Map<string, Set<string>>();
  const terminated = new Set<string>();
  const unscheduledTerminating = new Set<string>();
  const missingSince = new Map<string, number>();
  const index = (p: Pod, add: boolean) => {
    const node = p.spec?.nodeName;
    const key = storedObjectKey(p);
    if (node) {
      let set = byNode.get(node);
      if (!set && add) byNode.set(node, (set = new Set()));
      if (add) set?.add(key);
      else {
        set?.delete(key);
        if (set?.size === 0) byNode.delete(node);
      }
    }
    if (add && !node && p.metadata?.deletionTimestamp) unscheduledTerminating.add(key);
    else unscheduledTerminating.delete(key);
    if (add && terminal(p)) terminated.add(key);
    else terminated.delete(key);
  };
  pods.on({
    add: (p) => index(p, true),
    update: (o, p) => {
      // Most updates are status changes that move the pod in none of the indexes.
      if (
        o.spec?.nodeName === p.spec?.nodeName &&
        !o.metadata?.deletionTimestamp === !p.metadata?.deletionTimestamp &&
        terminal(o) === terminal(p)
      )
        return;
      index(o, false);
      index(p, true);
    },
    delete: (p) => index(p, false),
  });
  const queue = ctx.queue(USER, gc);
  queue.addAfter('gc', GC_CHECK_PERIOD_MS);

  function forceDelete(pod: Pod): void {
    const meta = pod.metadata ?? {};
    client.delete(apiPath('v1', 'pods', meta.namespace, meta.name), {
      gracePeriodSeconds: 0,
      preconditions: { uid: meta.uid },
    });
  }

  function gc(): void {
    queue.addAfter('gc', GC_CHECK_PERIOD_MS);
    const now = ctx.clock.now();
    // Orphaned pods: their node is gone (checked again after the quarantine).
    for (const [node, keys] of byNode) {
      if (nodes.get(node)) {
        missingSince.delete(node);
        continue;
      }
      const since = missingSince.get(node) ?? now;
      missingSince.set(node, since);
      if (now - since < QUARANTINE_MS) continue;
      for (const key of [...keys]) {
        const pod = pods.get(key);
        if (!pod) continue;
        const meta = pod.metadata ?? {};
        const path = apiPath('v1', 'pods', meta.namespace, meta.name);
        if (pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') {
          client.patch(`${path}/status`, {
            status: {
              phase: 'Failed',
              conditions: [
                ...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'),
                {
                  type: 'DisruptionTarget',
                  status: 'True',
                  reason: 'DeletionByPodGC',
                  message: 'PodGC: node no longer exists',
                  lastTransitionTime: formatTimestamp(now),
                },
              ],
            },
          });
        }
        forceDelete(pod);
      }
    }
    // Terminating pods never scheduled anywhere (gcUnscheduledTerminating).
    for (const key of [...unscheduledTerminating]) {
      const pod = pods.get(key);
      if (pod) forceDelete(pod);
    }
    // Terminated pods over the threshold, oldest first.
    if (terminated.size > TERMINATED_POD_THRESHOLD) {
      const list = [...terminated]
        .map((k) => pods.get(k))
        .filter((p): p is Pod => !!p)
        .sort(byCreation);
      for (const p of list.slice(0, terminated.size - TERMINATED_POD_THRESHOLD)) forceDelete(p);
    }
  }
}
