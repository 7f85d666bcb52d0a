/** A worker node: its name and readiness, its kubelet, kube-proxy and container runtime, its pods. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useObject } from '../store/react';
import { ComponentList } from './ComponentList';
import type { DiagramNode } from './layout';
import { nodeStatus } from './model';

/** What runs on every worker, as kubeadm sets one up. */
export const WORKER_COMPONENTS = ['kubelet', 'kube-proxy', 'containerd'] as const;

function NodeFrameView({ data }: NodeProps<DiagramNode>) {
  const node = useObject('Node', data.objectKey);
  const name = data.objectKey;
  const status = node ? nodeStatus(node) : 'Unknown';
  const ready = status.startsWith('Ready');
  return (
    <section className={`frame worker-frame ${ready ? '' : 'not-ready'}`} role="group" aria-label={`Node ${name}, ${status}`}>
      <header className="frame-header">
        <span className="frame-title">{name}</span>
        <span className={`frame-status ${ready ? 'ok' : 'bad'}`}>{status}</span>
      </header>
      <ComponentList names={WORKER_COMPONENTS} />
    </section>
  );
}

export const NodeFrame = memo(NodeFrameView);
