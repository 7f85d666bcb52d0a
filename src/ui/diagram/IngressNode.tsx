/** An Ingress: its class and address; labelled edges (host/path) go to the Services it routes to. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useObject, useView } from '../store/react';
import { refId } from '../store/view-store';
import type { DiagramNode } from './layout';
import { selectOnKey } from './select-keys';

function IngressNodeView({ data }: NodeProps<DiagramNode>) {
  const ingress = useObject('Ingress', data.objectKey);
  const id = `Ingress:${data.objectKey}`;
  const selected = useView((s) => s.selected !== undefined && refId(s.selected) === id);
  const lit = useView((s) => s.trafficHop.includes(`ingress/${data.objectKey}`));
  if (!ingress) return null;
  const name = ingress.metadata?.name ?? '';
  const spec = (ingress.spec ?? {}) as { ingressClassName?: string; rules?: { host?: string }[] };
  const lb = (
    ingress.status as
      { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined
  )?.loadBalancer?.ingress?.[0];
  const address = lb?.ip ?? lb?.hostname ?? '';
  const hosts = [...new Set((spec.rules ?? []).map((r) => r.host ?? '*'))].join(', ');
  return (
    <div
      className={`ingress ${selected ? 'selected' : ''} ${lit ? 'traffic-hop' : ''}`}
      role="group"
      aria-label={`Ingress ${name}${hosts ? `, ${hosts}` : ''}${address ? `, address ${address}` : ''}`}
      tabIndex={0}
      onKeyDown={selectOnKey({ kind: 'Ingress', key: data.objectKey })}
    >
      <span className="service-title">
        <strong>{name}</strong>{' '}
        <span className="muted">
          · Ingress{spec.ingressClassName ? ` (${spec.ingressClassName})` : ''}
        </span>
      </span>
      <span className="service-detail">{address || 'no address yet'}</span>
      <Handle
        type="source"
        position={Position.Bottom}
        isConnectable={false}
        className="hidden-handle"
      />
    </div>
  );
}

export const IngressNode = memo(IngressNodeView);
