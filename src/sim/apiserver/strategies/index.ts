/**
 * The strategy table: per-resource defaulting, admission, validation and allocation, keyed by
 * `group/resource` (core resources as `/pods`).
 */
import type { StrategyTable } from '../strategy.ts';
import { podStrategy } from './pod.ts';
import { serviceStrategy } from './service.ts';
import {
  controllerRevisionStrategy,
  daemonSetStrategy,
  deploymentStrategy,
  replicaSetStrategy,
  replicationControllerStrategy,
  statefulSetStrategy,
} from './workloads.ts';
import { cronJobStrategy, jobStrategy } from './batch.ts';
import {
  configMapStrategy,
  namespaceStrategy,
  nodeStrategy,
  persistentVolumeClaimStrategy,
  persistentVolumeStrategy,
  secretStrategy,
} from './core.ts';
import {
  endpointSliceStrategy,
  hpaStrategy,
  ingressStrategy,
  leaseStrategy,
  networkPolicyStrategy,
  podDisruptionBudgetStrategy,
  priorityClassStrategy,
  storageClassStrategy,
} from './cluster.ts';

/** Builds the table of built-in strategies. */
export function createStrategies(): StrategyTable {
  return {
    '/pods': podStrategy,
    '/services': serviceStrategy,
    '/namespaces': namespaceStrategy,
    '/secrets': secretStrategy,
    '/configmaps': configMapStrategy,
    '/persistentvolumes': persistentVolumeStrategy,
    '/persistentvolumeclaims': persistentVolumeClaimStrategy,
    '/nodes': nodeStrategy,
    '/replicationcontrollers': replicationControllerStrategy,
    'apps/deployments': deploymentStrategy,
    'apps/replicasets': replicaSetStrategy,
    'apps/statefulsets': statefulSetStrategy,
    'apps/daemonsets': daemonSetStrategy,
    'apps/controllerrevisions': controllerRevisionStrategy,
    'batch/jobs': jobStrategy,
    'batch/cronjobs': cronJobStrategy,
    'scheduling.k8s.io/priorityclasses': priorityClassStrategy,
    'policy/poddisruptionbudgets': podDisruptionBudgetStrategy,
    'autoscaling/horizontalpodautoscalers': hpaStrategy,
    'networking.k8s.io/ingresses': ingressStrategy,
    'networking.k8s.io/networkpolicies': networkPolicyStrategy,
    'storage.k8s.io/storageclasses': storageClassStrategy,
    'discovery.k8s.io/endpointslices': endpointSliceStrategy,
    'coordination.k8s.io/leases': leaseStrategy,
  };
}
