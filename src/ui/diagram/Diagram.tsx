/** The live cluster diagram: React Flow over the layout of what the informers report. */
import { Background, Controls, ReactFlow, useReactFlow, type NodeTypes } from '@xyflow/react';
import { useEffect, useMemo, useRef } from 'react';
import { useCluster } from '../store/react';
import { ControlPlaneFrame } from './ControlPlaneFrame';
import { layoutDiagram, type DiagramModel } from './layout';
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
  const { nodes, edges } = useMemo(() => {
    slots.current ??= new SlotAllocator();
    return layoutDiagram(JSON.parse(signature) as DiagramModel, slots.current);
  }, [signature]);
  const frameCount = nodes.filter((n) => n.type === 'worker' || n.type === 'controlPlane').length;

  return (
    <div className="diagram" aria-label="Cluster diagram" role="region">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        minZoom={0.1}
        maxZoom={2}
        colorMode="system"
        fitView
        fitViewOptions={{ padding: 0.08 }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} position="bottom-right" />
        <FitOnGrowth frameCount={frameCount} />
      </ReactFlow>
    </div>
  );
}

/** Refits the view when nodes join or leave, and marks the first paint with nodes. */
function FitOnGrowth({ frameCount }: { frameCount: number }) {
  const flow = useReactFlow();
  useEffect(() => {
    if (frameCount === 0) return;
    if (performance.getEntriesByName(FIRST_DIAGRAM_MARK).length === 0) {
      // The frame after this commit is the first one showing cluster nodes.
      requestAnimationFrame(() => performance.mark(FIRST_DIAGRAM_MARK));
    }
    const id = requestAnimationFrame(() => void flow.fitView({ padding: 0.08 }));
    return () => cancelAnimationFrame(id);
  }, [frameCount, flow]);
  return null;
}
