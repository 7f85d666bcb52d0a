/** A control-plane node with its static-pod components (kubeadm layout, stacked etcd). */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useActivity, useObject, useView } from '../store/react';
import { refId } from '../store/view-store';
import { ComponentList, type ComponentItem } from './ComponentList';
import type { DiagramNode } from './layout';
import { nodeStatus } from './model';
import { selectOnKey } from './select-keys';

export const CONTROL_PLANE_COMPONENTS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
] as const;

const ITEMS: ComponentItem[] = CONTROL_PLANE_COMPONENTS.map((name) => ({ name, id: name }));

function ControlPlaneFrameView({ data }: NodeProps<DiagramNode>) {
  const node = useObject('Node', data.objectKey);
  const name = data.objectKey;
  const status = node ? nodeStatus(node) : 'Unknown';
  const ready = status.startsWith('Ready');
  const etcd = useActivity((s) => s.etcd);
  const selected = useView((s) => s.selected && refId(s.selected) === `Node:${name}`);
  return (
    <section
      className={`frame control-plane-frame ${selected ? 'selected' : ''}`}
      role="group"
      aria-label={`Control plane ${name}`}
      tabIndex={0}
      onKeyDown={selectOnKey({ kind: 'Node', key: name })}
    >
      <header className="frame-header">
        <span className="frame-title">{name}</span>
        <span className={`frame-status ${ready ? 'ok' : 'bad'}`}>{status}</span>
      </header>
      <ComponentList items={ITEMS} />
      <p className="etcd-stats" aria-label="etcd contents">
        etcd: {etcd ? `${etcd.keys} keys · revision ${etcd.revision}` : 'reading…'}
      </p>
    </section>
  );
}

export const ControlPlaneFrame = memo(ControlPlaneFrameView);
