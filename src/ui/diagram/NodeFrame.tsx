/**
 * A worker node: its name, readiness and conditions, its kubelet, kube-proxy and container
 * runtime, the resources its pods request against what it can allocate (its pod CIDR and address
 * in the network lens), and its pods (or, when there are too many to draw, their counts by phase
 * over a compact grid that turns into pods when zoomed in: SummaryGrid).
 */
import type { NodeProps } from '@xyflow/react';
import './diagram-zoom.css';
import { memo, useCallback } from 'react';
import type { ClusterState } from '../store/cluster-store';
import { useStore } from 'zustand';
import { appOptionsStore } from '../embed/options-store';
import { useObject, useThrottledCluster, useView } from '../store/react';
import { refId } from '../store/view-store';
import { ComponentList, type ComponentItem } from './ComponentList';
import type { DiagramNode } from './layout';
import { allocatableCpu, formatCores, nodeStatus } from './model';
import { podsOnNode, requestedCpu } from './node-pods';
import { selectOnKey } from './select-keys';
import { SummaryGrid } from './SummaryGrid';
import { grid } from './zoom';

/** How often, at most, a frame's capacity and summarised pods follow a busy cluster. */
export const COUNTS_UPDATE_MS = 150;

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

interface NodeAddress {
  type: string;
  address: string;
}

/** `pods 10.244.1.0/24 · 172.18.0.3`: the node's pod range and its InternalIP. */
function networkLine(node: ReturnType<typeof useObject>): string {
  const cidr = (node?.spec as { podCIDR?: string } | undefined)?.podCIDR;
  const addresses = (node?.status as { addresses?: NodeAddress[] } | undefined)?.addresses ?? [];
  const internal = addresses.find((a) => a.type === 'InternalIP')?.address;
  return [cidr ? `pods ${cidr}` : 'no pod CIDR', internal ?? ''].filter(Boolean).join(' · ');
}

function NodeFrameView({ data, positionAbsoluteX, positionAbsoluteY }: NodeProps<DiagramNode>) {
  const node = useObject('Node', data.objectKey);
  const name = data.objectKey;
  const status = node ? nodeStatus(node) : 'Unknown';
  const ready = status.startsWith('Ready');
  // Both are passes over every pod (shared by all frames): at most every COUNTS_UPDATE_MS.
  const requested = useThrottledCluster(
    useCallback((state: ClusterState) => requestedCpu(state, name), [name]),
    COUNTS_UPDATE_MS,
  );
  const namespace = useView((s) => s.namespace);
  const network = useStore(appOptionsStore, (s) => s.options.lens === 'network');
  const summarised = data.summarised;
  const onNode = useThrottledCluster(
    useCallback(
      (state: ClusterState) => (summarised ? podsOnNode(state, name, namespace) : undefined),
      [summarised, name, namespace],
    ),
    COUNTS_UPDATE_MS,
  );
  const summary = onNode?.counts ?? '';
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
      {network ? (
        <div className="capacity node-network" title="The node's pod CIDR and its InternalIP">
          {networkLine(node)}
        </div>
      ) : (
        allocatable > 0 && (
          <div className="capacity" title="CPU requested by its pods / allocatable CPU">
            <span>
              cpu {formatCores(requested)}/{formatCores(allocatable)}
            </span>
            <span className="capacity-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(100, (requested / allocatable) * 100)}%` }} />
            </span>
            {alerts.length > 0 && <span className="bad">{alerts.join(', ')}</span>}
          </div>
        )
      )}
      <ComponentList items={items} />
      {data.summarised && onNode && (
        <div
          className="node-summary"
          role="group"
          aria-label={`Pods on ${name}: ${summary || 'none'}`}
        >
          <p
            className="node-summary-counts"
            title={`${onNode.pods.length} pods, too many to draw one by one at this zoom: zoom in to see each`}
          >
            {summary || 'no pods'}
          </p>
          <SummaryGrid
            pods={onNode}
            rows={data.rows ?? grid.rowStep}
            x={positionAbsoluteX}
            y={positionAbsoluteY}
          />
        </div>
      )}
    </section>
  );
}

export const NodeFrame = memo(NodeFrameView);
