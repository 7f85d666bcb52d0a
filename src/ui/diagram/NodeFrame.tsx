/**
 * A worker node: its name, readiness and conditions, its kubelet, kube-proxy and container
 * runtime, the resources its pods request against what it can allocate, and its pods (or, when
 * there are too many to draw, their counts by phase).
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { objectsOf, type ClusterState } from '../store/cluster-store';
import { useCluster, useObject, useView } from '../store/react';
import { namespaceVisible, refId } from '../store/view-store';
import { ComponentList, type ComponentItem } from './ComponentList';
import type { DiagramNode } from './layout';
import {
  allocatableCpu,
  formatCores,
  nodeStatus,
  podNodeName,
  podPhase,
  requestedCpuOn,
} from './model';
import { selectOnKey } from './select-keys';

/** What runs on every worker, as kubeadm sets one up. */
export const WORKER_COMPONENTS = ['kubelet', 'kube-proxy', 'containerd'] as const;

interface Condition {
  type: string;
  status: string;
}

/** Pressure conditions that are True (a healthy node has none). */
function pressures(conditions: Condition[]): string[] {
  return conditions.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type);
}

/** Pods on the node by phase: `Running 38 · Pending 2`. */
function phaseCounts(state: ClusterState, node: string, namespace: string): string {
  const counts = new Map<string, number>();
  for (const pod of Object.values(objectsOf(state, 'Pod'))) {
    if (podNodeName(pod) !== node || !namespaceVisible(namespace, pod.metadata?.namespace))
      continue;
    const phase = podPhase(pod);
    counts.set(phase, (counts.get(phase) ?? 0) + 1);
  }
  return [...counts]
    .sort()
    .map(([phase, n]) => `${phase} ${n}`)
    .join(' · ');
}

function NodeFrameView({ data }: NodeProps<DiagramNode>) {
  const node = useObject('Node', data.objectKey);
  const name = data.objectKey;
  const status = node ? nodeStatus(node) : 'Unknown';
  const ready = status.startsWith('Ready');
  const requested = useCluster((state) => requestedCpuOn(state, name));
  const namespace = useView((s) => s.namespace);
  const summary = useCluster((state) =>
    data.summarised ? phaseCounts(state, name, namespace) : '',
  );
  const selected = useView((s) => s.selected && refId(s.selected) === `Node:${name}`);
  const lit = useView((s) => s.trafficHop.includes(`node/${name}`));
  const allocatable = allocatableCpu(node);
  const conditions = (node?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
  const alerts = pressures(conditions);
  const items: ComponentItem[] = WORKER_COMPONENTS.map((c) => ({ name: c, id: `${c}/${name}` }));
  return (
    <section
      className={`frame worker-frame ${ready ? '' : 'not-ready'} ${selected ? 'selected' : ''} ${lit ? 'traffic-hop' : ''}`}
      role="group"
      aria-label={`Node ${name}, ${status}`}
      tabIndex={0}
      onKeyDown={selectOnKey({ kind: 'Node', key: name })}
    >
      <header className="frame-header">
        <span className="frame-title">{name}</span>
        <span className="frame-status">
          <span className={ready ? 'ok' : 'bad'}>{status.replace(',', ' · ')}</span>
        </span>
      </header>
      {allocatable > 0 && (
        <div className="capacity" title="CPU requested by its pods / allocatable CPU">
          <span>
            cpu {formatCores(requested)}/{formatCores(allocatable)}
          </span>
          <span className="capacity-bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, (requested / allocatable) * 100)}%` }} />
          </span>
          {alerts.length > 0 && <span className="bad">{alerts.join(', ')}</span>}
        </div>
      )}
      <ComponentList items={items} />
      {data.summarised && (
        <p className="node-summary" aria-label={`Pods on ${name}: ${summary || 'none'}`}>
          {summary || 'no pods'}
          <span className="muted"> (too many to draw one by one)</span>
        </p>
      )}
    </section>
  );
}

export const NodeFrame = memo(NodeFrameView);
