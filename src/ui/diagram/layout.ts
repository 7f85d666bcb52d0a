/**
 * Where everything is drawn. A pure function of what the informers report (nodes, pods,
 * services) plus the slot memory that keeps pods in place: control planes on top, services
 * below them, then the Pending lane and the worker frames holding their pods.
 */
import type { Edge, Node } from '@xyflow/react';
import { compareNames, type SlotAllocator } from './slots';

export interface DiagramModel {
  nodes: { name: string; controlPlane: boolean }[];
  /** `nodeName` is empty while the pod is unscheduled. */
  pods: { key: string; nodeName: string }[];
  services: { key: string; pods: string[] }[];
}

/** What every drawn element carries: the key of the object it draws. */
export type DiagramNodeData = { objectKey: string };
export type DiagramNode = Node<DiagramNodeData>;

export const PENDING_LANE_ID = 'lane/pending';
const CONTROL_PLANE_COLUMNS = 2;
export const size = {
  gap: 24,
  frameWidth: 252,
  workerHeader: 78,
  controlPlaneWidth: 504,
  controlPlaneHeader: 72,
  podWidth: 228,
  podHeight: 50,
  podGap: 8,
  padding: 12,
  serviceWidth: 216,
  serviceHeight: 56,
  workersPerRow: 6,
} as const;

const podTop = (header: number, slot: number) => header + slot * (size.podHeight + size.podGap);
/** Worker frames keep room for one pod so an empty node still reads as a place pods go. */
const frameHeight = (header: number, slots: number, minSlots = 1) =>
  podTop(header, Math.max(minSlots, slots)) + size.padding - size.podGap;

/** The React Flow id of a node frame. */
export const frameId = (nodeName: string) => `node/${nodeName}`;
const podId = (key: string) => `pod/${key}`;
const serviceId = (key: string) => `service/${key}`;

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
  const slotCount = (group: string) => {
    let max = -1;
    for (const slot of assigned.get(group)?.values() ?? []) max = Math.max(max, slot);
    return max + 1;
  };

  const frames: DiagramNode[] = [];
  const children: DiagramNode[] = [];
  const addPods = (group: string, header: number, columns = 1) => {
    for (const [key, slot] of assigned.get(group) ?? []) {
      const column = slot % columns;
      children.push({
        id: podId(key),
        type: 'pod',
        parentId: group,
        extent: 'parent',
        position: {
          x: size.padding + column * (size.podWidth + size.padding),
          y: podTop(header, Math.floor(slot / columns)),
        },
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

  const services = [...model.services].sort((a, b) => compareNames(a.key, b.key));
  services.forEach((service, i) => {
    frames.push({
      id: serviceId(service.key),
      type: 'service',
      position: { x: size.frameWidth + size.gap + i * (size.serviceWidth + size.gap), y },
      style: { width: size.serviceWidth, height: size.serviceHeight },
      data: { objectKey: service.key },
    });
  });
  if (services.length > 0) y += size.serviceHeight + size.gap * 3;

  // Workers in rows; every frame of a row gets the height of the tallest so the row reads as one.
  const rows: string[][] = [];
  for (let i = 0; i < workers.length; i += size.workersPerRow)
    rows.push(workers.slice(i, i + size.workersPerRow));
  const workersTop = y;
  let firstRowHeight = 0;
  for (const row of rows) {
    const height = Math.max(
      ...row.map((n) => frameHeight(size.workerHeader, slotCount(frameId(n)))),
    );
    row.forEach((name, i) => {
      const id = frameId(name);
      frames.push({
        id,
        type: 'worker',
        position: { x: size.frameWidth + size.gap + i * (size.frameWidth + size.gap), y },
        style: { width: size.frameWidth, height },
        data: { objectKey: name },
      });
      addPods(id, size.workerHeader);
    });
    firstRowHeight ||= height;
    y += height + size.gap;
  }

  const laneHeader = 40;
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

  const podIds = new Set(model.pods.map((p) => p.key));
  const edges: Edge[] = [];
  for (const service of services) {
    for (const pod of service.pods) {
      if (!podIds.has(pod)) continue;
      edges.push({
        id: `${serviceId(service.key)}->${pod}`,
        source: serviceId(service.key),
        target: podId(pod),
        className: 'service-edge',
      });
    }
  }
  // React Flow needs parents before children.
  return { nodes: [...frames, ...children], edges };
}

/**
 * Returns `next` with every node that did not change replaced by its previous object, so React
 * Flow (which compares node objects by reference) only reprocesses what moved or resized.
 */
export function reuseUnchanged(
  previous: readonly DiagramNode[],
  next: DiagramNode[],
): DiagramNode[] {
  const before = new Map(previous.map((n) => [n.id, n]));
  return next.map((n) => {
    const old = before.get(n.id);
    if (
      old &&
      old.type === n.type &&
      old.parentId === n.parentId &&
      old.position.x === n.position.x &&
      old.position.y === n.position.y &&
      old.style?.width === n.style?.width &&
      old.style?.height === n.style?.height &&
      old.data.objectKey === n.data.objectKey
    ) {
      return old;
    }
    return n;
  });
}
