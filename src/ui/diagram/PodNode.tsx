/** A pod: name, phase and IP, drawn inside its node frame or in the Pending lane. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useObject } from '../store/react';
import type { DiagramNode } from './layout';
import { podIP, podPhase } from './model';

function PodNodeView({ data }: NodeProps<DiagramNode>) {
  const pod = useObject('Pod', data.objectKey);
  if (!pod) return null;
  const name = pod.metadata?.name ?? '';
  const phase = podPhase(pod);
  const ip = podIP(pod);
  return (
    <div
      className={`pod phase-${phase.toLowerCase()}`}
      role="group"
      aria-label={`Pod ${name}, ${phase}${ip ? `, IP ${ip}` : ''}`}
      title={`${pod.metadata?.namespace ?? ''}/${name}`}
    >
      <Handle
        type="target"
        position={Position.Top}
        isConnectable={false}
        className="hidden-handle"
      />
      <span className="pod-name">{name}</span>
      <span className="pod-detail">
        <span className="pod-phase">{phase}</span>
        {ip ? <span className="pod-ip">{ip}</span> : null}
      </span>
    </div>
  );
}

export const PodNode = memo(PodNodeView);
