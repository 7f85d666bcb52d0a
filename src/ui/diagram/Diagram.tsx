/** The live cluster diagram: React Flow over the layout of what the informers report. */
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  type Edge,
  type Node,
  type NodeTypes,
} from '@xyflow/react';
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { useCluster, useThrottledClusterAsync, useView } from '../store/react';
import { objectsOf, type ClusterState } from '../store/cluster-store';
import { select, viewStore, type ObjectRef } from '../store/view-store';
import { ConfigNode } from './ConfigNode';
import { ControlPlaneFrame } from './ControlPlaneFrame';
import { DiagramToolbar } from './DiagramToolbar';
import { IngressNode } from './IngressNode';
import {
  layoutDiagram,
  limitNewPods,
  reuseUnchanged,
  reuseUnchangedEdges,
  type DiagramModel,
  type DiagramNode,
} from './layout';
import { NodeFrame } from './NodeFrame';
import { OwnerNode } from './OwnerNode';
import { PendingLane } from './PendingLane';
import { PodNode } from './PodNode';
import { ServiceNode } from './ServiceNode';
import { diagramSignature } from './signature';
import { SlotAllocator } from './slots';
import { readCellColours } from './SummaryGrid';
import { useEtcdStats, useTrafficAnimation } from './live-effects';

const nodeTypes: NodeTypes = {
  controlPlane: ControlPlaneFrame,
  worker: NodeFrame,
  pending: PendingLane,
  pod: PodNode,
  service: ServiceNode,
  ingress: IngressNode,
  config: ConfigNode,
  owner: OwnerNode,
};

/** Minimap fills by element type (the drawn elements themselves are transparent to it). */
const MINIMAP_COLORS: Record<string, string> = {
  controlPlane: '#a898e0',
  worker: '#b8c4d4',
  pending: '#e5d6a8',
  pod: '#58b374',
  service: '#5b8fd9',
  ingress: '#8b5cf6',
  config: '#7aa7c7',
  owner: '#c0934a',
};

const isGhost = (n: Node) => (n.data as DiagramNode['data'] | undefined)?.ghost === true;

/*
 * React Flow's props, made once: it copies a changed prop into its store (a store update that
 * runs every drawn node's selector) or hands it to every node wrapper (a render of each), so an
 * inline callback or object cost a pass over all drawn nodes per diagram render.
 */
const FIT_VIEW_OPTIONS = { padding: 0.08 };
const MINIMAP_STYLE = { width: 140, height: 90 };
const onNodeClick = (_: unknown, node: Node) => {
  const ref = refOfNode(node);
  if (ref) select(ref);
};
const onPaneClick = () => select(undefined);
// A deleted pod's ghost fades out in the diagram but stays in React Flow's list until the next
// layout: it leaves no mark on the minimap.
const minimapClass = (n: Node) => (isGhost(n) ? 'minimap-ghost' : `minimap-${n.type ?? ''}`);
const minimapColor = (n: Node) =>
  isGhost(n) ? 'transparent' : (MINIMAP_COLORS[n.type ?? ''] ?? '#94a3b8');
const onEscape = (event: KeyboardEvent<HTMLDivElement>) => {
  if (event.key === 'Escape') viewStore.setState({ selected: undefined });
};

/**
 * How often, at most, the diagram's shape (placement and connections) follows a busy cluster.
 * The objects drawn still update every frame; this bounds the passes over every pod.
 */
export const DIAGRAM_UPDATE_MS = 100;

/**
 * Pods drawn one by one that one layout pass may add; the rest follow HELD_PODS_DELAY_MS later.
 * The frame that first draws them (their elements' style and layout, then React Flow measuring
 * each and drawing it again) costs about a millisecond per pod: 40 at a time made frames of
 * 35-45 ms of CPU time, over 50 ms on a busy machine.
 */
export const PODS_ADDED_PER_PASS = 20;
export const HELD_PODS_DELAY_MS = 50;

/** Performance mark set when the diagram first draws cluster nodes (read by the UI bench). */
export const FIRST_DIAGRAM_MARK = 'k8s-explorer:first-diagram';

/** The object a drawn element stands for. */
export function refOfNode(node: Node): ObjectRef | undefined {
  const data = node.data as DiagramNode['data'];
  switch (node.type) {
    case 'controlPlane':
    case 'worker':
      return { kind: 'Node', key: data.objectKey };
    case 'pod':
      return { kind: 'Pod', key: data.objectKey };
    case 'service':
      return { kind: 'Service', key: data.objectKey };
    case 'ingress':
      return { kind: 'Ingress', key: data.objectKey };
    case 'config':
    case 'owner':
      return { kind: data.kind ?? '', key: data.objectKey };
    default:
      return undefined;
  }
}

export function Diagram() {
  const namespace = useView((s) => s.namespace);
  const showOwners = useView((s) => s.showOwners);
  // The model is a pass over every pod: while pods churn, it is rebuilt at most every
  // DIAGRAM_UPDATE_MS (a change after a quiet spell shows at once). The re-render it causes
  // (layout, then React Flow's store taking the nodes) runs in tasks of its own (see the hook).
  const signature = useThrottledClusterAsync(
    useCallback(
      (state: ClusterState) => diagramSignature(state, { namespace, showOwners }),
      [namespace, showOwners],
    ),
    DIAGRAM_UPDATE_MS,
  );
  const slots = useRef<SlotAllocator | null>(null);
  const previous = useRef<DiagramNode[]>([]);
  const previousEdges = useRef<Edge[]>([]);
  // Bumped to lay out again when pods were held back (see limitNewPods).
  const [pass, setPass] = useState(0);
  const drawn = useMemo(() => {
    slots.current ??= new SlotAllocator();
    const layout = layoutDiagram(JSON.parse(signature) as DiagramModel, slots.current);
    const limited = limitNewPods(previous.current, layout.nodes, layout.edges, PODS_ADDED_PER_PASS);
    return {
      nodes: reuseUnchanged(previous.current, limited.nodes),
      edges: reuseUnchangedEdges(previousEdges.current, limited.edges),
      held: limited.held,
      pass,
    };
  }, [signature, pass]);
  const { nodes, edges } = drawn;
  useEffect(() => {
    previous.current = drawn.nodes;
    previousEdges.current = drawn.edges;
    if (drawn.held === 0) return;
    const timer = setTimeout(() => setPass((n) => n + 1), HELD_PODS_DELAY_MS);
    return () => clearTimeout(timer);
  }, [drawn]);
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
  const onMoveStart = useCallback((event: unknown) => {
    // Programmatic moves (fitView) come without an event.
    if (event) userMoved.current = true;
  }, []);
  const onFitView = useCallback(() => (userMoved.current = false), []);
  const past = useView((s) => s.past);
  const synced = useCluster((s) => Boolean(s.synced.Node));
  const nodeCount = useCluster((s) => Object.keys(objectsOf(s, 'Node')).length);
  useEtcdStats();
  useTrafficAnimation();

  return (
    <div
      className={`diagram ${past ? 'viewing-past' : ''}`}
      aria-label="Cluster diagram"
      role="region"
      onKeyDown={onEscape}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        // The drawn objects are focusable themselves (Tab, then Enter to inspect).
        nodesFocusable={false}
        edgesFocusable={false}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        minZoom={0.1}
        maxZoom={2}
        colorMode="system"
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        onMoveStart={onMoveStart}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} position="bottom-right" onFitView={onFitView} />
        <MiniMap
          position="top-right"
          pannable
          zoomable
          ariaLabel="Mini map"
          nodeClassName={minimapClass}
          nodeColor={minimapColor}
          style={MINIMAP_STYLE}
        />
        <Panel position="top-left">
          <DiagramToolbar />
        </Panel>
        <FitOnChange extent={extent} userMoved={userMoved} hasNodes={nodes.length > 1} />
      </ReactFlow>
      {synced && nodeCount === 0 && <p className="diagram-empty">No nodes in this cluster.</p>}
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
      requestAnimationFrame(() => {
        performance.mark(FIRST_DIAGRAM_MARK);
        // After that frame, while the page is quiet: the summarised nodes' canvas colours (a
        // computed-style read, which would force a style recalculation mid-churn).
        setTimeout(readCellColours, 0);
      });
    }
    if (userMoved.current) return;
    const id = requestAnimationFrame(() => void flow.fitView({ padding: 0.08, duration: 200 }));
    return () => cancelAnimationFrame(id);
  }, [extent, flow, userMoved, hasNodes]);
  return null;
}
