/**
 * The default plugin set, in upstream's MultiPoint order (pkg/scheduler/apis/config/v1/
 * default_plugins.go); weights are the upstream defaults.
 */
import type { FilterPlugin, ScorePlugin } from '../framework.ts';
import { interPodAffinityFilter, interPodAffinityScore } from './inter-pod-affinity.ts';
import { nodeAffinityFilter, nodeAffinityScore } from './node-affinity.ts';
import { nodeName } from './node-name.ts';
import { nodePorts } from './node-ports.ts';
import {
  balancedAllocationScore,
  leastAllocatedScore,
  nodeResourcesFit,
} from './node-resources-fit.ts';
import { nodeUnschedulable } from './node-unschedulable.ts';
import { podTopologySpreadFilter, podTopologySpreadScore } from './pod-topology-spread.ts';
import { taintTolerationFilter, taintTolerationScore } from './taint-toleration.ts';
import { volumeBinding } from './volume-binding.ts';

export const DEFAULT_FILTER_PLUGINS: readonly FilterPlugin[] = [
  nodeUnschedulable,
  nodeName,
  taintTolerationFilter,
  nodeAffinityFilter,
  nodePorts,
  nodeResourcesFit,
  volumeBinding,
  podTopologySpreadFilter,
  interPodAffinityFilter,
];

export const DEFAULT_SCORE_PLUGINS: readonly ScorePlugin[] = [
  taintTolerationScore,
  nodeAffinityScore,
  leastAllocatedScore,
  podTopologySpreadScore,
  interPodAffinityScore,
  balancedAllocationScore,
];
