/**
 * Turns the apiserver's change log into small attributed summaries for the page: who changed
 * what, and the few facts a learner cares about (a pod bound to a node, a new IP, a phase change).
 */
import type { ChangeRecord } from '../sim/apiserver/apiserver';
import type { KubeObject } from '../sim/api/types';
import type { ChangeSummary } from './protocol';

type Fields = Record<string, unknown> | undefined;

const field = (obj: KubeObject | undefined, part: 'spec' | 'status', name: string): unknown =>
  (obj?.[part] as Fields)?.[name];

/** The facts that changed between two versions of an object. */
export function changeDetails(
  type: ChangeRecord['type'],
  obj: KubeObject,
  old?: KubeObject,
): string[] {
  const details: string[] = [];
  const compare = (label: string, before: unknown, after: unknown) => {
    if (before === after || after === undefined) return;
    details.push(
      before === undefined
        ? `${label}=${String(after)}`
        : `${label} ${String(before)}->${String(after)}`,
    );
  };
  if (type === 'DELETED') return details;
  if (obj.metadata?.deletionTimestamp && !old?.metadata?.deletionTimestamp)
    details.push('terminating');
  if (obj.metadata?.generation !== old?.metadata?.generation && old)
    details.push(`generation ${old.metadata?.generation}->${obj.metadata?.generation}`);
  switch (obj.kind) {
    case 'Pod':
      compare('nodeName', field(old, 'spec', 'nodeName'), field(obj, 'spec', 'nodeName'));
      compare('phase', field(old, 'status', 'phase'), field(obj, 'status', 'phase'));
      compare('podIP', field(old, 'status', 'podIP'), field(obj, 'status', 'podIP'));
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      compare('replicas', field(old, 'spec', 'replicas'), field(obj, 'spec', 'replicas'));
      compare(
        'readyReplicas',
        field(old, 'status', 'readyReplicas'),
        field(obj, 'status', 'readyReplicas'),
      );
      break;
    case 'Node': {
      const ready = (o: KubeObject | undefined) =>
        (
          (field(o, 'status', 'conditions') as { type: string; status: string }[] | undefined) ?? []
        ).find((c) => c.type === 'Ready')?.status;
      compare('Ready', ready(old), ready(obj));
      compare(
        'unschedulable',
        field(old, 'spec', 'unschedulable'),
        field(obj, 'spec', 'unschedulable'),
      );
      break;
    }
    case 'Service':
      compare('clusterIP', field(old, 'spec', 'clusterIP'), field(obj, 'spec', 'clusterIP'));
      break;
    case 'Event':
      details.push(`${String(obj.reason ?? '')}: ${String(obj.message ?? '')}`.slice(0, 300));
      break;
  }
  return details;
}

/** A summary of one stored change. */
export function summarizeChange(change: ChangeRecord, atMs: number): ChangeSummary {
  const obj = change.object;
  const group = change.resource.group;
  return {
    revision: change.revision,
    type: change.type,
    apiVersion:
      obj.apiVersion ?? (group ? `${group}/${change.resource.version}` : change.resource.version),
    kind: obj.kind ?? change.resource.kind,
    ...(obj.metadata?.namespace ? { namespace: obj.metadata.namespace } : {}),
    name: obj.metadata?.name ?? '',
    user: change.user,
    atMs,
    details: changeDetails(change.type, obj, change.oldObject),
  };
}
