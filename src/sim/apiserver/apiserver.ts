/**
 * The simulated kube-apiserver: REST routing over the resource catalogue, the generic registry on
 * etcd, watches, discovery, and the in-process controllers that live inside a real apiserver
 * (namespace lifecycle, garbage collector, CRD establishment, event TTL). `handle` is synchronous
 * and never throws: every failure is a metav1.Status.
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../rng.ts';
import type { ApiHandler, ApiRequest, ApiResponse, KubeObject, Status } from '../api/types.ts';
import { Etcd } from '../store/etcd.ts';
import { BUILTIN_RESOURCES, type ResourceInfo } from './resources.ts';
import { parsePath, type ResourcePath } from './request-path.ts';
export type { ResourcePath } from './request-path.ts';
import {
  Registry,
  objectKeyFor,
  type ChangeRecord,
  type WriteOptions,
  type WriteResult,
} from './registry.ts';
import { WatchHub } from './watch.ts';
import { deleteObject } from './deletion.ts';
import {
  badRequest,
  internalError,
  methodNotSupported,
  notFound,
  pathNotFound,
  respond,
  serviceUnavailable,
  forbidden,
} from './status.ts';
import { createServiceAllocators } from './service-allocator.ts';
import { createStrategies } from './strategies/index.ts';
import { handleOpenApi } from './openapi/index.ts';
import { handleDiscovery } from './discovery.ts';
import { handleSubresource } from './subresources.ts';
import { GarbageCollector } from './garbage-collector.ts';
import { NamespaceController } from './namespace-controller.ts';
import { CustomResources } from './custom-resources.ts';
import { bootstrapObjects } from './bootstrap.ts';
import { ResourceHandlers } from './handlers.ts';
import type { PrinterColumn } from './table/custom-resource.ts';
import { checkAgainstSchema, definitionName, type SchemaProblems } from '../schema/index.ts';

export type { ChangeRecord } from './registry.ts';
export type { ResourceInfo } from './resources.ts';

export interface ApiServerOptions {
  clock: Clock;
  rng: Rng;
  /** etcd history kept for watches and time travel, in revisions (default 10,000). */
  historyLimit?: number;
  /** Largest replicas/parallelism/completions accepted (default 10,000). */
  maxReplicas?: number;
  /** Freeze stored objects (tests: catches anyone mutating what the apiserver returned). */
  freezeObjects?: boolean;
  /** Service CIDR (default 10.96.0.0/12). */
  serviceCidr?: string;
  /** Address of the `kubernetes` Service's endpoint (default 172.18.0.2). */
  advertiseAddress?: string;
  /** Event TTL in ms (kube-apiserver --event-ttl, default 1 h). */
  eventTtlMs?: number;
  /** gitVersion for /version (default v1.32.2). */
  gitVersion?: string;
  /** Returns paths of unknown fields (`spec.foo`) for fieldValidation; none when absent. */
  unknownFields?: (info: ResourceInfo, obj: KubeObject) => string[];
  /** Check types and unknown fields even when a request has no fieldValidation (default false: only when asked). */
  fieldValidationByDefault?: boolean;
}

export interface ApiServer extends ApiHandler {
  readonly etcd: Etcd;
  /** Observes every stored change with the user that made it. Returns an unsubscribe function. */
  onChange(listener: (change: ChangeRecord) => void): () => void;
  /** The catalogue currently served: built-ins plus established CRDs. */
  resources(): ResourceInfo[];
  /** Simulated outage: every request gets 503. */
  setAvailable(available: boolean): void;
  /** Simulated etcd quorum loss: reads and writes fail with `etcdserver: request timed out`. */
  setEtcdQuorum(ok: boolean): void;
  /** Open watches (stats). */
  watchCount(): number;
  /**
   * Serves an aggregated API (an APIService such as metrics.k8s.io/v1beta1): its resources appear
   * in discovery and requests under /apis/{group}/{version} go to `handle`. Returns an unregister function.
   */
  registerApiService(service: ApiService): () => void;
  /** Supplies `GET pods/{name}/log` (text/plain), e.g. from the kubelet model. */
  setPodLogs(provider: PodLogProvider | undefined): void;
}

/** An aggregated API server reached through the apiserver (kube-aggregator). */
export interface ApiService {
  group: string;
  version: string;
  resources: ResourceInfo[];
  handle(req: ApiRequest, path: ResourcePath): ApiResponse;
}

/** Log text of a pod's container, or a Status when there is none (404, 400 "container ... is waiting to start"). */
export type PodLogProvider = (
  namespace: string,
  name: string,
  query: Record<string, string>,
) => string | Status;

/** Creates an apiserver with its etcd, bootstrap objects and in-process controllers. */
export function createApiServer(options: ApiServerOptions): ApiServer {
  return new KubeApiServer(options);
}

const DRY_RUN_ALL = 'All';

class KubeApiServer implements ApiServer {
  readonly etcd: Etcd;
  private readonly hub: WatchHub;
  private readonly registry: Registry;
  private readonly listeners = new Set<(change: ChangeRecord) => void>();
  private available = true;
  private readonly byGvr = new Map<string, ResourceInfo>();
  private readonly byPrefix = new Map<string, ResourceInfo>();
  private readonly crs: CustomResources;
  private readonly gc: GarbageCollector;
  private readonly namespaces: NamespaceController;
  private readonly handlers: ResourceHandlers;
  private readonly apiServices: ApiService[] = [];
  /** The kubelet's log source for pods/log, when one is registered. */
  podLogs: PodLogProvider | undefined;

  constructor(readonly options: ApiServerOptions) {
    this.etcd = new Etcd({ historyLimit: options.historyLimit });
    this.hub = new WatchHub(options.clock, (key) => this.resourcePrefixOf(key));
    const allocators = createServiceAllocators({
      rng: options.rng,
      serviceCidr: options.serviceCidr,
    });
    this.crs = new CustomResources(this);
    this.registry = new Registry({
      clock: options.clock,
      rng: options.rng,
      etcd: this.etcd,
      strategies: createStrategies(),
      allocators,
      maxReplicas: options.maxReplicas ?? 10_000,
      freezeObjects: options.freezeObjects ?? false,
      resolve: (group, resource) => this.storageInfo(group, resource),
      strategyFor: (info) => this.crs.strategyFor(info),
      onChange: (change) => this.emit(change),
      checkNamespace: (info, ns, name) => this.checkNamespace(info, ns, name),
    });
    for (const info of BUILTIN_RESOURCES) this.index(info);
    this.handlers = new ResourceHandlers(this, this.hub);
    this.gc = new GarbageCollector(this, options.clock);
    this.namespaces = new NamespaceController(this, options.clock);
    this.etcd.watch('/registry/', this.etcd.revision(), (event) => this.hub.dispatch(event));
    for (const boot of bootstrapObjects(allocators, options.advertiseAddress ?? '172.18.0.2')) {
      const result = this.registry.create(boot.info(this), boot.namespace, boot.object, {
        user: 'kube-apiserver',
        manager: 'kube-apiserver',
        dryRun: false,
      });
      if (!result.ok) throw new Error(`bootstrap failed: ${result.status.message}`);
    }
    this.startEventTtl(options.eventTtlMs ?? 3_600_000);
  }

  onChange(listener: (change: ChangeRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  resources(): ResourceInfo[] {
    const out = [...BUILTIN_RESOURCES, ...this.crs.resources()];
    for (const service of this.apiServices) out.push(...service.resources);
    return out;
  }

  registerApiService(service: ApiService): () => void {
    this.apiServices.push(service);
    return () => {
      const i = this.apiServices.indexOf(service);
      if (i >= 0) this.apiServices.splice(i, 1);
    };
  }

  setPodLogs(provider: PodLogProvider | undefined): void {
    this.podLogs = provider;
  }

  setAvailable(available: boolean): void {
    this.available = available;
  }

  setEtcdQuorum(ok: boolean): void {
    this.etcd.quorumLost = !ok;
  }

  watchCount(): number {
    return this.hub.size();
  }

  /** Internal registry access for the in-process controllers of this folder. */
  get internalRegistry(): Registry {
    return this.registry;
  }

  /** Registers a resource (built-in at start, custom when its CRD is established). */
  index(info: ResourceInfo): void {
    this.byGvr.set(`${info.group}/${info.version}/${info.resource}`, info);
    if (info.preferred || !this.byPrefix.has(info.etcdPrefix))
      this.byPrefix.set(info.etcdPrefix, info);
  }

  /** Unregisters a custom resource (CRD deleted). */
  unindex(info: ResourceInfo): void {
    this.byGvr.delete(`${info.group}/${info.version}/${info.resource}`);
    if (this.byPrefix.get(info.etcdPrefix) === info) this.byPrefix.delete(info.etcdPrefix);
  }

  /** The served resource for group/version/plural. */
  lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  private isNamespaced(group: string, version: string, resource: string): boolean {
    const info = this.lookup(group, version, resource);
    if (info) return info.namespaced;
    const service = this.apiServices.find((a) => a.group === group && a.version === version);
    return service?.resources.some((r) => r.resource === resource && r.namespaced) ?? false;
  }

  /** The storage (preferred) version of a resource by group and plural. */
  storageInfo(group: string, resource: string): ResourceInfo | undefined {
    for (const info of this.byPrefix.values())
      if (info.group === group && info.resource === resource) return info;
    return undefined;
  }

  /** The resource stored under a key, by its etcd prefix. */
  infoForKey(key: string): ResourceInfo | undefined {
    const prefix = this.resourcePrefixOf(key);
    return this.byPrefix.get(prefix.slice(0, -1));
  }

  private resourcePrefixOf(key: string): string {
    const a = key.lastIndexOf('/');
    const p1 = key.slice(0, a);
    if (this.byPrefix.has(p1)) return p1 + '/';
    const p2 = p1.slice(0, p1.lastIndexOf('/'));
    return p2 + '/';
  }

  private emit(change: ChangeRecord): void {
    this.gc.observe(change);
    this.namespaces.observe(change);
    this.crs.observe(change);
    for (const l of this.listeners) l(change);
  }

  handle(req: ApiRequest): ApiResponse {
    try {
      return this.dispatch(req);
    } catch (error) {
      return respond(internalError(error instanceof Error ? error.message : String(error)));
    }
  }

  private dispatch(req: ApiRequest): ApiResponse {
    if (!this.available)
      return respond(serviceUnavailable('the server is currently unable to handle the request'));
    const path = req.path.length > 1 && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
    const query = req.query ?? {};
    if (
      path === '/healthz' ||
      path === '/readyz' ||
      path === '/livez' ||
      path.startsWith('/healthz/') ||
      path.startsWith('/readyz/') ||
      path.startsWith('/livez/')
    ) {
      if (this.etcd.quorumLost && path !== '/livez')
        return {
          status: 500,
          body: '[-]etcd failed: reason withheld\nhealthz check failed',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        };
      return { status: 200, body: 'ok', headers: { 'content-type': 'text/plain; charset=utf-8' } };
    }
    if (path === '/version') return { status: 200, body: this.version() };
    if (path.startsWith('/openapi/') || path === '/openapi') {
      return handleOpenApi({ ...req, path }, this.resources());
    }
    const discovery = handleDiscovery(this, path, req.accept);
    if (discovery) return discovery;
    const parsed = parsePath(path, (g, v, r) => this.isNamespaced(g, v, r));
    if (parsed.type !== 'resource') return respond(pathNotFound());
    const service = this.apiServices.find(
      (a) => a.group === parsed.path.group && a.version === parsed.path.version,
    );
    if (service) return service.handle(req, parsed.path);
    const info = this.lookup(parsed.path.group, parsed.path.version, parsed.path.resource);
    if (!info || (parsed.path.namespace !== undefined && !info.namespaced))
      return respond(pathNotFound());
    return this.serveResource(info, parsed.path, req, query);
  }

  private version(): Record<string, string> {
    const gitVersion = this.options.gitVersion ?? 'v1.32.2';
    const [major, minor] = gitVersion.replace(/^v/, '').split('.');
    return {
      major,
      minor,
      gitVersion,
      gitCommit: '0000000000000000000000000000000000000000',
      gitTreeState: 'clean',
      buildDate: '2026-01-01T00:00:00Z',
      goVersion: 'go1.23.6',
      compiler: 'gc',
      platform: 'linux/amd64',
    };
  }

  private serveResource(
    info: ResourceInfo,
    path: ResourcePath,
    req: ApiRequest,
    query: Record<string, string>,
  ): ApiResponse {
    const namespace = info.namespaced ? path.namespace : undefined;
    const storage = this.storageInfo(info.group, info.resource) ?? info;
    const user = req.user ?? query.fieldManager ?? 'anonymous';
    const dryRun = query.dryRun === DRY_RUN_ALL;
    if (query.dryRun !== undefined && query.dryRun !== '' && !dryRun) {
      return respond(badRequest(`Invalid dryRun parameter: ${query.dryRun}. Valid values: "All"`));
    }
    const writeOptions: WriteOptions = {
      user,
      manager: query.fieldManager ?? req.user ?? 'unknown',
      dryRun,
      warnings: [],
    };
    if (path.subresource) {
      return handleSubresource(this, {
        info,
        storage,
        namespace,
        name: path.name ?? '',
        subresource: path.subresource,
        req,
        query,
        write: writeOptions,
      });
    }
    const isWatch = path.watchPrefix || query.watch === 'true' || query.watch === '1';
    const verb = verbOf(req.method, path.name !== undefined, isWatch);
    if (!verb || !info.verbs.includes(verb)) {
      return respond(
        methodNotSupported(info.group, info.resource, verb ?? req.method.toLowerCase()),
      );
    }
    if (this.etcd.quorumLost) return respond(internalError('etcdserver: request timed out'));
    switch (verb) {
      case 'get':
        return this.handlers.get(info, storage, namespace, path.name ?? '', req);
      case 'list':
        return this.handlers.list(info, storage, namespace, req, query);
      case 'watch':
        return this.handlers.watch(info, storage, namespace, path.name, req, query);
      case 'create':
        return this.handlers.writeResponse(
          info,
          this.handlers.create(info, storage, namespace, req.body, query, writeOptions),
          201,
          req,
          writeOptions,
        );
      case 'update':
        return this.handlers.writeResponse(
          info,
          this.handlers.update(
            info,
            storage,
            namespace,
            path.name ?? '',
            req.body,
            query,
            writeOptions,
          ),
          200,
          req,
          writeOptions,
        );
      case 'patch':
        return this.handlers.patch(
          info,
          storage,
          namespace,
          path.name ?? '',
          req,
          query,
          writeOptions,
        );
      case 'delete':
        return this.handlers.delete(
          info,
          storage,
          namespace,
          path.name ?? '',
          req,
          query,
          writeOptions,
        );
      case 'deletecollection':
        return this.handlers.deleteCollection(info, storage, namespace, req, query, writeOptions);
    }
    return respond(methodNotSupported(info.group, info.resource, verb));
  }

  /** Converts a stored object for the response (subresources use it too). */
  present(info: ResourceInfo, obj: KubeObject, req: ApiRequest): KubeObject {
    return this.handlers.present(info, obj, req);
  }

  /** A write's response with the object or the Status. */
  writeResponse(
    info: ResourceInfo,
    result: WriteResult,
    successCode: number,
    req: ApiRequest,
    opts: WriteOptions,
  ): ApiResponse {
    return this.handlers.writeResponse(info, result, successCode, req, opts);
  }

  /** Patches a stored object (subresources use it for status). */
  patchObject(
    ...args: Parameters<ResourceHandlers['patchObject']>
  ): ReturnType<ResourceHandlers['patchObject']> {
    return this.handlers.patchObject(...args);
  }

  /** What the decoder finds wrong in a body: the CRD schema for custom resources, the bundled schemas otherwise. */
  decodeProblems(info: ResourceInfo, obj: KubeObject): SchemaProblems {
    if (info.crd) return { unknownFields: this.crs.unknownFields(info, obj), typeErrors: [] };
    if (this.options.unknownFields)
      return { unknownFields: this.options.unknownFields(info, obj), typeErrors: [] };
    const def = definitionName(info.group, info.version, info.kind);
    return def ? checkAgainstSchema(obj, def) : { unknownFields: [], typeErrors: [] };
  }

  /** additionalPrinterColumns of a custom resource version (server-side Tables). */
  printerColumns(info: ResourceInfo): PrinterColumn[] | undefined {
    return info.crd ? this.crs.printerColumns(info) : undefined;
  }

  /** NamespaceLifecycle: immortal namespaces may not be deleted. */
  refuseDelete(info: ResourceInfo, name: string): Status | undefined {
    return this.namespaces.refuseDelete(info, name);
  }

  /** NamespaceLifecycle admission: the namespace must exist and not be terminating. */
  private checkNamespace(info: ResourceInfo, namespace: string, name: string): Status | undefined {
    const ns = this.etcd.get(`/registry/namespaces/${namespace}`);
    if (!ns) return notFound('', 'namespaces', namespace);
    const phase = (ns.value.status as { phase?: string } | undefined)?.phase;
    if (ns.value.metadata?.deletionTimestamp !== undefined || phase === 'Terminating') {
      const status = forbidden(
        info.group,
        info.resource,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
      status.details = {
        ...status.details,
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      };
      return status;
    }
    return undefined;
  }

  /** Deletes a stored object as a component would (GC, namespace controller), with its own identity. */
  internalDelete(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    propagationPolicy: 'Foreground' | 'Background' | 'Orphan' | undefined,
    user: string,
  ): WriteResult {
    return deleteObject(
      this.registry,
      info,
      namespace,
      name,
      { propagationPolicy },
      { user, manager: user, dryRun: false },
    ).result;
  }

  /** Writes a changed copy of a stored object (GC removing finalizers or owner references). */
  internalUpdate(
    info: ResourceInfo,
    key: string,
    change: (obj: KubeObject) => KubeObject | undefined,
    user: string,
    subresource?: string,
  ): WriteResult | undefined {
    const current = this.etcd.get(key);
    if (!current) return undefined;
    const next = change(current.value);
    if (!next) return undefined;
    return this.registry.updateFrom(
      info,
      current,
      { ...next, metadata: { ...next.metadata, resourceVersion: String(current.modRevision) } },
      { user, manager: user, dryRun: false, subresource },
    );
  }

  /** Events expire after --event-ttl; checked once a minute of virtual time. */
  private startEventTtl(ttlMs: number): void {
    const events = BUILTIN_RESOURCES.find((r) => r.resource === 'events' && r.group === '');
    if (!events) return;
    const sweep = () => {
      const cutoff = this.options.clock.now() - ttlMs;
      for (const kv of this.etcd.range(`${events.etcdPrefix}/`).kvs) {
        // Parsing a stored timestamp is deterministic (no wall clock involved).
        // eslint-disable-next-line no-restricted-globals
        const created = Date.parse(kv.value.metadata?.creationTimestamp ?? '');
        if (Number.isFinite(created) && created <= cutoff)
          this.registry.remove(events, kv.key, 'kube-apiserver');
      }
      this.options.clock.setTimer(60_000, sweep, 'event-ttl');
    };
    this.options.clock.setTimer(60_000, sweep, 'event-ttl');
  }

  /** Key of an object of a resource (controllers in this folder). */
  keyOf(info: ResourceInfo, namespace: string | undefined, name: string): string {
    return objectKeyFor(info, namespace, name);
  }
}

export type { KubeApiServer };

function verbOf(method: ApiRequest['method'], named: boolean, watch: boolean): string | undefined {
  switch (method) {
    case 'GET':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return named ? undefined : 'create';
    case 'PUT':
      return named ? 'update' : undefined;
    case 'PATCH':
      return named ? 'patch' : undefined;
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
  }
  return undefined;
}
