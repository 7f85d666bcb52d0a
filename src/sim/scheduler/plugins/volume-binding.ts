/**
 * VolumeBinding (plugins/volumebinding): every PersistentVolumeClaim the pod uses must exist;
 * unbound claims of an Immediate storage class must be bound first (the PV controller's job);
 * claims of a WaitForFirstConsumer class are bound after scheduling (the scheduler writes the
 * `volume.kubernetes.io/selected-node` annotation); a bound PV's node affinity restricts the nodes.
 */
import type { NodeSelectorTerm, PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { unschedulable, type CycleState, type FilterPlugin } from '../framework.ts';
import { matchesNodeSelectorTerms } from '../selectors.ts';

const NAME = 'VolumeBinding';
const STATE_KEY = 'VolumeBinding/state';

interface VolumeState {
  boundTerms: NodeSelectorTerm[][];
  /** Unbound WaitForFirstConsumer claims, annotated with the node after binding. */
  delayed: PersistentVolumeClaim[];
}

/** Whether a claim waits for its first consumer (its StorageClass says WaitForFirstConsumer). */
export function isDelayedBinding(state: CycleState, pvc: PersistentVolumeClaim): boolean {
  const className = pvc.spec?.storageClassName;
  if (!className) return false;
  return state.snapshot.storageClass(className)?.volumeBindingMode === 'WaitForFirstConsumer';
}

export const volumeBinding: FilterPlugin = {
  name: NAME,
  preFilter(state) {
    const ns = state.pod.metadata?.namespace ?? '';
    const claims = (state.pod.spec?.volumes ?? [])
      .map((v) => v.persistentVolumeClaim?.claimName)
      .filter((c): c is string => !!c);
    if (claims.length === 0) return 'skip';
    const s: VolumeState = { boundTerms: [], delayed: [] };
    let unboundImmediate = false;
    for (const name of claims) {
      const pvc = state.snapshot.pvc(ns, name);
      // podHasPVCs errors are UnschedulableAndUnresolvable (volume_binding.go PreFilter):
      // evicting pods cannot create, un-lose or un-delete a claim, so preemption is not tried.
      const problem = !pvc
        ? `persistentvolumeclaim "${name}" not found`
        : pvc.status?.phase === 'Lost'
          ? `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${pvc.spec?.volumeName ?? ''}"`
          : pvc.metadata?.deletionTimestamp
            ? `persistentvolumeclaim "${name}" is being deleted`
            : undefined;
      if (problem || !pvc)
        return unschedulable(NAME, [problem ?? ''], 'UnschedulableAndUnresolvable');
      const volumeName = pvc.spec?.volumeName;
      if (volumeName && pvc.status?.phase === 'Bound') {
        const terms =
          state.snapshot.pv(volumeName)?.spec?.nodeAffinity?.required?.nodeSelectorTerms;
        if (terms) s.boundTerms.push(terms);
      } else if (isDelayedBinding(state, pvc)) s.delayed.push(pvc);
      else unboundImmediate = true;
    }
    if (unboundImmediate)
      return unschedulable(
        NAME,
        ['pod has unbound immediate PersistentVolumeClaims'],
        'UnschedulableAndUnresolvable',
      );
    state.data.set(STATE_KEY, s);
    return s.boundTerms.length === 0 && s.delayed.length === 0 ? 'skip' : undefined;
  },
  filter(state, node) {
    const s = state.data.get(STATE_KEY) as VolumeState;
    for (const terms of s.boundTerms) {
      if (!matchesNodeSelectorTerms(terms, node.name, node.labels))
        return unschedulable(
          NAME,
          ['node(s) had volume node affinity conflict'],
          'UnschedulableAndUnresolvable',
        );
    }
    return null;
  },
};

/** Unbound WaitForFirstConsumer claims of the cycle (to annotate after binding). */
export function delayedClaims(state: CycleState): PersistentVolumeClaim[] {
  return (state.data.get(STATE_KEY) as VolumeState | undefined)?.delayed ?? [];
}
