/**
 * Drag and drop: manifest files (or folders) dropped anywhere open as tabs and are offered for
 * apply; dropped on the diagram they apply at once. Templates from the palette dropped on the
 * diagram create an object (canvas), a Service for a workload's pods (a pod or its owner) or a pod
 * pinned to a node (a node). The target is found from the element under the pointer: the
 * `data-kind`/`data-name`/`data-namespace` attributes the diagram puts on its objects, else the
 * accessible name of the group (`Node worker-1, Ready`, `Pod web-…`).
 */
import type { Connection } from '../connection';
import { applyFiles } from '../editor/editor-actions';
import { editorStore, openFiles } from '../editor/editor-store';
import { objectsOf } from '../store/cluster-store';
import type { KubeObject } from '../../sim/api/types';
import {
  pinnedPod,
  serviceFor,
  TEMPLATE_KINDS,
  templateBaseName,
  templateManifest,
  uniqueName,
  type TemplateKind,
} from './templates';

/** The drag data type the palette sets (value: the kind). */
export const TEMPLATE_MIME = 'application/x-k8s-explorer-template';
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** Files above this are not opened (a manifest is text; this protects the tab). */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 100;

export interface DropTarget {
  kind: string;
  name: string;
  namespace?: string;
}

/** The diagram object under an element, from data attributes or the group's accessible name. */
export function dropTargetOf(element: Element | null): DropTarget | undefined {
  const tagged = element?.closest<HTMLElement>('[data-kind][data-name]');
  if (tagged) {
    const { kind = '', name = '', namespace } = tagged.dataset;
    return { kind, name, ...(namespace ? { namespace } : {}) };
  }
  let group = element?.closest('[role="group"][aria-label]');
  while (group) {
    const label = group.getAttribute('aria-label') ?? '';
    const match =
      /^(Node|Pod|Deployment|ReplicaSet|StatefulSet|DaemonSet|Service) ([a-z0-9.-]+)/.exec(label);
    if (match) return { kind: match[1], name: match[2] };
    group = group.parentElement?.closest('[role="group"][aria-label]') ?? null;
  }
  return undefined;
}

/** Whether a drag carries files or a template (so the page accepts the drop). */
export function dragAccepted(types: readonly string[]): boolean {
  return types.includes('Files') || types.includes(TEMPLATE_MIME);
}

async function filesOfEntry(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile) {
    const fileEntry = entry as FileSystemFileEntry;
    out.push(await new Promise<File>((resolve, reject) => fileEntry.file(resolve, reject)));
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns the folder in batches until an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
        reader.readEntries(resolve, reject),
      );
      if (batch.length === 0) break;
      for (const child of batch) await filesOfEntry(child, out);
    }
  }
}

/** The manifest files of a drop (folders walked), as name and text; the others are reported. */
export async function readDroppedFiles(
  data: DataTransfer,
): Promise<{ files: { name: string; text: string }[]; skipped: string[] }> {
  const all: File[] = [];
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry?.() ?? null)
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length > 0 && entries.some((e) => e.isDirectory)) {
    for (const entry of entries) await filesOfEntry(entry, all);
  } else {
    all.push(...[...data.files].slice(0, MAX_FILES));
  }
  const files: { name: string; text: string }[] = [];
  const skipped: string[] = [];
  for (const file of all) {
    if (!MANIFEST_FILE.test(file.name)) skipped.push(`${file.name} (not .yaml, .yml or .json)`);
    else if (file.size > MAX_FILE_BYTES) skipped.push(`${file.name} (larger than 2 MiB)`);
    else files.push({ name: file.name.replace(/\s+/g, '-'), text: await file.text() });
  }
  return { files, skipped };
}

/** Opens dropped files as tabs; `applyNow` applies them (diagram), else offers to. */
export async function dropFiles(
  connection: Connection,
  data: DataTransfer,
  applyNow: boolean,
): Promise<void> {
  const { files, skipped } = await readDroppedFiles(data);
  const names = openFiles(files);
  const skippedLines = skipped.map((s) => ({ ok: false, message: `skipped ${s}` }));
  if (names.length === 0) {
    editorStore.setState({ results: skippedLines });
    return;
  }
  if (applyNow) {
    await applyFiles(connection.client, names);
    if (skippedLines.length > 0)
      editorStore.setState((s) => ({ results: [...s.results, ...skippedLines] }));
  } else {
    editorStore.setState({ offer: names, results: skippedLines });
  }
}

const names = (connection: Connection, kind: string) =>
  Object.values(objectsOf(connection.cluster.store.getState(), kind)).map(
    (o) => o.metadata?.name ?? '',
  );

/** The pod labels a Service should select for a workload (its selector) or a single pod. */
function selectorFor(
  connection: Connection,
  target: DropTarget,
): Record<string, string> | undefined {
  const state = connection.cluster.store.getState();
  const find = (kind: string) =>
    Object.values(objectsOf(state, kind)).find(
      (o) =>
        o.metadata?.name === target.name &&
        (!target.namespace || o.metadata?.namespace === target.namespace),
    );
  const object = find(target.kind);
  if (!object) return undefined;
  if (target.kind === 'Pod') {
    // A pod of a Deployment: select with its owner's selector, not the pod-template-hash.
    const labels = { ...(object.metadata?.labels ?? {}) };
    delete labels['pod-template-hash'];
    delete labels['controller-revision-hash'];
    delete labels['statefulset.kubernetes.io/pod-name'];
    delete labels['apps.kubernetes.io/pod-index'];
    return Object.keys(labels).length > 0 ? labels : undefined;
  }
  const spec = object.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined;
  return spec?.selector?.matchLabels;
}

function workloadName(object: KubeObject | undefined, fallback: string): string {
  const owner = object?.metadata?.ownerReferences?.[0];
  // Pods of a Deployment are owned by its ReplicaSet `<deployment>-<hash>`.
  if (owner?.kind === 'ReplicaSet') return owner.name.replace(/-[a-z0-9]{6,10}$/, '');
  return owner?.name ?? fallback;
}

/** Templates that run pods: dropped on a node, they become a pod pinned there. */
const PINNABLE = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** Handles a template dropped on the diagram at the element under the pointer. */
export async function dropTemplate(
  connection: Connection,
  kind: string,
  under: Element | null,
): Promise<void> {
  if (!(TEMPLATE_KINDS as readonly string[]).includes(kind)) return;
  const target = dropTargetOf(under);
  if (target?.kind === 'Node' && PINNABLE.has(kind)) {
    const name = uniqueName(`pinned-${target.name}`, names(connection, 'Pod'));
    const [file] = openFiles([{ name: `${name}.yaml`, text: pinnedPod(name, target.name) }]);
    await applyFiles(connection.client, [file]);
    return;
  }
  if (kind === 'Service' && target && target.kind !== 'Service') {
    const labels = selectorFor(connection, target);
    if (labels) {
      const pods = objectsOf(connection.cluster.store.getState(), 'Pod');
      const pod = Object.values(pods).find((p) => p.metadata?.name === target.name);
      const base = target.kind === 'Pod' ? workloadName(pod, target.name) : target.name;
      const name = uniqueName(base, names(connection, 'Service'));
      const namespace = target.namespace ?? pod?.metadata?.namespace ?? 'default';
      const [file] = openFiles([
        { name: `${name}-service.yaml`, text: serviceFor(name, namespace, labels) },
      ]);
      // Offered, not applied: the user sees the selector first.
      editorStore.setState({ offer: [file], results: [] });
      return;
    }
  }
  const name = uniqueName(templateBaseName(kind as TemplateKind), names(connection, kind));
  const [file] = openFiles([
    {
      name: `${name}-${kind.toLowerCase()}.yaml`,
      text: templateManifest(kind as TemplateKind, name),
    },
  ]);
  await applyFiles(connection.client, [file]);
}
