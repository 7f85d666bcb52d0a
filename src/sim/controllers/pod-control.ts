/**
 * Creating and deleting pods for a controller (pkg/controller/controller_utils.go `RealPodControl`,
 * `GetPodFromTemplate`, `slowStartBatch`): pods get the template's labels, annotations and spec,
 * `generateName: <owner>-` and a controller owner reference; creations go in batches of 1, 2, 4...
 * that stop at the first error, so a failing quota costs one request, not 500.
 */
import type { KubeObject, OwnerReference, Status } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import type { EventRecorder } from './events.ts';
import { clone, type Pod } from './util.ts';

/** SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH = 1;

export interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [k: string]: unknown;
  };
  spec?: Record<string, unknown>;
}

/** The pod a controller creates from its template (controller.GetPodFromTemplate). */
export function podFromTemplate(
  template: PodTemplate,
  namespace: string,
  owner: OwnerReference | undefined,
  naming: { generateName?: string; name?: string },
): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(naming.name ? { name: naming.name } : { generateName: naming.generateName }),
      namespace,
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
    spec: clone(template.spec ?? {}),
  };
  return pod;
}

/**
 * Runs `fn` `count` times in batches doubling from `initial`, stopping after a batch with an error.
 * Returns the number of successes (controller_utils.go slowStartBatch).
 */
export function slowStartBatch(count: number, initial: number, fn: () => boolean): number {
  let remaining = count;
  let successes = 0;
  for (
    let batch = Math.min(remaining, initial);
    batch > 0;
    batch = Math.min(2 * batch, remaining)
  ) {
    let errors = 0;
    for (let i = 0; i < batch; i++) if (!fn()) errors++;
    successes += batch - errors;
    if (errors > 0) return successes;
    remaining -= batch;
  }
  return successes;
}

/** Creates a pod and records SuccessfulCreate / FailedCreate on `owner`. */
export function createPod(
  client: SimClient,
  recorder: EventRecorder,
  owner: KubeObject,
  pod: Pod,
): { ok: true; pod: Pod } | { ok: false; status: Status } {
  const ns = pod.metadata?.namespace ?? 'default';
  const res = client.create<Pod>(apiPath('v1', 'pods', ns), pod);
  if (!res.ok) {
    recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${res.status.message ?? ''}`);
    return res;
  }
  recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${res.value.metadata?.name}`);
  return { ok: true, pod: res.value };
}

/** Deletes a pod (with a uid precondition) and records SuccessfulDelete / FailedDelete. */
export function deletePod(
  client: SimClient,
  recorder: EventRecorder,
  owner: KubeObject,
  pod: Pod,
): boolean {
  const meta = pod.metadata ?? {};
  const res = client.delete(apiPath('v1', 'pods', meta.namespace, meta.name), {
    preconditions: { uid: meta.uid },
  });
  if (!res.ok && res.status.code !== 404) {
    recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${res.status.message ?? ''}`);
    return false;
  }
  if (res.ok) recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${meta.name}`);
  return res.ok;
}

/**
 * Adopts an orphan (adds our controller reference with a uid/resourceVersion-guarded patch) or
 * releases an object whose labels no longer match (removes it): ControllerRefManager.
 */
export function setControllerRef(
  client: SimClient,
  path: string,
  obj: KubeObject,
  owner: OwnerReference | undefined,
  releaseUid?: string,
): KubeObject | undefined {
  const refs = (obj.metadata?.ownerReferences ?? []).filter(
    (r) => r.uid !== (releaseUid ?? owner?.uid),
  );
  if (owner) refs.push(owner);
  const res = client.patch<KubeObject>(path, {
    metadata: {
      ownerReferences: refs,
      uid: obj.metadata?.uid,
      resourceVersion: obj.metadata?.resourceVersion,
    },
  });
  return res.ok ? res.value : undefined;
}
