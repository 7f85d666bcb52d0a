/** A control-plane node with its static-pod components (kubeadm layout, stacked etcd). */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useObject } from '../store/react';
import { ComponentList } from './ComponentList';
import type { DiagramNode } from './layout';
import { nodeStatus } from './model';

export const CONTROL_PLANE_COMPONENTS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
] as const;

function ControlPlaneFrameView({ data }: NodeProps<DiagramNode>) {
  const node = useObject('Node', data.objectKey);
  const name = data.objectKey;
  const status = node ? nodeStatus(node) : 'Unknown';
  const taints = ((node?.spec as { taints?: { effect: string }[] } | undefined)?.taints ?? [])
    .map((t) => t.effect)
    .join(', ');
  const ready = status.startsWith('Ready');
  return (
    <section
      className="frame control-plane-frame"
      role="group"
      aria-label={`Control plane ${name}`}
    >
      <header className="frame-header">
        <span className="frame-title">{name}</span>
        <span className={`frame-status ${ready ? 'ok' : 'bad'}`}>
          {status}
          {taints ? ` · tainted ${taints}` : ''}
        </span>
      </header>
      <ComponentList names={CONTROL_PLANE_COMPONENTS} />
    </section>
  );
}

export const ControlPlaneFrame = memo(ControlPlaneFrameView);
