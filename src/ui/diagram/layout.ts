/**
 * Where everything is drawn. A pure function of what the informers report (nodes, pods,
 * services) plus the slot memory that keeps pods in place: control planes on top, services
 * below them, then the Pending lane and the worker frames holding their pods.
 */
import type { Edge, Node } from '@xyflow/react';
import { compareNames, type SlotAllocator } from './slots';
import { grid } from './zoom';

export interface DiagramModel {
  nodes: { name: string; controlPlane: boolean }[];
  /** `nodeName` is empty while the pod is unscheduled. */
  pods: { key: string; nodeName: string }[];
  /** `pods`: ready endpoints; `notReady`: not-ready endpoints (or selected pods not yet published). */
  services: { key: string; pods: string[]; notReady?: string[] }[];
  ingresses?: { key: string; routes: { service: string; label: string }[] }[];
  /** ConfigMaps, Secrets, claims and volumes beside the pods that use them. */
  configs?: { kind: string; key: string; pods: string[]; claim?: string; exists: boolean }[];
  /** The owners overlay: `parent` is `Kind/key` of the owner's own controller. */
  owners?: { kind: string; key: string; parent?: string; pods: string[] }[];
  /** Nodes drawn as counts by phase instead of one box per pod. */
  summarised?: string[];
  /** Rows of the compact grid each summarised node reserves (see zoom.ts). */
  summaryRows?: Record<string, number>;
}

/** What every drawn element carries: the key of the object it draws. */
export type DiagramNodeData = {
  objectKey: string;
  /** The object's kind for elements that draw several kinds (configs, owners). */
  kind?: string;
  /** A node frame drawn as counts by phase. */
  summarised?: boolean;
  /** Rows of a summarised frame's compact pod grid. */
  rows?: number;
  /** A deleted pod, drawn fading out where it was (not interactive). */
  ghost?: boolean;
  /** False for a referenced object that does not exist (a missing ConfigMap). */
  exists?: boolean;
};
export type DiagramNode = Node<DiagramNodeData>;

export const PENDING_LANE_ID = 'lane/pending';
const CONTROL_PLANE_COLUMNS = 2;
export const size = {
  gap: 24,
  frameWidth: 252,
  workerHeader: 100,
  controlPlaneWidth: 504,
  controlPlaneHeader: 100,
  podWidth: 228,
  podHeight: 50,
  podGap: 8,
  padding: 12,
  serviceWidth: 216,
  serviceHeight: 56,
  workersPerRow: 6,
  ingressHeight: 48,
  ownerWidth: 216,
  ownerHeight: 44,
  configWidth: 216,
  configHeight: 40,
} as const;

/** Services, ingresses and owners per row before wrapping. */
const ROW_ITEMS = 6;

const podTop = (header: number, slot: number) => header + slot * (size.podHeight + size.podGap);
/** Worker frames keep room for one pod so an empty node still reads as a place pods go. */
const frameHeight = (header: number, slots: number, minSlots = 1) =>
  podTop(header, Math.max(minSlots, slots)) + size.padding - size.podGap;

/** The React Flow id of a node frame. */
export const frameId = (nodeName: string) => `node/${nodeName}`;
export const podId = (key: string) => `pod/${key}`;
export const ghostId = (key: string) => `ghost/${key}`;
export const serviceId = (key: string) => `service/${key}`;
export const ingressId = (key: string) => `ingress/${key}`;
export const configId = (kind: string, key: string) => `config/${kind}/${key}`;
export const ownerId = (kindAndKey: string) => `owner/${kindAndKey}`;

/** Lays out the model; `slots` remembers pod slots between calls. */
export function layoutDiagram(
  model: DiagramModel,
  slots: SlotAllocator,
): { nodes: DiagramNode[]; edges: Edge[] } {
  const names = new Set(model.nodes.map((n) => n.name));
  const controlPlanes = model.nodes
    .filter((n) => n.controlPlane)
    .map((n) => n.name)
    .sort(compareNames);
  const workers = model.nodes
    .filter((n) => !n.controlPlane)
    .map((n) => n.name)
    .sort(compareNames);

  // Pods whose node is unknown (not yet listed, or deleted) wait in the lane with the unscheduled.
  const members = new Map<string, string[]>([[PENDING_LANE_ID, []]]);
  for (const name of [...controlPlanes, ...workers]) members.set(frameId(name), []);
  for (const pod of model.pods) {
    const group = pod.nodeName && names.has(pod.nodeName) ? frameId(pod.nodeName) : PENDING_LANE_ID;
    members.get(group)?.push(pod.key);
  }
  const assigned = slots.assign(members);
  const summarised = new Set(model.summarised ?? []);
  // Deleted pods fade out in their slot, except where pods are not drawn one by one.
  const ghosts = slots.ghosts().filter((g) => !summarised.has(g.group.slice(frameId('').length)));
  const slotCount = (group: string) => {
    let max = -1;
    for (const slot of assigned.get(group)?.values() ?? []) max = Math.max(max, slot);
    for (const ghost of ghosts) if (ghost.group === group) max = Math.max(max, ghost.slot);
    return max + 1;
  };

  const frames: DiagramNode[] = [];
  const children: DiagramNode[] = [];
  const addPods = (group: string, header: number, columns = 1) => {
    const at = (slot: number) => ({
      x: size.padding + (slot % columns) * (size.podWidth + size.padding),
      y: podTop(header, Math.floor(slot / columns)),
    });
    for (const ghost of ghosts) {
      if (ghost.group !== group) continue;
      // Under the pods (a replacement may land in the same slot while it fades), never clicked.
      children.push({
        id: ghostId(ghost.key),
        type: 'pod',
        parentId: group,
        extent: 'parent',
        position: at(ghost.slot),
        style: { width: size.podWidth, height: size.podHeight, pointerEvents: 'none' },
        data: { objectKey: ghost.key, ghost: true },
        selectable: false,
        focusable: false,
        zIndex: 0,
      });
    }
    for (const [key, slot] of assigned.get(group) ?? []) {
      children.push({
        id: podId(key),
        type: 'pod',
        parentId: group,
        extent: 'parent',
        position: at(slot),
        style: { width: size.podWidth, height: size.podHeight },
        data: { objectKey: key },
        zIndex: 1,
      });
    }
  };

  // The control-plane frame is wide: its (static and system) pods sit two to a row.
  const cpRows = (slots: number) => Math.ceil(slots / CONTROL_PLANE_COLUMNS);
  let y = 0;
  controlPlanes.forEach((name, i) => {
    const id = frameId(name);
    frames.push({
      id,
      type: 'controlPlane',
      position: { x: size.frameWidth + size.gap + i * (size.controlPlaneWidth + size.gap), y },
      style: {
        width: size.controlPlaneWidth,
        height: frameHeight(size.controlPlaneHeader, cpRows(slotCount(id)), 0),
      },
      data: { objectKey: name },
    });
    addPods(id, size.controlPlaneHeader, CONTROL_PLANE_COLUMNS);
  });
  const cpHeight = Math.max(
    0,
    ...controlPlanes.map((n) =>
      frameHeight(size.controlPlaneHeader, cpRows(slotCount(frameId(n))), 0),
    ),
  );
  if (controlPlanes.length > 0) y += cpHeight + size.gap * 2;

  const left = size.frameWidth + size.gap;
  /** Places items in rows of ROW_ITEMS from `y`; returns the y below them. */
  const placeRow = (
    items: { id: string; type: string; data: DiagramNodeData }[],
    width: number,
    height: number,
    top: number,
  ): number => {
    items.forEach((item, i) => {
      frames.push({
        id: item.id,
        type: item.type,
        position: {
          x: left + (i % ROW_ITEMS) * (width + size.gap),
          y: top + Math.floor(i / ROW_ITEMS) * (height + size.gap * 2),
        },
        style: { width, height },
        data: item.data,
      });
    });
    const rows = Math.ceil(items.length / ROW_ITEMS);
    return rows ? top + rows * (height + size.gap * 2) + size.gap : top;
  };

  const ingresses = [...(model.ingresses ?? [])].sort((a, b) => compareNames(a.key, b.key));
  y = placeRow(
    ingresses.map((i) => ({ id: ingressId(i.key), type: 'ingress', data: { objectKey: i.key } })),
    size.serviceWidth,
    size.ingressHeight,
    y,
  );
  const services = [...model.services].sort((a, b) => compareNames(a.key, b.key));
  y = placeRow(
    services.map((s) => ({ id: serviceId(s.key), type: 'service', data: { objectKey: s.key } })),
    size.serviceWidth,
    size.serviceHeight,
    y,
  );
  if (services.length > 0) y += size.gap;

  // Owners: top-level controllers (Deployment, CronJob, ...) in one band, what they own below.
  const owners = [...(model.owners ?? [])].sort((a, b) =>
    compareNames(`${a.kind}/${a.key}`, `${b.kind}/${b.key}`),
  );
  const ownerItem = (o: (typeof owners)[number]) => ({
    id: ownerId(`${o.kind}/${o.key}`),
    type: 'owner',
    data: { objectKey: o.key, kind: o.kind },
  });
  y = placeRow(
    owners.filter((o) => !o.parent).map(ownerItem),
    size.ownerWidth,
    size.ownerHeight,
    y,
  );
  y = placeRow(owners.filter((o) => o.parent).map(ownerItem), size.ownerWidth, size.ownerHeight, y);

  // Workers in rows; every frame of a row gets the height of the tallest so the row reads as one.
  const rows: string[][] = [];
  for (let i = 0; i < workers.length; i += size.workersPerRow)
    rows.push(workers.slice(i, i + size.workersPerRow));
  const workersTop = y;
  let firstRowHeight = 0;
  const summaryRows = (name: string) => model.summaryRows?.[name] ?? grid.rowStep;
  const workerHeight = (name: string) =>
    summarised.has(name)
      ? grid.top +
        summaryRows(name) * grid.rowPitch -
        (grid.rowPitch - grid.cellHeight) +
        size.padding
      : frameHeight(size.workerHeader, slotCount(frameId(name)));
  for (const row of rows) {
    const height = Math.max(...row.map(workerHeight));
    row.forEach((name, i) => {
      const id = frameId(name);
      frames.push({
        id,
        type: 'worker',
        position: { x: left + i * (size.frameWidth + size.gap), y },
        style: { width: size.frameWidth, height },
        data: summarised.has(name)
          ? { objectKey: name, summarised: true, rows: summaryRows(name) }
          : { objectKey: name },
      });
      if (!summarised.has(name)) addPods(id, size.workerHeader);
    });
    firstRowHeight ||= height;
    y += height + size.gap;
  }

  const laneHeader = 64;
  frames.unshift({
    id: PENDING_LANE_ID,
    type: 'pending',
    position: { x: 0, y: workersTop },
    style: {
      width: size.frameWidth,
      height: Math.max(frameHeight(laneHeader, slotCount(PENDING_LANE_ID)), firstRowHeight),
    },
    data: { objectKey: '' },
  });
  addPods(PENDING_LANE_ID, laneHeader);

  // ConfigMaps, Secrets, claims and volumes: a column right of the workers, beside their pods.
  const configs = model.configs ?? [];
  const configLeft =
    left +
    Math.min(size.workersPerRow, Math.max(1, workers.length)) * (size.frameWidth + size.gap) +
    size.gap;
  configs.forEach((config, i) => {
    frames.push({
      id: configId(config.kind, config.key),
      type: 'config',
      position: { x: configLeft, y: workersTop + i * (size.configHeight + size.podGap) },
      style: { width: size.configWidth, height: size.configHeight },
      data: { objectKey: config.key, kind: config.kind, exists: config.exists },
    });
  });

  const podIds = new Set(model.pods.map((p) => p.key));
  const edges: Edge[] = [];
  const ingressTargets = new Set<string>();
  for (const ingress of ingresses) {
    for (const route of ingress.routes) {
      const id = `${ingressId(ingress.key)}->${route.service}|${route.label}`;
      if (!services.some((s) => s.key === route.service) || ingressTargets.has(id)) continue;
      ingressTargets.add(id);
      edges.push({
        id,
        source: ingressId(ingress.key),
        target: serviceId(route.service),
        label: route.label,
        className: 'ingress-edge',
        ariaLabel: `Ingress ${ingress.key} routes ${route.label} to Service ${route.service}`,
        labelBgPadding: [4, 2],
      });
    }
  }
  for (const service of services) {
    for (const [list, className] of [
      [service.pods, 'service-edge'],
      [service.notReady ?? [], 'service-edge not-ready'],
    ] as const) {
      for (const pod of list) {
        if (!podIds.has(pod)) continue;
        edges.push({
          id: `${serviceId(service.key)}->${pod}`,
          source: serviceId(service.key),
          target: podId(pod),
          targetHandle: 'top',
          className,
          ariaLabel: `Service ${service.key} to pod ${pod}, ${className.includes('not-ready') ? 'not ready' : 'ready'} endpoint`,
        });
      }
    }
  }
  for (const config of configs) {
    const source = configId(config.kind, config.key);
    if (config.claim) {
      edges.push({
        id: `${source}->claim`,
        source,
        sourceHandle: 'left',
        target: configId('PersistentVolumeClaim', config.claim),
        targetHandle: 'left-in',
        className: 'config-edge',
      });
    }
    for (const pod of config.pods) {
      if (!podIds.has(pod)) continue;
      edges.push({
        id: `${source}->${pod}`,
        source,
        sourceHandle: 'left',
        target: podId(pod),
        targetHandle: 'right',
        className: 'config-edge',
      });
    }
  }
  for (const owner of owners) {
    const source = ownerId(`${owner.kind}/${owner.key}`);
    if (owner.parent) {
      edges.push({
        id: `${ownerId(owner.parent)}->${source}`,
        source: ownerId(owner.parent),
        target: source,
        className: 'owner-edge',
      });
    }
    for (const pod of owner.pods) {
      if (!podIds.has(pod)) continue;
      edges.push({
        id: `${source}->${pod}`,
        source,
        target: podId(pod),
        targetHandle: 'top',
        className: 'owner-edge',
      });
    }
  }
  // React Flow needs parents before children.
  return { nodes: [...mapped(frames), ...mapped(children)], edges };
}

/**
 * Gives every element but pods its size as React Flow's own width and height: the minimap draws
 * only nodes whose size it knows (a diagram that takes no node changes back never reports the
 * measured ones), so it shows the map of frames, lanes, services and configs, not a rect per pod.
 */
function mapped(nodes: DiagramNode[]): DiagramNode[] {
  for (const n of nodes) {
    const { width, height } = n.style ?? {};
    if (n.type !== 'pod' && typeof width === 'number' && typeof height === 'number') {
      n.width = width;
      n.height = height;
    }
  }
  return nodes;
}

/**
 * Returns `next` with every node that did not change replaced by its previous object, so React
 * Flow (which compares node objects by reference) only reprocesses what moved or resized; and
 * `previous` itself when nothing changed at all, so React Flow's store is not updated (each
 * update runs the selector of every drawn node).
 */
export function reuseUnchanged(
  previous: readonly DiagramNode[],
  next: DiagramNode[],
): DiagramNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  const reused = next.map((n) => {
    const old = before.get(n.id);
    if (
      old &&
      old.type === n.type &&
      old.parentId === n.parentId &&
      old.position.x === n.position.x &&
      old.position.y === n.position.y &&
      old.style?.width === n.style?.width &&
      old.style?.height === n.style?.height &&
      old.data.objectKey === n.data.objectKey &&
      old.data.kind === n.data.kind &&
      old.data.summarised === n.data.summarised &&
      old.data.rows === n.data.rows &&
      old.data.ghost === n.data.ghost &&
      old.data.exists === n.data.exists
    ) {
      return old;
    }
    return n;
  });
  const same = reused.length === previous.length && reused.every((n, i) => n === previous[i]);
  return same ? (previous as DiagramNode[]) : reused;
}

/**
 * True when both edges draw the same connection the same way: the same fields with equal values
 * (the few objects among them, such as label padding, compared as JSON).
 */
function sameEdge(a: Edge, b: Edge): boolean {
  const keys = Object.keys(a) as (keyof Edge)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x !== y && (typeof x !== 'object' || JSON.stringify(x) !== JSON.stringify(y))) return false;
  }
  return true;
}

/**
 * `previous` when `next` holds the same edges in the same order (a layout builds new edge
 * objects every time, most often the same ones), else `next`: React Flow's store then takes new
 * edges only when they changed (each update runs the selector of every drawn node).
 */
export function reuseUnchangedEdges(previous: readonly Edge[], next: Edge[]): Edge[] {
  const same = next.length === previous.length && next.every((e, i) => sameEdge(e, previous[i]));
  return same ? (previous as Edge[]) : next;
}

/**
 * Holds back the pods a layout adds beyond the first `limit` (pods in `next` but not in
 * `previous`, in drawing order), with their edges, for a later pass. Mounting a React Flow node
 * costs about a millisecond (its elements, measuring), so a Deployment's burst of pods landing on
 * nodes drawn one by one made frames of hundreds of milliseconds; added `limit` at a time, each
 * pass stays short. Their slots are already reserved, so nothing moves when they appear.
 */
export function limitNewPods(
  previous: readonly DiagramNode[],
  nodes: DiagramNode[],
  edges: Edge[],
  limit: number,
): { nodes: DiagramNode[]; edges: Edge[]; held: number } {
  const before = new Set(previous.map((n) => n.id));
  const held = new Set<string>();
  let added = 0;
  for (const n of nodes) {
    if (n.type !== 'pod' || n.data.ghost || before.has(n.id)) continue;
    if (added < limit) added++;
    else held.add(n.id);
  }
  if (held.size === 0) return { nodes, edges, held: 0 };
  return {
    nodes: nodes.filter((n) => !held.has(n.id)),
    edges: edges.filter((e) => !held.has(e.source) && !held.has(e.target)),
    held: held.size,
  };
}
