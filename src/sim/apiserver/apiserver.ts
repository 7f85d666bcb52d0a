/**
 * The simulated kube-apiserver: REST routing over the resource catalogue, the generic registry on
 * etcd, watches, discovery, and the in-process controllers that live inside a real apiserver
 * (namespace lifecycle, garbage collector, CRD establishment, event TTL). `handle` is synchronous
 * and never throws: every failure is a metav1.Status.
 */
import type { ApiRequest, ApiResponse, KubeObject, Status } from '../api/types.ts';
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
import { isTypedRequest, ResourceHandlers } from './handlers.ts';
import { ResourceIndex } from './resource-index.ts';
import { KUBERNETES_VERSION } from '../topology.ts';
import { EventTtl } from './event-ttl.ts';
import { authenticationApi, authorizationApi } from './review-apis.ts';
import type { ApiServer, ApiServerOptions, ApiService, PodLogProvider } from './apiserver-types.ts';
import type { PrinterColumn } from './table/custom-resource.ts';
import { checkAgainstSchema, definitionName, type SchemaProblems } from '../schema/index.ts';

export type { ChangeRecord } from './registry.ts';
export type { ResourceInfo } from './resources.ts';

export type { ApiServer, ApiServerOptions, ApiService, PodLogProvider } from './apiserver-types.ts';

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
  private readonly catalogue = new ResourceIndex();
  private readonly crs: CustomResources;
  private readonly gc: GarbageCollector;
  private readonly namespaces: NamespaceController;
  private readonly handlers: ResourceHandlers;
  private readonly eventTtl: EventTtl;
  private readonly apiServices: ApiService[] = [];
  /** The kubelet's log source for pods/log, when one is registered. */
  podLogs: PodLogProvider | undefined;
  /** parsePath's question, made once rather than per request. */
  private readonly namespacedFn = (group: string, version: string, resource: string): boolean =>
    this.isNamespaced(group, version, resource);

  constructor(readonly options: ApiServerOptions) {
    this.etcd = new Etcd({ historyLimit: options.historyLimit });
    this.hub = new WatchHub(options.clock, (key) => this.catalogue.resourcePrefixOf(key));
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
      enforceServiceAccounts: options.enforceServiceAccounts ?? false,
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
    const events = BUILTIN_RESOURCES.find(
      (r) => r.group === '' && r.resource === 'events',
    ) as ResourceInfo;
    this.eventTtl = new EventTtl(
      options.clock,
      this.etcd,
      options.eventTtlMs ?? 3_600_000,
      (key, revision) => this.registry.remove(events, key, 'kube-apiserver', revision),
    );
    this.etcd.watch('/registry/', this.etcd.revision(), (event) => this.hub.dispatch(event));
    for (const boot of bootstrapObjects(allocators, options.advertiseAddress ?? '172.18.0.2')) {
      const result = this.registry.create(boot.info(this), boot.namespace, boot.object, {
        user: 'kube-apiserver',
        manager: 'kube-apiserver',
        dryRun: false,
      });
      if (!result.ok) throw new Error(`bootstrap failed: ${result.status.message}`);
    }
    this.registerApiService(authorizationApi);
    this.registerApiService(authenticationApi);
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
    // Connections to a server that goes away break: clients see their watches end and re-list.
    if (!available) this.hub.closeAll();
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
    this.catalogue.add(info);
  }

  /** Unregisters a custom resource (CRD deleted). */
  unindex(info: ResourceInfo): void {
    this.catalogue.remove(info);
  }

  /** The served resource for group/version/plural. */
  lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.catalogue.lookup(group, version, resource);
  }

  private isNamespaced(group: string, version: string, resource: string): boolean {
    const info = this.lookup(group, version, resource);
    if (info) return info.namespaced;
    const service = this.apiServices.find((a) => a.group === group && a.version === version);
    return service?.resources.some((r) => r.resource === resource && r.namespaced) ?? false;
  }

  /** The storage (preferred) version of a resource by group and plural. */
  storageInfo(group: string, resource: string): ResourceInfo | undefined {
    return this.catalogue.storage(group, resource);
  }

  /** The resource stored under a key, by its etcd prefix. */
  infoForKey(key: string): ResourceInfo | undefined {
    return this.catalogue.forKey(key);
  }

  private emit(change: ChangeRecord): void {
    this.gc.observe(change);
    this.namespaces.observe(change);
    this.crs.observe(change);
    this.eventTtl.observe(change);
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
    if (path === '/version')
      return { status: 200, body: versionInfo(this.options.gitVersion ?? KUBERNETES_VERSION) };
    if (path.startsWith('/openapi/') || path === '/openapi') {
      return handleOpenApi({ ...req, path }, this.resources());
    }
    const discovery = handleDiscovery(this, path, req.accept);
    if (discovery) return discovery;
    const parsed = parsePath(path, this.namespacedFn);
    if (parsed.type !== 'resource') return respond(pathNotFound());
    for (const service of this.apiServices)
      if (service.group === parsed.path.group && service.version === parsed.path.version)
        return service.handle(req, parsed.path);
    const info = this.lookup(parsed.path.group, parsed.path.version, parsed.path.resource);
    if (!info || (parsed.path.namespace !== undefined && !info.namespaced))
      return respond(pathNotFound());
    return this.serveResource(info, parsed.path, req, query);
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
      typed: isTypedRequest(req),
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

/** /version (apimachinery version.Info) for the simulated release. */
function versionInfo(gitVersion: string): Record<string, string> {
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
