/** A ConfigMap, Secret, PersistentVolumeClaim or PersistentVolume beside the pods that use it. */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useObject, useView } from '../store/react';
import { refId } from '../store/view-store';
import type { DiagramNode } from './layout';
import { selectOnKey } from './select-keys';

const SHORT: Record<string, string> = {
  ConfigMap: 'ConfigMap',
  Secret: 'Secret',
  PersistentVolumeClaim: 'PVC',
  PersistentVolume: 'PV',
};

function ConfigNodeView({ data }: NodeProps<DiagramNode>) {
  const kind = data.kind ?? 'ConfigMap';
  const object = useObject(kind, data.objectKey);
  const id = `${kind}:${data.objectKey}`;
  const selected = useView((s) => s.selected !== undefined && refId(s.selected) === id);
  const highlighted = useView((s) => s.highlighted.includes(id));
  const name = data.objectKey.includes('/')
    ? data.objectKey.slice(data.objectKey.indexOf('/') + 1)
    : data.objectKey;
  const phase = (object?.status as { phase?: string } | undefined)?.phase;
  const state = !object ? 'missing' : (phase ?? '');
  return (
    <div
      className={`config kind-${kind.toLowerCase()} ${object ? '' : 'missing'} ${selected ? 'selected' : ''} ${highlighted ? 'highlighted' : ''}`}
      role="group"
      aria-label={`${kind} ${name}${state ? `, ${state}` : ''}`}
      tabIndex={0}
      onKeyDown={selectOnKey({ kind, key: data.objectKey })}
    >
      <Handle
        id="left-in"
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="hidden-handle"
      />
      <span className="config-kind">{SHORT[kind] ?? kind}</span>{' '}
      <span className="config-name">{name}</span>
      {state && <span className={`config-state ${object ? 'muted' : 'bad'}`}> {state}</span>}
      <Handle
        id="left"
        type="source"
        position={Position.Left}
        isConnectable={false}
        className="hidden-handle"
      />
    </div>
  );
}

export const ConfigNode = memo(ConfigNodeView);
