/** The gallery of guided experiments, in the order a learner meets the concepts. */
import { networkingExamples } from './networking.ts';
import { operationsExamples } from './operations.ts';
import type { Example } from './types.ts';
import { workloadExamples } from './workloads.ts';

export type { Example } from './types.ts';

const [ephemeral, replicasets, rolling, statefulset, daemonset, jobs] = workloadExamples;
const [svc, ingress, config, volumes] = networkingExamples;
const [nodeFailure, ha, unschedulable] = operationsExamples;

export const EXAMPLES: Example[] = [
  ephemeral,
  svc,
  ingress,
  config,
  volumes,
  rolling,
  replicasets,
  statefulset,
  daemonset,
  jobs,
  nodeFailure,
  ha,
  unschedulable,
];

/** An example by id. */
export function exampleById(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
