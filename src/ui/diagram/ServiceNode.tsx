/** A Service: name, type, cluster IP and ports, and how many endpoints back it. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { objectsOf, type ClusterState } from '../store/cluster-store';
import { useCluster, useObject, useView } from '../store/react';
import { refId } from '../store/view-store';
import type { DiagramNode } from './layout';
import { selectOnKey } from './select-keys';

interface SliceEndpoint {
  conditions?: { ready?: boolean };
}

/** Ready endpoints across the Service's EndpointSlices (label `kubernetes.io/service-name`). */
export function readyEndpoints(state: ClusterState, serviceKey: string): number {
  const [ns, name] = serviceKey.split('/');
  let count = 0;
  for (const slice of Object.values(objectsOf(state, 'EndpointSlice'))) {
    if (slice.metadata?.namespace !== ns) continue;
    if (slice.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
    for (const e of (slice.endpoints as SliceEndpoint[] | undefined) ?? []) {
      if (e.conditions?.ready !== false) count++;
    }
  }
  return count;
}

function ServiceNodeView({ data }: NodeProps<DiagramNode>) {
  const service = useObject('Service', data.objectKey);
  const endpoints = useCluster((state) => readyEndpoints(state, data.objectKey));
  const id = `Service:${data.objectKey}`;
  const selected = useView((s) => s.selected !== undefined && refId(s.selected) === id);
  const highlighted = useView((s) => s.highlighted.includes(id));
  const lit = useView((s) => s.trafficHop.includes(`service/${data.objectKey}`));
  if (!service) return null;
  const spec = (service.spec ?? {}) as {
    type?: string;
    clusterIP?: string;
    ports?: { port: number; nodePort?: number }[];
  };
  const name = service.metadata?.name ?? '';
  const type = spec.type ?? 'ClusterIP';
  const ports = (spec.ports ?? [])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}` : p.port))
    .join(',');
  const ip = spec.clusterIP && spec.clusterIP !== 'None' ? spec.clusterIP : '';
  const endpointText = `${endpoints} endpoint${endpoints === 1 ? '' : 's'}`;
  return (
    <div
      className={`service type-${type.toLowerCase()} ${selected ? 'selected' : ''} ${highlighted ? 'highlighted' : ''} ${lit ? 'traffic-hop' : ''}`}
      role="group"
      aria-label={`Service ${name}, ${type}${ip ? ` ${ip}` : spec.clusterIP === 'None' ? ' headless' : ''}, ${endpointText}`}
      tabIndex={0}
      onKeyDown={selectOnKey({ kind: 'Service', key: data.objectKey })}
    >
      <Handle
        id="in"
        type="target"
        position={Position.Top}
        isConnectable={false}
        className="hidden-handle"
      />
      <span className="service-title">
        <strong>{name}</strong> <span className="muted">· {type}</span>
      </span>
      <span className="service-detail">
        {ip
          ? `${ip}${ports ? `:${ports}` : ''}`
          : `${spec.clusterIP === 'None' ? 'headless' : 'no cluster IP yet'}${ports ? ` · ${ports}` : ''}`}
        <span className={endpoints ? 'ok' : 'bad'}> · {endpointText}</span>
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
