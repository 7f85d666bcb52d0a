/**
 * A minimal in-memory apiserver for controller tests (not the real one): CRUD, merge patch,
 * status and scale subresources, generateName, uid/resourceVersion/generation, cascading delete
 * of dependents, and watches delivered on the virtual clock.
 */
import type {
  ApiHandler,
  ApiRequest,
  ApiResponse,
  KubeObject,
  WatchEvent,
  WatchStream,
} from '../../api/types.ts';
import { formatTimestamp, type VirtualClock } from '../../clock.ts';
import type { Rng } from '../../rng.ts';

const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'persistentvolumes']);

interface Parsed {
  resource: string;
  namespace?: string;
  name?: string;
  sub?: string;
  prefix: string;
}

function parse(path: string): Parsed | undefined {
  const parts = path.split('/').filter(Boolean);
  let i = parts[0] === 'api' ? 2 : 3;
  const prefix = parts.slice(0, i).join('/');
  let namespace: string | undefined;
  if (parts[i] === 'namespaces' && parts.length > i + 2) {
    namespace = parts[i + 1];
    i += 2;
  }
  const resource = parts[i];
  if (!resource) return undefined;
  return { resource, namespace, name: parts[i + 1], sub: parts[i + 2], prefix };
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

const status = (code: number, reason: string, message: string): ApiResponse => ({
  status: code,
  body: {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code,
    reason,
    message,
  },
});

interface Watcher {
  resource: string;
  namespace?: string;
  listener?: (e: WatchEvent) => void;
  buffer: WatchEvent[];
  stopped: boolean;
}

export class FakeApiServer implements ApiHandler {
  readonly objects = new Map<string, Map<string, KubeObject>>();
  private rv = 1;
  private readonly watchers = new Set<Watcher>();
  /** Requests seen, for assertions ("who wrote what"). */
  readonly log: { method: string; path: string; user?: string }[] = [];
  /** Makes a request fail: return a response to short-circuit. */
  intercept?: (req: ApiRequest) => ApiResponse | undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
  ) {}

  private store(resource: string): Map<string, KubeObject> {
    let m = this.objects.get(resource);
    if (!m) {
      m = new Map();
      this.objects.set(resource, m);
    }
    return m;
  }

  /** All objects of a resource. */
  all(resource: string): KubeObject[] {
    return [...this.store(resource).values()];
  }

  handle(req: ApiRequest): ApiResponse {
    if (req.method !== 'GET') this.log.push({ method: req.method, path: req.path, user: req.user });
    const hit = this.intercept?.(req);
    if (hit) return hit;
    const p = parse(req.path);
    if (!p) return status(404, 'NotFound', 'not found');
    if (p.prefix === 'apis/metrics.k8s.io/v1beta1') return status(404, 'NotFound', 'not served');
    const store = this.store(p.resource);
    const ns = CLUSTER_SCOPED.has(p.resource) ? undefined : p.namespace;
    const key = ns ? `${ns}/${p.name}` : (p.name ?? '');
    const existing = p.name ? store.get(key) : undefined;
    switch (req.method) {
      case 'GET': {
        if (p.name) {
          if (!existing) return status(404, 'NotFound', `${p.resource} "${p.name}" not found`);
          if (p.sub === 'scale') return { status: 200, body: this.scaleOf(existing) };
          return { status: 200, body: structuredClone(existing) };
        }
        if (req.query?.watch === 'true')
          return { status: 200, body: null, watch: this.watch(p.resource, ns) };
        const items = [...store.values()].filter((o) => !ns || o.metadata?.namespace === ns);
        return {
          status: 200,
          body: { items: structuredClone(items), metadata: { resourceVersion: String(this.rv) } },
        };
      }
      case 'POST': {
        const obj = structuredClone(req.body as KubeObject);
        const meta = (obj.metadata ??= {});
        if (!meta.name && meta.generateName) meta.name = meta.generateName + this.rng.suffix(5);
        if (ns) meta.namespace = ns;
        const k = ns ? `${ns}/${meta.name}` : (meta.name ?? '');
        if (store.has(k))
          return status(409, 'AlreadyExists', `${p.resource} "${meta.name}" already exists`);
        meta.uid = this.rng.uuid();
        meta.creationTimestamp = formatTimestamp(this.clock.now());
        meta.generation = 1;
        return this.write(p.resource, k, obj, 'ADDED');
      }
      case 'PUT':
      case 'PATCH': {
        if (!existing) return status(404, 'NotFound', `${p.resource} "${p.name}" not found`);
        let next: KubeObject;
        if (p.sub === 'scale') {
          const replicas = (
            req.method === 'PUT'
              ? (req.body as { spec?: { replicas?: number } })
              : (mergePatch(this.scaleOf(existing), req.body) as { spec?: { replicas?: number } })
          ).spec?.replicas;
          next = mergePatch(existing, { spec: { replicas } }) as KubeObject;
        } else {
          const body =
            req.method === 'PUT'
              ? (req.body as KubeObject)
              : (mergePatch(existing, req.body) as KubeObject);
          const wantRv = (req.body as KubeObject).metadata?.resourceVersion;
          if (wantRv && wantRv !== existing.metadata?.resourceVersion)
            return status(
              409,
              'Conflict',
              'the object has been modified; please apply your changes to the latest version and try again',
            );
          next = structuredClone(body);
          if (p.sub === 'status') next = { ...structuredClone(existing), status: next.status };
          else if (existing.status !== undefined && req.method === 'PUT')
            next.status = structuredClone(existing.status);
          next.metadata = {
            ...next.metadata,
            uid: existing.metadata?.uid,
            creationTimestamp: existing.metadata?.creationTimestamp,
            generation: existing.metadata?.generation,
          };
        }
        if (JSON.stringify(next.spec) !== JSON.stringify(existing.spec))
          next.metadata = {
            ...next.metadata,
            generation: (existing.metadata?.generation ?? 1) + 1,
          };
        const res = this.write(p.resource, key, next, 'MODIFIED');
        if (p.sub === 'scale') return { status: 200, body: this.scaleOf(res.body as KubeObject) };
        return res;
      }
      case 'DELETE': {
        if (!existing) return status(404, 'NotFound', `${p.resource} "${p.name}" not found`);
        const opts = req.body as
          { preconditions?: { uid?: string }; propagationPolicy?: string } | undefined;
        if (opts?.preconditions?.uid && opts.preconditions.uid !== existing.metadata?.uid)
          return status(409, 'Conflict', 'uid precondition failed');
        this.remove(p.resource, key, opts?.propagationPolicy === 'Orphan');
        return { status: 200, body: existing };
      }
    }
    return status(405, 'MethodNotAllowed', 'no');
  }

  private scaleOf(obj: KubeObject): KubeObject {
    const spec = obj.spec as { replicas?: number } | undefined;
    const st = obj.status as { replicas?: number } | undefined;
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: obj.metadata?.name, namespace: obj.metadata?.namespace },
      spec: { replicas: spec?.replicas ?? 0 },
      status: { replicas: st?.replicas ?? 0 },
    };
  }

  private remove(resource: string, key: string, orphan: boolean): void {
    const obj = this.store(resource).get(key);
    if (!obj) return;
    this.store(resource).delete(key);
    this.rv++;
    const gone = structuredClone(obj);
    gone.metadata = { ...gone.metadata, resourceVersion: String(this.rv) };
    this.emit(resource, { type: 'DELETED', object: gone });
    const uid = obj.metadata?.uid;
    // Garbage collection of dependents (foreground/background alike, after a tick).
    this.clock.setTimer(0, () => {
      for (const [res, store] of this.objects) {
        for (const [k, o] of [...store]) {
          const refs = o.metadata?.ownerReferences ?? [];
          if (!refs.some((r) => r.uid === uid)) continue;
          if (orphan) {
            const rest = refs.filter((r) => r.uid !== uid);
            const next = structuredClone(o);
            next.metadata = { ...next.metadata, ownerReferences: rest.length ? rest : undefined };
            this.write(res, k, next, 'MODIFIED');
          } else this.remove(res, k, false);
        }
      }
    });
  }

  private write(
    resource: string,
    key: string,
    obj: KubeObject,
    type: 'ADDED' | 'MODIFIED',
  ): ApiResponse {
    this.rv++;
    obj.metadata = { ...obj.metadata, resourceVersion: String(this.rv) };
    this.store(resource).set(key, obj);
    this.emit(resource, { type, object: structuredClone(obj) });
    return { status: type === 'ADDED' ? 201 : 200, body: structuredClone(obj) };
  }

  private emit(resource: string, event: WatchEvent): void {
    for (const w of this.watchers) {
      if (w.stopped || w.resource !== resource) continue;
      if (w.namespace && event.object.metadata?.namespace !== w.namespace) continue;
      this.clock.setTimer(0, () => {
        if (w.stopped) return;
        if (w.listener) w.listener(event);
        else w.buffer.push(event);
      });
    }
  }

  private watch(resource: string, namespace?: string): WatchStream {
    const w: Watcher = { resource, namespace, buffer: [], stopped: false };
    this.watchers.add(w);
    return {
      onEvent: (l) => {
        w.listener = l;
        for (const e of w.buffer.splice(0)) l(e);
      },
      onClose: () => {},
      stop: () => {
        w.stopped = true;
        this.watchers.delete(w);
      },
    };
  }
}
