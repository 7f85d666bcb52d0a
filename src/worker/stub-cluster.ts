/**
 * TEMPORARY stand-in for createCluster while the simulated apiserver is being written: an
 * in-memory object store behind the same ApiHandler and runner interfaces, with the default
 * cluster's four Node objects. Only list, watch, get, create and merge patch; no controllers.
 */
import type { ApiHandler, ApiRequest, ApiResponse, KubeObject, WatchEvent } from '../sim/api/types';
import { formatTimestamp, VirtualClock } from '../sim/clock';
import { SimulationRunner } from '../sim/runner';
import type { HostedCluster } from './host';

const status = (code: number, reason: string, message: string) => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason, message, code },
});

/** Creates the stand-in cluster. */
export function createStubCluster(): HostedCluster {
  const clock = new VirtualClock();
  const objects = new Map<string, KubeObject>(); // full path -> object
  const watchers = new Set<{ prefix: string; emit: (e: WatchEvent) => void }>();
  let revision = 1;

  const collectionOf = (path: string) => {
    // /api/v1/namespaces/ns/pods/name -> (/api/v1/pods, /api/v1/namespaces/ns/pods)
    const m = path.replace(/\/$/, '').match(/^(\/apis?\/(?:[^/]+\/)?v[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/);
    return m ? { base: m[1], ns: m[2], plural: m[3], name: m[4] } : undefined;
  };
  const store = (path: string, object: KubeObject, type: WatchEvent['type']) => {
    objects.set(path, object);
    for (const w of watchers) {
      if (path.startsWith(w.prefix) || matchesAll(w.prefix, path)) {
        clock.setTimer(0, () => w.emit({ type, object: structuredClone(object) }));
      }
    }
  };
  const matchesAll = (prefix: string, path: string) => {
    const a = collectionOf(prefix);
    const b = collectionOf(path);
    return !!a && !!b && !a.ns && a.base === b.base && a.plural === b.plural;
  };

  const api: ApiHandler = {
    handle(req: ApiRequest): ApiResponse {
      const parts = collectionOf(req.path);
      if (!parts) return status(404, 'NotFound', `the server could not find the requested resource`);
      const isItem = !!parts.name && !(parts.plural === 'namespaces' && !parts.name);
      if (req.method === 'GET' && !isItem) {
        const items = [...objects.entries()].filter(([p]) => p.startsWith(`${req.path}/`) || matchesAll(req.path, p)).map(([, o]) => o);
        if (req.query?.watch === 'true') {
          let listener: ((e: WatchEvent) => void) | undefined;
          const buffered: WatchEvent[] = [];
          const w = { prefix: `${req.path}/`, emit: (e: WatchEvent) => (listener ? listener(e) : buffered.push(e)) };
          watchers.add(w);
          return {
            status: 200,
            body: null,
            watch: {
              onEvent(l) {
                listener = l;
                buffered.splice(0).forEach(l);
              },
              onClose() {},
              stop: () => watchers.delete(w),
            },
          };
        }
        return { status: 200, body: { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(revision) }, items } };
      }
      if (req.method === 'GET') {
        const o = objects.get(req.path);
        return o ? { status: 200, body: o } : status(404, 'NotFound', `${parts.plural} "${parts.name}" not found`);
      }
      if (req.method === 'POST' && !isItem) {
        const body = structuredClone(req.body as KubeObject);
        const name = body.metadata?.name ?? '';
        const path = `${req.path}/${name}`;
        if (objects.has(path)) return status(409, 'AlreadyExists', `${parts.plural} "${name}" already exists`);
        body.metadata = { ...body.metadata, uid: `uid-${revision}`, resourceVersion: String(++revision), creationTimestamp: formatTimestamp(clock.now()) };
        if (body.kind === 'Pod') body.status = { phase: 'Pending' };
        store(path, body, 'ADDED');
        return { status: 201, body };
      }
      if (req.method === 'PATCH' && isItem) {
        const o = objects.get(req.path);
        if (!o) return status(404, 'NotFound', `${parts.plural} "${parts.name}" not found`);
        const next = { ...o, ...(req.body as KubeObject), metadata: { ...o.metadata, resourceVersion: String(++revision) } };
        store(req.path, next, 'MODIFIED');
        return { status: 200, body: next };
      }
      return status(405, 'MethodNotAllowed', 'not supported by the stand-in cluster');
    },
  };

  const node = (name: string, controlPlane: boolean): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      resourceVersion: String(++revision),
      labels: { 'kubernetes.io/hostname': name, ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}) },
    },
    spec: controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  });
  for (const [name, cp] of [['control-plane', true], ['worker-1', false], ['worker-2', false], ['worker-3', false]] as const) {
    objects.set(`/api/v1/nodes/${name}`, node(name, cp));
  }
  return { api, runner: new SimulationRunner(clock) };
}
