/**
 * A pod: name, status, readiness, restarts and IP, drawn inside its node frame or in the Pending
 * lane. Colour follows the phase, a dashed border means not ready. The box replays its entrance
 * when it lands in a new place (created, or scheduled out of the Pending lane), and the IP flashes
 * when it appears or changes. A deleted pod's ghost shrinks and fades out in its slot for
 * GHOST_MS (hidden from assistive technology: the pod is gone, and the timeline says so).
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import './diagram-zoom.css';
import { memo, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useObject, useView } from '../store/react';
import { refId } from '../store/view-store';
import type { DiagramNode } from './layout';
import { podAccessibleName, podIP, podReadiness, podRestarts, podStatusText } from './model';
import { selectOnKey } from './select-keys';
import { GHOST_MS } from './slots';

/** A deleted pod fading out where it was; its element is removed once the fade is over. */
export function PodGhost({
  objectKey,
  className = 'pod-ghost',
  style,
}: {
  objectKey: string;
  className?: string;
  style?: CSSProperties;
}) {
  const [gone, setGone] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGone(true), GHOST_MS);
    return () => clearTimeout(timer);
  }, []);
  if (gone) return null;
  return (
    // The fade (diagram-zoom.css) lasts GHOST_MS too.
    <div className={className} aria-hidden="true" style={style}>
      <span className="pod-name">{objectKey.slice(objectKey.indexOf('/') + 1)}</span>
      <span className="pod-detail">deleted</span>
    </div>
  );
}

function PodNodeView(props: NodeProps<DiagramNode>) {
  return props.data.ghost ? <PodGhost objectKey={props.data.objectKey} /> : <LivePod {...props} />;
}

function LivePod({ data, parentId }: NodeProps<DiagramNode>) {
  const pod = useObject('Pod', data.objectKey);
  const id = `Pod:${data.objectKey}`;
  const selected = useView((s) => s.selected !== undefined && refId(s.selected) === id);
  const highlighted = useView((s) => s.highlighted.includes(id));
  const lit = useView((s) => s.trafficHop.includes(`pod/${data.objectKey}`));
  const ip = pod ? podIP(pod) : '';
  // Counts IP changes so the IP element remounts (and flashes) on each one, not on other updates.
  const ipState = useRef({ ip, changes: 0 });
  if (ipState.current.ip !== ip) ipState.current = { ip, changes: ipState.current.changes + 1 };
  if (!pod) return null;
  const name = pod.metadata?.name ?? '';
  const status = podStatusText(pod);
  const { ready, total } = podReadiness(pod);
  const restarts = podRestarts(pod);
  const phaseClass = (
    pod.metadata?.deletionTimestamp
      ? 'Terminating'
      : ((pod.status as { phase?: string } | undefined)?.phase ?? 'Pending')
  ).toLowerCase();
  const classes = [
    'pod',
    `phase-${phaseClass}`,
    ready === total && total > 0 ? 'ready' : 'not-ready',
    selected ? 'selected' : '',
    highlighted ? 'highlighted' : '',
    lit ? 'traffic-hop' : '',
  ];
  return (
    <div
      // Remounting on a new parent replays the entrance: the pod visibly lands on its node.
      key={parentId}
      className={classes.join(' ')}
      role="group"
      aria-label={podAccessibleName(pod)}
      title={`${pod.metadata?.namespace ?? ''}/${name}`}
      tabIndex={0}
      onKeyDown={selectOnKey({ kind: 'Pod', key: data.objectKey })}
    >
      <Handle
        id="top"
        type="target"
        position={Position.Top}
        isConnectable={false}
        className="hidden-handle"
      />
      <Handle
        id="right"
        type="target"
        position={Position.Right}
        isConnectable={false}
        className="hidden-handle"
      />
      <span className="pod-name">{name}</span>
      <span className="pod-detail">
        <span className="pod-phase">
          {status} {ready}/{total}
          {restarts > 0 ? <span className="restarts"> ↻{restarts}</span> : null}
        </span>
        {ip ? (
          <span
            key={ipState.current.changes}
            className={`pod-ip ${ipState.current.changes > 0 ? 'flash' : ''}`}
          >
            {ip}
          </span>
        ) : null}
      </span>
    </div>
  );
}

export const PodNode = memo(PodNodeView);
