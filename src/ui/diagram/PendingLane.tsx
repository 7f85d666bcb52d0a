/** The lane for pods no node has been chosen for yet. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCluster, useView } from '../store/react';
import { objectsOf } from '../store/cluster-store';
import { namespaceVisible } from '../store/view-store';
import type { DiagramNode } from './layout';
import { podNodeName } from './model';

function PendingLaneView(_: NodeProps<DiagramNode>) {
  const namespace = useView((s) => s.namespace);
  const count = useCluster(
    (state) =>
      Object.values(objectsOf(state, 'Pod')).filter(
        (p) => !podNodeName(p) && namespaceVisible(namespace, p.metadata?.namespace),
      ).length,
  );
  return (
    <section className="frame pending-lane" role="group" aria-label={`Pending pods: ${count}`}>
      <header className="frame-header">
        <span className="frame-title">Pending</span>
        <span className="frame-status">
          {count === 0 ? 'none waiting' : `${count} unscheduled`}
        </span>
      </header>
      <p className="lane-hint muted">Pods wait here until kube-scheduler binds them to a node.</p>
    </section>
  );
}

export const PendingLane = memo(PendingLaneView);
