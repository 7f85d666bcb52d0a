/** The lane for pods no node has been chosen for yet. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useThrottledCluster, useView } from '../store/react';
import { COUNTS_UPDATE_MS } from './NodeFrame';
import type { DiagramNode } from './layout';
import { pendingCount } from './node-pods';

function PendingLaneView(_: NodeProps<DiagramNode>) {
  const namespace = useView((s) => s.namespace);
  // A pass over every pod: at most every COUNTS_UPDATE_MS while pods churn.
  const count = useThrottledCluster((state) => pendingCount(state, namespace), COUNTS_UPDATE_MS);
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
