/**
 * The template palette: chips to drag onto the diagram (canvas: a new object; a workload's pods:
 * a Service for them; a node: a pod pinned there). Activating a chip with the keyboard or a click
 * does what a drop on the empty canvas does.
 */
import { useConnection } from '../connection-context';
import { dropTemplate, TEMPLATE_MIME } from './drop';
import { TEMPLATE_KINDS, TEMPLATE_LABELS } from './templates';

export function Palette() {
  const connection = useConnection();
  return (
    <div className="palette" role="toolbar" aria-label="Templates">
      <span className="palette-title" title="Drag onto the diagram">
        Templates
      </span>
      {TEMPLATE_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className="palette-chip"
          draggable
          data-template={kind}
          title={`Drag onto the diagram to create a ${kind} (or click)`}
          onDragStart={(e) => {
            e.dataTransfer.setData(TEMPLATE_MIME, kind);
            e.dataTransfer.setData('text/plain', kind);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => void dropTemplate(connection, kind, null)}
        >
          {TEMPLATE_LABELS[kind]}
        </button>
      ))}
    </div>
  );
}
