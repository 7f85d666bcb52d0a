/** The live cluster diagram: React Flow over the layout of what the informers report. */
import { Background, Controls, ReactFlow, useReactFlow, type NodeTypes } from '@xyflow/react';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import { useCluster } from '../store/react';
import { ControlPlaneFrame } from './ControlPlaneFrame';
import { layoutDiagram, reuseUnchanged, type DiagramModel, type DiagramNode } from './layout';
import { diagramSignature } from './model';
import { NodeFrame } from './NodeFrame';
import { PendingLane } from './PendingLane';
import { PodNode } from './PodNode';
import { ServiceNode } from './ServiceNode';
import { SlotAllocator } from './slots';

const nodeTypes: NodeTypes = {
  controlPlane: ControlPlaneFrame,
  worker: NodeFrame,
  pending: PendingLane,
  pod: PodNode,
  service: ServiceNode,
};

/** Performance mark set when the diagram first draws cluster nodes (read by the UI bench). */
export const FIRST_DIAGRAM_MARK = 'k8s-explorer:first-diagram';

export function Diagram() {
  const signature = useCluster(diagramSignature);
  const slots = useRef<SlotAllocator | null>(null);
  const previous = useRef<DiagramNode[]>([]);
  const { nodes, edges } = useMemo(() => {
    slots.current ??= new SlotAllocator();
    const layout = layoutDiagram(JSON.parse(signature) as DiagramModel, slots.current);
    return { nodes: reuseUnchanged(previous.current, layout.nodes), edges: layout.edges };
  }, [signature]);
  useEffect(() => {
    previous.current = nodes;
  }, [nodes]);
  // The drawing's extent: when it changes, the view refits (unless the user has panned or zoomed).
  const extent = useMemo(() => {
    let width = 0;
    let height = 0;
    for (const n of nodes) {
      if (n.parentId) continue;
      width = Math.max(width, n.position.x + Number(n.style?.width ?? 0));
      height = Math.max(height, n.position.y + Number(n.style?.height ?? 0));
    }
    return `${width}x${height}`;
  }, [nodes]);
  const userMoved = useRef(false);

  return (
    <div className="diagram" aria-label="Cluster diagram" role="region">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        // Nothing in the drawing is interactive yet: the named groups inside carry the meaning.
        nodesFocusable={false}
        edgesFocusable={false}
        minZoom={0.1}
        maxZoom={2}
        colorMode="system"
        fitView
        fitViewOptions={{ padding: 0.08 }}
        onMoveStart={(event) => {
          // Programmatic moves (fitView) come without an event.
          if (event) userMoved.current = true;
        }}
      >
        <Background gap={20} size={1} />
        <Controls
          showInteractive={false}
          position="bottom-right"
          onFitView={() => (userMoved.current = false)}
        />
        <FitOnChange extent={extent} userMoved={userMoved} hasNodes={nodes.length > 1} />
      </ReactFlow>
    </div>
  );
}

/** Refits the view when the drawing's extent changes, and marks the first paint with nodes. */
function FitOnChange({
  extent,
  userMoved,
  hasNodes,
}: {
  extent: string;
  userMoved: RefObject<boolean>;
  hasNodes: boolean;
}) {
  const flow = useReactFlow();
  useEffect(() => {
    if (!hasNodes) return;
    if (performance.getEntriesByName(FIRST_DIAGRAM_MARK).length === 0) {
      // The frame after this commit is the first one showing cluster nodes.
      requestAnimationFrame(() => performance.mark(FIRST_DIAGRAM_MARK));
    }
    if (userMoved.current) return;
    const id = requestAnimationFrame(() => void flow.fitView({ padding: 0.08, duration: 200 }));
    return () => cancelAnimationFrame(id);
  }, [extent, flow, userMoved, hasNodes]);
  return null;
}
