/** A Service: name, type and cluster IP; edges go to the pods its selector matches. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useObject } from '../store/react';
import type { DiagramNode } from './layout';

function ServiceNodeView({ data }: NodeProps<DiagramNode>) {
  const service = useObject('Service', data.objectKey);
  if (!service) return null;
  const spec = (service.spec ?? {}) as {
    type?: string;
    clusterIP?: string;
    ports?: { port: number }[];
  };
  const name = service.metadata?.name ?? '';
  const type = spec.type ?? 'ClusterIP';
  const ports = (spec.ports ?? []).map((p) => p.port).join(',');
  return (
    <div className="service" role="group" aria-label={`Service ${name}, ${type}`}>
      <span className="service-title">
        <strong>Service</strong> {name} <span className="muted">· {type}</span>
      </span>
      <span className="service-detail">
        {spec.clusterIP && spec.clusterIP !== 'None'
          ? `${spec.clusterIP}${ports ? `:${ports}` : ''}`
          : `${spec.clusterIP === 'None' ? 'headless' : 'no cluster IP yet'}${ports ? ` · port ${ports}` : ''}`}
      </span>
      <Handle
        type="source"
        position={Position.Bottom}
        isConnectable={false}
        className="hidden-handle"
      />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeView);
