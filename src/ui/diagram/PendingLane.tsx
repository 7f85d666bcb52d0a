/** The lane for pods no node has been chosen for yet. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCluster } from '../store/react';
import { objectsOf } from '../store/cluster-store';
import type { DiagramNode } from './layout';
import { podNodeName } from './model';

function PendingLaneView(_: NodeProps<DiagramNode>) {
  const count = useCluster(
    (state) => Object.values(objectsOf(state, 'Pod')).filter((p) => !podNodeName(p)).length,
  );
  return (
    <section className="frame pending-lane" role="group" aria-label={`Pending pods: ${count}`}>
      <header className="frame-header">
        <span className="frame-title">Pending</span>
        <span className="frame-status">
          {count === 0 ? 'none waiting' : `${count} unscheduled`}
        </span>
      </header>
    </section>
  );
}

export const PendingLane = memo(PendingLaneView);
