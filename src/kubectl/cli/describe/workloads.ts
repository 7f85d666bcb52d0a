/**
 * Describing Deployments and ReplicaSets (describe.go `describeDeployment`, `describeReplicaSet`).
 */
import type { KubeObject } from '../../../sim/api/types';
import { describePodTemplate } from './pod';
import {
  controlledBy,
  DescribeWriter,
  formatLabelSelector,
  rfc1123z,
  writeAnnotations,
  writeEvents,
  writeLabels,
} from './writer';

/* eslint-disable @typescript-eslint/no-explicit-any -- describers walk loosely typed JSON objects */
type Json = any;

function conditions(w: DescribeWriter, list: Json[] | undefined): void {
  if (!list?.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of list) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

function rsList(list: Json[]): string {
  const s = list
    .map(
      (rs) =>
        `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`,
    )
    .join(', ');
  return s === '' ? '<none>' : s;
}

/** Equal pod templates ignoring the pod-template-hash label (deploymentutil.EqualIgnoreHash). */
function sameTemplate(a: Json, b: Json): boolean {
  const strip = (t: Json) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
    return JSON.stringify(sortDeep(c));
  };
  return strip(a) === strip(b);
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortDeep(o[k])]),
    );
  }
  return v;
}

/** Splits a deployment's ReplicaSets into the new one (template matches) and old ones. */
export function splitReplicaSets(d: Json, owned: Json[]): { newRS?: Json; old: Json[] } {
  const sorted = [...owned].sort(
    (a, b) =>
      Date.parse(a.metadata?.creationTimestamp ?? '') -
      Date.parse(b.metadata?.creationTimestamp ?? ''),
  );
  const newRS = sorted.find((rs) => sameTemplate(rs.spec?.template, d.spec?.template));
  // GetOldReplicaSets keeps only old ones that still have pods... describe prints those with replicas > 0 or all? upstream: all old RSs.
  return { newRS, old: sorted.filter((rs) => rs !== newRS) };
}

/** describeDeployment. */
export function describeDeployment(
  d: Json,
  replicaSets: Json[],
  events: KubeObject[] | undefined,
  nowMs: number,
): string {
  const w = new DescribeWriter();
  const st = d.status ?? {};
  w.write(0, `Name:\t${d.metadata?.name}\n`);
  w.write(0, `Namespace:\t${d.metadata?.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
  writeLabels(w, 'Labels', d.metadata?.labels);
  writeAnnotations(w, 'Annotations', d.metadata?.annotations);
  w.write(0, `Selector:\t${formatLabelSelector(d.spec?.selector)}\n`);
  w.write(
    0,
    `Replicas:\t${d.spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`,
  );
  const strategy = d.spec?.strategy ?? {};
  w.write(0, `StrategyType:\t${strategy.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
  if (strategy.rollingUpdate) {
    w.write(
      0,
      `RollingUpdateStrategy:\t${strategy.rollingUpdate.maxUnavailable ?? '25%'} max unavailable, ${strategy.rollingUpdate.maxSurge ?? '25%'} max surge\n`,
    );
  }
  describePodTemplate(w, d.spec?.template);
  conditions(w, st.conditions);
  if (replicaSets.length > 0) {
    const { newRS, old } = splitReplicaSets(d, replicaSets);
    // GetOldReplicaSets (deployment util) lists only old ReplicaSets that still have pods.
    w.write(
      0,
      `OldReplicaSets:\t${rsList(old.filter((rs) => (rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0))}\n`,
    );
    w.write(0, `NewReplicaSet:\t${rsList(newRS ? [newRS] : [])}\n`);
  }
  writeEvents(w, events, nowMs);
  return w.toString();
}

/** describeReplicaSet. */
export function describeReplicaSet(
  rs: Json,
  pods: Json[],
  events: KubeObject[] | undefined,
  nowMs: number,
): string {
  const w = new DescribeWriter();
  w.write(0, `Name:\t${rs.metadata?.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata?.namespace}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
  writeLabels(w, 'Labels', rs.metadata?.labels);
  writeAnnotations(w, 'Annotations', rs.metadata?.annotations);
  const owner = controlledBy(rs);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  w.write(
    0,
    `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`,
  );
  const count = (phase: string) =>
    pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  w.write(
    0,
    `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`,
  );
  describePodTemplate(w, rs.spec?.template);
  conditions(w, rs.status?.conditions);
  writeEvents(w, events, nowMs);
  return w.toString();
}
