/** A worker node: its name and readiness, its kubelet, kube-proxy and container runtime, its pods. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCluster, useObject } from '../store/react';
import { ComponentList } from './ComponentList';
import type { DiagramNode } from './layout';
import { allocatableCpu, formatCores, nodeStatus, requestedCpuOn } from './model';

/** What runs on every worker, as kubeadm sets one up. */
export const WORKER_COMPONENTS = ['kubelet', 'kube-proxy', 'containerd'] as const;

function NodeFrameView({ data }: NodeProps<DiagramNode>) {
  const node = useObject('Node', data.objectKey);
  const name = data.objectKey;
  const status = node ? nodeStatus(node) : 'Unknown';
  const ready = status.startsWith('Ready');
  const requested = useCluster((state) => requestedCpuOn(state, name));
  const allocatable = allocatableCpu(node);
  return (
    <section
      className={`frame worker-frame ${ready ? '' : 'not-ready'}`}
      role="group"
      aria-label={`Node ${name}, ${status}`}
    >
      <header className="frame-header">
        <span className="frame-title">{name}</span>
        <span className="frame-status">
          <span className={ready ? 'ok' : 'bad'}>{status}</span>
          {allocatable > 0 && (
            <span title="CPU requested by its pods / allocatable CPU">
              {' '}
              · cpu {formatCores(requested)}/{formatCores(allocatable)}
            </span>
          )}
        </span>
      </header>
      <ComponentList names={WORKER_COMPONENTS} />
    </section>
  );
}

export const NodeFrame = memo(NodeFrameView);
