/** A workload controller in the owners overlay: its kind, name and desired/ready counts. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { KubeObject } from '../../sim/api/types';
import { useObject, useView } from '../store/react';
import { refId } from '../store/view-store';
import type { DiagramNode } from './layout';
import { selectOnKey } from './select-keys';

/** `2/3 ready`, `1 active`, `schedule @hourly`: the one figure each kind is watched for. */
export function ownerSummary(kind: string, object: KubeObject): string {
  const spec = (object.spec ?? {}) as { replicas?: number; schedule?: string };
  const status = (object.status ?? {}) as Record<string, number | undefined>;
  switch (kind) {
    case 'DaemonSet':
      return `${status.numberReady ?? 0}/${status.desiredNumberScheduled ?? 0} ready`;
    case 'Job':
      return `${status.succeeded ?? 0} succeeded · ${status.active ?? 0} active`;
    case 'CronJob':
      return `schedule ${spec.schedule ?? ''}`;
    default:
      return `${status.readyReplicas ?? 0}/${spec.replicas ?? 1} ready`;
  }
}

function OwnerNodeView({ data }: NodeProps<DiagramNode>) {
  const kind = data.kind ?? 'Deployment';
  const object = useObject(kind, data.objectKey);
  const id = `${kind}:${data.objectKey}`;
  const selected = useView((s) => s.selected !== undefined && refId(s.selected) === id);
  const highlighted = useView((s) => s.highlighted.includes(id));
  if (!object) return null;
  const name = object.metadata?.name ?? '';
  const summary = ownerSummary(kind, object);
  return (
    <div
      className={`owner ${selected ? 'selected' : ''} ${highlighted ? 'highlighted' : ''}`}
      role="group"
      aria-label={`${kind} ${name}, ${summary}`}
      tabIndex={0}
      onKeyDown={selectOnKey({ kind, key: data.objectKey })}
    >
      <Handle
        type="target"
        position={Position.Top}
        isConnectable={false}
        className="hidden-handle"
      />
      <span className="service-title">
        <span className="muted">{kind}</span> <strong>{name}</strong>
      </span>
      <span className="service-detail">{summary}</span>
      <Handle
        type="source"
        position={Position.Bottom}
        isConnectable={false}
        className="hidden-handle"
      />
    </div>
  );
}

export const OwnerNode = memo(OwnerNodeView);
