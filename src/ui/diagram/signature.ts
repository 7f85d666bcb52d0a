/**
 * The diagram's shape, read from the informer cache: which nodes, pods, services, ingresses,
 * config/storage objects and owners are drawn, and how they connect. Returned as a string so a
 * store selector yields a primitive, and React lays the diagram out again only when placement or
 * connections change (not on every status update).
 */
import type { KubeObject } from '../../sim/api/types';
import type { ClusterState } from '../store/cluster-store';
import { objectsOf } from '../store/cluster-store';
import { namespaceVisible, type NamespaceFilter } from '../store/view-store';
import type { DiagramModel } from './layout';
import { isControlPlane, podNodeName, selects } from './model';
import { gridRows } from './zoom';

export interface SignatureOptions {
  namespace: NamespaceFilter;
  showOwners: boolean;
}

/** Above this many pods on one node, the node shows counts by phase instead of pods. */
export const PODS_PER_NODE_LIMIT = 40;
/** Above this many pods in all, every node is summarised (React Flow slows past ~1,000 elements). */
export const TOTAL_PODS_LIMIT = 1_000;

/** The kinds that own pods, in the order the overlay draws them (top to bottom). */
export const OWNER_KINDS = [
  'CronJob',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'ReplicaSet',
] as const;

const INPUT_KINDS = [
  'Node',
  'Pod',
  'Service',
  'EndpointSlice',
  'Ingress',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'PersistentVolume',
  ...OWNER_KINDS,
];

let memo: { inputs: unknown[]; value: string } | undefined;

/** The signature for the current state and view options (memoised on the kinds' identities). */
export function diagramSignature(state: ClusterState, options: SignatureOptions): string {
  const inputs: unknown[] = [
    ...INPUT_KINDS.map((kind) => objectsOf(state, kind)),
    options.namespace,
    options.showOwners,
  ];
  if (memo && inputs.every((input, i) => input === memo?.inputs[i])) return memo.value;
  const value = JSON.stringify(diagramModel(state, options));
  memo = { inputs, value };
  return value;
}

interface SliceEndpoint {
  conditions?: { ready?: boolean };
  targetRef?: { kind?: string; name?: string; namespace?: string };
}

/** Builds the model the layout draws. */
export function diagramModel(state: ClusterState, options: SignatureOptions): DiagramModel {
  const visible = (o: KubeObject) => namespaceVisible(options.namespace, o.metadata?.namespace);
  const nodes = Object.values(objectsOf(state, 'Node')).map((n) => ({
    name: n.metadata?.name ?? '',
    controlPlane: isControlPlane(n),
  }));
  const podObjects = Object.entries(objectsOf(state, 'Pod')).filter(([, p]) => visible(p));
  const pods = podObjects.map(([key, p]) => ({ key, nodeName: podNodeName(p) }));
  const podKeys = new Set(pods.map((p) => p.key));

  // Endpoints as the EndpointSlice controller published them: ready and not-ready addresses.
  const endpointsOf = new Map<string, { ready: Set<string>; notReady: Set<string> }>();
  for (const slice of Object.values(objectsOf(state, 'EndpointSlice'))) {
    const service = slice.metadata?.labels?.['kubernetes.io/service-name'];
    if (!service) continue;
    const serviceKey = `${slice.metadata?.namespace ?? ''}/${service}`;
    let entry = endpointsOf.get(serviceKey);
    if (!entry) endpointsOf.set(serviceKey, (entry = { ready: new Set(), notReady: new Set() }));
    for (const endpoint of (slice.endpoints as SliceEndpoint[] | undefined) ?? []) {
      const ref = endpoint.targetRef;
      if (ref?.kind !== 'Pod' || !ref.name) continue;
      const podKey = `${ref.namespace ?? slice.metadata?.namespace ?? ''}/${ref.name}`;
      // An absent `ready` means ready (discovery/v1 EndpointConditions).
      (endpoint.conditions?.ready === false ? entry.notReady : entry.ready).add(podKey);
    }
  }

  const services = Object.entries(objectsOf(state, 'Service'))
    .filter(([, s]) => visible(s))
    .map(([key, s]) => {
      const published = endpointsOf.get(key);
      if (published) {
        return {
          key,
          pods: [...published.ready].filter((k) => podKeys.has(k)).sort(),
          notReady: [...published.notReady].filter((k) => podKeys.has(k)).sort(),
        };
      }
      // No slice yet: the pods the selector matches, none of them an endpoint so far.
      const selector = (s.spec as { selector?: Record<string, string> } | undefined)?.selector;
      const ns = s.metadata?.namespace;
      const selected = podObjects
        .filter(([, p]) => p.metadata?.namespace === ns && selects(selector, p.metadata?.labels))
        .map(([podKey]) => podKey);
      return { key, pods: [], notReady: selected };
    });

  const ingresses = Object.entries(objectsOf(state, 'Ingress'))
    .filter(([, i]) => visible(i))
    .map(([key, ingress]) => ({ key, routes: ingressRoutes(ingress) }));

  const configs = configsUsedBy(state, podObjects);
  const owners = options.showOwners ? ownersOf(state, podObjects, visible) : [];

  const nodeNames = new Set(nodes.map((n) => n.name));
  // Pods on unknown nodes wait in the lane with the unscheduled ones (as layoutDiagram draws them).
  const groupOf = (nodeName: string) => (nodeNames.has(nodeName) ? nodeName : '');
  const perGroup = new Map<string, number>();
  for (const p of pods)
    perGroup.set(groupOf(p.nodeName), (perGroup.get(groupOf(p.nodeName)) ?? 0) + 1);
  const tooMany = (group: string) =>
    pods.length > TOTAL_PODS_LIMIT || (perGroup.get(group) ?? 0) > PODS_PER_NODE_LIMIT;
  const summarised = nodes.map((n) => n.name).filter(tooMany);
  const hidden = new Set(summarised);
  // A summarised frame reserves a compact grid cell per pod (rounded up, see zoom.ts).
  const summaryRows = Object.fromEntries(
    summarised.map((name) => [name, gridRows(perGroup.get(name) ?? 0)]),
  );
  // The Pending lane shows its count in its header; past the limit it draws no boxes either.
  const laneSummarised = tooMany('');
  return {
    nodes,
    pods: pods.filter((p) => {
      const group = groupOf(p.nodeName);
      return group ? !hidden.has(group) : !laneSummarised;
    }),
    services,
    ingresses,
    configs,
    owners,
    summarised,
    summaryRows,
  };
}

interface IngressPath {
  path?: string;
  backend?: { service?: { name?: string } };
}
interface IngressRule {
  host?: string;
  http?: { paths?: IngressPath[] };
}

/** `host/path -> service` routes of an Ingress (the default backend as `*`). */
export function ingressRoutes(ingress: KubeObject): { service: string; label: string }[] {
  const spec = (ingress.spec ?? {}) as {
    rules?: IngressRule[];
    defaultBackend?: { service?: { name?: string } };
  };
  const ns = ingress.metadata?.namespace ?? 'default';
  const routes: { service: string; label: string }[] = [];
  for (const rule of spec.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      const name = path.backend?.service?.name;
      if (name)
        routes.push({ service: `${ns}/${name}`, label: `${rule.host ?? '*'}${path.path ?? '/'}` });
    }
  }
  const fallback = spec.defaultBackend?.service?.name;
  if (fallback) routes.push({ service: `${ns}/${fallback}`, label: 'default backend' });
  return routes;
}

interface PodVolume {
  configMap?: { name?: string };
  secret?: { secretName?: string };
  persistentVolumeClaim?: { claimName?: string };
  projected?: { sources?: { configMap?: { name?: string }; secret?: { name?: string } }[] };
}
interface PodContainer {
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
  env?: {
    valueFrom?: { configMapKeyRef?: { name?: string }; secretKeyRef?: { name?: string } };
  }[];
}

/** The ConfigMaps, Secrets and claims a pod spec refers to, as `Kind/name`. */
export function podReferences(pod: KubeObject): readonly string[] {
  // The diagram's model is rebuilt on every Pod change, but most pods did not change, and a
  // pod's volumes and env are immutable (apiserver validation forbids updating them): each pod's
  // answer is kept by uid, so a status update (a new object) reuses its first object's answer.
  const uid = pod.metadata?.uid;
  if (!uid) {
    let refs = referencesOf.get(pod);
    if (!refs) referencesOf.set(pod, (refs = readReferences(pod)));
    return refs;
  }
  let refs = referencesByUid.get(uid);
  if (!refs) {
    // Bounded: a long churn creates ever new uids.
    if (referencesByUid.size >= 20_000) referencesByUid.clear();
    referencesByUid.set(uid, (refs = readReferences(pod)));
  }
  return refs;
}
const referencesOf = new WeakMap<KubeObject, readonly string[]>();
const referencesByUid = new Map<string, readonly string[]>();

function readReferences(pod: KubeObject): string[] {
  const spec = (pod.spec ?? {}) as {
    volumes?: PodVolume[];
    containers?: PodContainer[];
    initContainers?: PodContainer[];
  };
  const refs = new Set<string>();
  const add = (kind: string, name: string | undefined) => {
    // Every namespace's CA bundle, projected into every pod: not something the learner made.
    if (name && !(kind === 'ConfigMap' && name === 'kube-root-ca.crt')) refs.add(`${kind}/${name}`);
  };
  for (const v of spec.volumes ?? []) {
    add('ConfigMap', v.configMap?.name);
    add('Secret', v.secret?.secretName);
    add('PersistentVolumeClaim', v.persistentVolumeClaim?.claimName);
    for (const source of v.projected?.sources ?? []) {
      add('ConfigMap', source.configMap?.name);
      add('Secret', source.secret?.name);
    }
  }
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    for (const from of c.envFrom ?? []) {
      add('ConfigMap', from.configMapRef?.name);
      add('Secret', from.secretRef?.name);
    }
    for (const e of c.env ?? []) {
      add('ConfigMap', e.valueFrom?.configMapKeyRef?.name);
      add('Secret', e.valueFrom?.secretKeyRef?.name);
    }
  }
  return [...refs].sort();
}

function configsUsedBy(
  state: ClusterState,
  podObjects: [string, KubeObject][],
): NonNullable<DiagramModel['configs']> {
  const users = new Map<string, { kind: string; key: string; pods: string[]; exists: boolean }>();
  for (const [podKey, pod] of podObjects) {
    const ns = pod.metadata?.namespace ?? '';
    for (const ref of podReferences(pod)) {
      const [kind, name] = [ref.slice(0, ref.indexOf('/')), ref.slice(ref.indexOf('/') + 1)];
      const key = `${ns}/${name}`;
      const id = `${kind}/${key}`;
      let entry = users.get(id);
      if (!entry) {
        entry = { kind, key, pods: [], exists: Boolean(objectsOf(state, kind)[key]) };
        users.set(id, entry);
      }
      entry.pods.push(podKey);
    }
  }
  // A bound claim brings its PersistentVolume along.
  const volumes: NonNullable<DiagramModel['configs']> = [];
  for (const entry of users.values()) {
    if (entry.kind !== 'PersistentVolumeClaim') continue;
    const claim = objectsOf(state, 'PersistentVolumeClaim')[entry.key];
    const pv = (claim?.spec as { volumeName?: string } | undefined)?.volumeName;
    if (pv)
      volumes.push({
        kind: 'PersistentVolume',
        key: pv,
        pods: [],
        claim: entry.key,
        exists: Boolean(objectsOf(state, 'PersistentVolume')[pv]),
      });
  }
  return [...users.values(), ...volumes].sort((a, b) =>
    `${a.kind}/${a.key}`.localeCompare(`${b.kind}/${b.key}`),
  );
}

function ownersOf(
  state: ClusterState,
  podObjects: [string, KubeObject][],
  visible: (o: KubeObject) => boolean,
): NonNullable<DiagramModel['owners']> {
  const owners: NonNullable<DiagramModel['owners']> = [];
  const controllerOf = (o: KubeObject) =>
    o.metadata?.ownerReferences?.find((r) => r.controller) ?? o.metadata?.ownerReferences?.[0];
  for (const kind of OWNER_KINDS) {
    for (const [key, owner] of Object.entries(objectsOf(state, kind))) {
      if (!visible(owner)) continue;
      const ref = controllerOf(owner);
      const parent = ref ? `${ref.kind}/${owner.metadata?.namespace ?? ''}/${ref.name}` : undefined;
      owners.push({ kind, key, parent, pods: [] });
    }
  }
  const ownerIds = new Set(owners.map((o) => `${o.kind}/${o.key}`));
  for (const o of owners) if (o.parent && !ownerIds.has(o.parent)) o.parent = undefined;
  const podOwners: Record<string, string> = {};
  for (const [podKey, pod] of podObjects) {
    const ref = controllerOf(pod);
    const id = ref ? `${ref.kind}/${pod.metadata?.namespace ?? ''}/${ref.name}` : '';
    if (ownerIds.has(id)) podOwners[podKey] = id;
  }
  return owners.map((o) => ({
    ...o,
    pods: Object.entries(podOwners)
      .filter(([, id]) => id === `${o.kind}/${o.key}`)
      .map(([podKey]) => podKey)
      .sort(),
  }));
}
