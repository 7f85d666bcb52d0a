/**
 * The generic registry (apiserver pkg/registry/generic/registry/store.go): create, get, list,
 * update and the write path shared by patch and subresources, on top of etcd. Objects are stored
 * in the storage version with resourceVersion = etcd modRevision, and never mutated afterwards.
 */
import type { Clock } from '../clock.ts';
import type { Rng } from '../rng.ts';
import type { KubeObject, ObjectMeta, Status } from '../api/types.ts';
import type { Etcd, KeyValue } from '../store/etcd.ts';
import type { ResourceInfo } from './resources.ts';
import type { Allocators, Strategy, StrategyContext, StrategyTable } from './strategy.ts';
import { defaultSpecOf } from './strategy.ts';
import { recordManager, validateObjectMeta } from './object-meta.ts';
import {
  alreadyExists,
  badRequest,
  conflict,
  forbidden,
  internalError,
  invalid,
  notFound,
  OPTIMISTIC_LOCK_MESSAGE,
} from './status.ts';
import { deepClone, deepEqual, deepFreeze, flat, isObject, timestamp } from './object-util.ts';
import { takeOver } from '../api/hand-over.ts';

/** One change, for observers (the UI's timeline attributes it to `user`). */
export interface ChangeRecord {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  revision: number;
  user: string;
  object: KubeObject;
  oldObject?: KubeObject;
  resource: ResourceInfo;
}

export type WriteResult =
  | { ok: true; object: KubeObject; kv?: KeyValue; unchanged?: boolean }
  | { ok: false; status: Status };

export interface WriteOptions {
  user: string;
  manager: string;
  dryRun: boolean;
  /** `Update` or `Apply` in managedFields. */
  operation?: 'Update' | 'Apply';
  subresource?: string;
  /** Warnings collected for the `Warning` header. */
  warnings?: string[];
  /** The request came from a typed (protobuf) client: no unknown fields or wrong types to find. */
  typed?: boolean;
}

export interface RegistryOptions {
  clock: Clock;
  rng: Rng;
  etcd: Etcd;
  strategies: StrategyTable;
  allocators: Allocators;
  maxReplicas: number;
  enforceServiceAccounts: boolean;
  freezeObjects: boolean;
  /** Resolves a built-in or custom resource by group and plural (storage version). */
  resolve(group: string, resource: string): ResourceInfo | undefined;
  /** Custom strategies (CRD schema validation) for resources the table does not know. */
  strategyFor?(info: ResourceInfo): Strategy | undefined;
  onChange(change: ChangeRecord): void;
  /** Whether a namespace exists and accepts new content; a Status when not. */
  checkNamespace(info: ResourceInfo, namespace: string, name: string): Status | undefined;
}

/** Resources whose update creates the object when missing (their strategies' AllowCreateOnUpdate). */
/** The message of the 400 for a create or update body that is not an object (runtime decoding). */
export const UNKNOWN_BODY_FORMAT =
  'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml';

const EMPTY_STRATEGY: Strategy = {};

const CREATE_ON_UPDATE = new Set([
  'endpoints',
  'leases',
  'events',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
]);

/** The etcd key of an object. */
export function objectKeyFor(
  info: ResourceInfo,
  namespace: string | undefined,
  name: string,
): string {
  return info.namespaced
    ? `${info.etcdPrefix}/${namespace ?? ''}/${name}`
    : `${info.etcdPrefix}/${name}`;
}

export class Registry {
  /** StrategyContext.lookup and .list, made once (contexts are built on every write). */
  private readonly lookupFn: StrategyContext['lookup'];
  private readonly listFn: StrategyContext['list'];
  /** The strategy table's entry per resource (null: none), looked up once. */
  private readonly builtInStrategies = new WeakMap<ResourceInfo, Strategy | null>();

  constructor(readonly options: RegistryOptions) {
    this.lookupFn = (group, resource, namespace, name) => {
      const target = this.options.resolve(group, resource);
      if (!target) return undefined;
      return this.options.etcd.get(objectKeyFor(target, namespace, name))?.value;
    };
    this.listFn = (group, resource, namespace) => {
      const target = this.options.resolve(group, resource);
      if (!target) return [];
      const prefix =
        target.namespaced && namespace !== undefined
          ? `${target.etcdPrefix}/${namespace}/`
          : `${target.etcdPrefix}/`;
      return this.options.etcd.range(prefix).kvs.map((kv) => kv.value);
    };
  }

  /** The strategy for a resource (empty when it has no special behaviour). */
  strategy(info: ResourceInfo): Strategy {
    let builtIn = this.builtInStrategies.get(info);
    if (builtIn === undefined) {
      builtIn = this.options.strategies[`${info.group}/${info.resource}`] ?? null;
      this.builtInStrategies.set(info, builtIn);
    }
    return builtIn ?? this.options.strategyFor?.(info) ?? EMPTY_STRATEGY;
  }

  /** A context for strategy calls. */
  context(info: ResourceInfo, dryRun: boolean): StrategyContext {
    return {
      clock: this.options.clock,
      rng: this.options.rng,
      info,
      maxReplicas: this.options.maxReplicas,
      enforceServiceAccounts: this.options.enforceServiceAccounts,
      dryRun,
      allocators: this.options.allocators,
      lookup: this.lookupFn,
      list: this.listFn,
    };
  }

  /** Current stored object. */
  get(info: ResourceInfo, namespace: string | undefined, name: string): KeyValue | undefined {
    return this.options.etcd.get(objectKeyFor(info, namespace, name));
  }

  /** Create (POST): naming, system metadata, defaulting, admission, validation, allocation, store. */
  create(
    info: ResourceInfo,
    namespace: string | undefined,
    body: unknown,
    opts: WriteOptions,
  ): WriteResult {
    if (!isObject(body)) return { ok: false, status: badRequest(UNKNOWN_BODY_FORMAT) };
    // Strategies default in place: a private copy, unless the client handed the body over.
    const obj = (takeOver(body) ? body : deepClone(body)) as KubeObject;
    const meta: ObjectMeta = isObject(obj.metadata) ? (obj.metadata as ObjectMeta) : {};
    obj.metadata = meta;
    obj.apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    obj.kind = info.kind;
    const nsError = this.applyNamespace(info, meta, namespace);
    if (nsError) return { ok: false, status: nsError };
    const generated = !meta.name && meta.generateName ? meta.generateName : undefined;
    if (generated) {
      // names.SimpleNameGenerator: the prefix plus 5 random characters.
      // RetryGenerateName (on by default since 1.31): a taken name is drawn again, up to 8 tries.
      for (let attempt = 0; attempt < 8; attempt++) {
        meta.name = meta.generateName + this.options.rng.suffix(5);
        if (!this.options.etcd.get(objectKeyFor(info, meta.namespace, meta.name))) break;
      }
    }
    if (!meta.name) {
      return {
        ok: false,
        status: invalid(info.group, info.kind, '', [
          {
            type: 'FieldValueRequired',
            field: 'metadata.name',
            detail: 'name or generateName is required',
          },
        ]),
      };
    }
    if (meta.resourceVersion) {
      // storage/etcd3/store.go Create refuses objects that carry a resourceVersion.
      return {
        ok: false,
        status: internalError('resourceVersion should not be set on objects to be created'),
      };
    }
    if (info.namespaced) {
      const nsStatus = this.options.checkNamespace(info, meta.namespace ?? '', meta.name);
      if (nsStatus) return { ok: false, status: nsStatus };
    }
    const now = this.options.clock.now();
    // Names and uids live as long as the object: keep them flat (see flat()).
    flat(meta.name);
    meta.uid = flat(this.options.rng.uuid());
    meta.creationTimestamp = timestamp(now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (info.generation) meta.generation = 1;
    else delete meta.generation;
    const strategy = this.strategy(info);
    const ctx = this.context(info, opts.dryRun);
    ctx.admissionName = generated ?? meta.name;
    // Defaulting happens while decoding, before the strategy's PrepareForCreate.
    strategy.defaults?.(obj, ctx);
    strategy.prepareForCreate?.(obj, ctx);
    const admission = strategy.admit?.(obj, undefined, ctx);
    if (admission) return { ok: false, status: admission };
    const errors = strategy.validate?.(obj, ctx) ?? [];
    errors.unshift(...validateObjectMeta(meta, info));
    if (errors.length > 0)
      return { ok: false, status: invalid(info.group, info.kind, meta.name, errors) };
    const key = objectKeyFor(info, meta.namespace, meta.name);
    // A taken name fails here when nothing else would catch it (dry run) or before allocations
    // (service IPs and ports draw random values); otherwise etcd's create-only put refuses it
    // with the same AlreadyExists, without a lookup of its own.
    if ((opts.dryRun || strategy.allocate) && this.options.etcd.get(key))
      return { ok: false, status: alreadyExists(info.group, info.resource, meta.name) };
    const allocErrors = strategy.allocate?.(obj, undefined, ctx) ?? [];
    if (allocErrors.length > 0)
      return { ok: false, status: invalid(info.group, info.kind, meta.name, allocErrors) };
    meta.managedFields = recordManager(undefined, opts, info, now);
    if (opts.dryRun) {
      strategy.release?.(obj, undefined, ctx);
      return { ok: true, object: obj };
    }
    return this.storePrivate(info, key, obj, 0, undefined, opts, strategy, ctx);
  }

  /**
   * Update (PUT) of the main resource or of `status`: optimistic concurrency on resourceVersion,
   * status/spec separation, generation, finalizer-driven removal.
   */
  update(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions,
  ): WriteResult {
    if (!isObject(body)) return { ok: false, status: badRequest(UNKNOWN_BODY_FORMAT) };
    const incoming = deepClone(body) as KubeObject;
    const meta: ObjectMeta = isObject(incoming.metadata) ? (incoming.metadata as ObjectMeta) : {};
    incoming.metadata = meta;
    if (meta.name !== undefined && meta.name !== name) {
      return {
        ok: false,
        status: badRequest(
          `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
        ),
      };
    }
    meta.name = name;
    const nsError = this.applyNamespace(info, meta, namespace);
    if (nsError) return { ok: false, status: nsError };
    const key = objectKeyFor(info, meta.namespace, name);
    const current = this.options.etcd.get(key);
    if (!current) {
      if (CREATE_ON_UPDATE.has(info.resource) && !opts.subresource) {
        delete meta.resourceVersion;
        return this.create(info, namespace, incoming, opts);
      }
      return { ok: false, status: notFound(info.group, info.resource, name) };
    }
    return this.updateFrom(info, current, incoming, opts, true);
  }

  /** The common write path for update, patch and subresources, given the full new object. */
  updateFrom(
    info: ResourceInfo,
    current: KeyValue,
    body: KubeObject,
    opts: WriteOptions,
    owned = false,
  ): WriteResult {
    // Strategies default in place: work on a private copy unless the caller already made one.
    // A status update reads only the body's status (and its metadata, without changing it).
    const incoming = owned
      ? body
      : opts.subresource === 'status'
        ? { metadata: body.metadata, status: deepClone(body.status) }
        : deepClone(body);
    const old = current.value;
    const oldMeta = old.metadata ?? {};
    const name = oldMeta.name ?? '';
    const meta: ObjectMeta = isObject(incoming.metadata) ? (incoming.metadata as ObjectMeta) : {};
    if (meta.resourceVersion && meta.resourceVersion !== String(current.modRevision)) {
      return {
        ok: false,
        status: conflict(info.group, info.resource, name, OPTIMISTIC_LOCK_MESSAGE),
      };
    }
    if (meta.uid && meta.uid !== oldMeta.uid) {
      return {
        ok: false,
        status: conflict(
          info.group,
          info.resource,
          name,
          `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${oldMeta.uid ?? ''}`,
        ),
      };
    }
    let obj: KubeObject;
    const hasStatus = info.subresources.some((s) => s.name === 'status');
    if (opts.subresource === 'status') {
      // Status updates change only status (each status strategy's PrepareForUpdate copies the rest).
      obj = { ...old, metadata: { ...oldMeta, ...pickMeta(meta) }, status: incoming.status };
    } else {
      obj = incoming;
      if (hasStatus) {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      }
    }
    obj.apiVersion = old.apiVersion;
    obj.kind = old.kind;
    const newMeta = (obj.metadata = { ...(obj.metadata as ObjectMeta) });
    // System fields are owned by the server (rest.BeforeUpdate / FillObjectMetaSystemFields).
    newMeta.name = oldMeta.name;
    if (oldMeta.namespace !== undefined) newMeta.namespace = oldMeta.namespace;
    newMeta.uid = oldMeta.uid;
    newMeta.creationTimestamp = oldMeta.creationTimestamp;
    if (oldMeta.deletionTimestamp !== undefined)
      newMeta.deletionTimestamp = oldMeta.deletionTimestamp;
    else delete newMeta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined)
      newMeta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    else delete newMeta.deletionGracePeriodSeconds;
    if (oldMeta.generateName !== undefined && newMeta.generateName === undefined)
      newMeta.generateName = oldMeta.generateName;
    newMeta.resourceVersion = String(current.modRevision);
    newMeta.managedFields = oldMeta.managedFields;
    if (oldMeta.generation !== undefined) newMeta.generation = oldMeta.generation;
    else delete newMeta.generation;
    if (oldMeta.deletionTimestamp !== undefined) {
      // Once deleting, finalizers may only be removed (apiserver ValidateObjectMetaUpdate).
      const added = (newMeta.finalizers ?? []).filter(
        (f) => !(oldMeta.finalizers ?? []).includes(f),
      );
      if (added.length > 0) {
        return {
          ok: false,
          status: forbidden(
            info.group,
            info.resource,
            name,
            `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
          ),
        };
      }
    }
    const strategy = this.strategy(info);
    const ctx = this.context(info, opts.dryRun);
    if (opts.subresource !== 'status') {
      if (opts.subresource !== 'finalize') strategy.prepareForUpdate?.(obj, old, ctx);
      strategy.defaults?.(obj, ctx);
    }
    const admission = opts.subresource === 'status' ? undefined : strategy.admit?.(obj, old, ctx);
    if (admission) return { ok: false, status: admission };
    const errors = validateObjectMeta(newMeta, info, oldMeta);
    if (opts.subresource === 'status')
      errors.push(...(strategy.validateStatus?.(obj, old, ctx) ?? []));
    else if (strategy.validateUpdate) errors.push(...strategy.validateUpdate(obj, old, ctx));
    else if (strategy.validate) errors.push(...strategy.validate(obj, ctx));
    if (errors.length > 0)
      return { ok: false, status: invalid(info.group, info.kind, name, errors) };
    if (info.generation && opts.subresource !== 'status') {
      const specOf = strategy.specOf ?? defaultSpecOf;
      if (!deepEqual(specOf(obj), specOf(old))) newMeta.generation = (oldMeta.generation ?? 0) + 1;
    }
    const key = current.key;
    if (newMeta.finalizers !== undefined && newMeta.finalizers.length === 0)
      delete newMeta.finalizers;
    if (
      newMeta.deletionTimestamp !== undefined &&
      (newMeta.finalizers ?? []).length === 0 &&
      (newMeta.deletionGracePeriodSeconds ?? 0) === 0 &&
      !namespaceFinalizersPending(info, obj)
    ) {
      // The last finalizer is gone: the object is removed (store.go deleteWithoutFinalizers).
      if (opts.dryRun) return { ok: true, object: obj };
      return this.remove(info, key, opts.user, current.modRevision);
    }
    if (deepEqual(obj, old)) return { ok: true, object: old, kv: current, unchanged: true };
    const allocErrors = strategy.allocate?.(obj, old, ctx) ?? [];
    if (allocErrors.length > 0)
      return { ok: false, status: invalid(info.group, info.kind, name, allocErrors) };
    newMeta.managedFields = recordManager(
      oldMeta.managedFields,
      opts,
      info,
      this.options.clock.now(),
    );
    if (opts.dryRun) {
      strategy.release?.(obj, old, ctx);
      return { ok: true, object: obj };
    }
    return this.storePrivate(info, key, obj, current.modRevision, old, opts, strategy, ctx);
  }

  /** Writes a prepared object to etcd (CAS on `expected`) and notifies observers. */
  store(
    info: ResourceInfo,
    key: string,
    obj: KubeObject,
    expected: number,
    old: KubeObject | undefined,
    opts: WriteOptions,
    strategy?: Strategy,
    ctx?: StrategyContext,
  ): WriteResult {
    obj.metadata = { ...obj.metadata };
    return this.storePrivate(info, key, obj, expected, old, opts, strategy, ctx);
  }

  /** store() for an object whose metadata the registry made itself (create, updateFrom). */
  private storePrivate(
    info: ResourceInfo,
    key: string,
    obj: KubeObject,
    expected: number,
    old: KubeObject | undefined,
    opts: WriteOptions,
    strategy?: Strategy,
    ctx?: StrategyContext,
  ): WriteResult {
    const etcd = this.options.etcd;
    (obj.metadata as ObjectMeta).resourceVersion = String(etcd.revision() + 1);
    if (this.options.freezeObjects) deepFreeze(obj);
    const result = etcd.put(key, obj, expected);
    if (!result.ok) {
      if (strategy && ctx) strategy.release?.(obj, old, ctx);
      const name = obj.metadata?.name ?? '';
      if (result.code === 'key-exists')
        return { ok: false, status: alreadyExists(info.group, info.resource, name) };
      if (result.code === 'mod-revision-mismatch')
        return {
          ok: false,
          status: conflict(info.group, info.resource, name, OPTIMISTIC_LOCK_MESSAGE),
        };
      if (result.code === 'key-not-found')
        return { ok: false, status: notFound(info.group, info.resource, name) };
      return { ok: false, status: internalError(result.message) };
    }
    this.options.onChange({
      type: old ? 'MODIFIED' : 'ADDED',
      // etcd's copy of the key: observers keep it (the GC's graph), and it is flat.
      key: result.kv.key,
      revision: result.kv.modRevision,
      user: opts.user,
      object: obj,
      oldObject: old,
      resource: info,
    });
    return { ok: true, object: obj, kv: result.kv };
  }

  /** Removes an object from etcd (after grace periods and finalizers), releasing its allocations. */
  remove(info: ResourceInfo, key: string, user: string, expected?: number): WriteResult {
    const result = this.options.etcd.delete(key, expected);
    if (!result.ok) {
      const name = key.slice(key.lastIndexOf('/') + 1);
      if (result.code === 'key-not-found')
        return { ok: false, status: notFound(info.group, info.resource, name) };
      if (result.code === 'mod-revision-mismatch')
        return {
          ok: false,
          status: conflict(info.group, info.resource, name, OPTIMISTIC_LOCK_MESSAGE),
        };
      return { ok: false, status: internalError(result.message) };
    }
    const old = result.prevKv.value;
    this.strategy(info).release?.(old, undefined, this.context(info, false));
    // The DELETED event carries the last state at the delete's revision.
    const deleted = {
      ...old,
      metadata: { ...old.metadata, resourceVersion: String(result.revision) },
    };
    this.options.onChange({
      type: 'DELETED',
      key: result.prevKv.key,
      revision: result.revision,
      user,
      object: deleted,
      oldObject: old,
      resource: info,
    });
    return { ok: true, object: deleted };
  }

  private readonly namespaceNames = new Map<string, string>();

  private internNamespace(ns: string): string {
    const known = this.namespaceNames.get(ns);
    if (known !== undefined) return known;
    if (this.namespaceNames.size < 10_000) this.namespaceNames.set(flat(ns), ns);
    return ns;
  }

  private applyNamespace(
    info: ResourceInfo,
    meta: ObjectMeta,
    namespace: string | undefined,
  ): Status | undefined {
    if (info.namespaced) {
      if (meta.namespace && namespace && meta.namespace !== namespace) {
        return badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      const ns = namespace ?? meta.namespace;
      if (!ns) return badRequest('an empty namespace may not be set during creation');
      // Every object of a namespace keeps one copy of its name, not one per request path.
      meta.namespace = this.internNamespace(ns);
    } else {
      delete meta.namespace;
    }
    return undefined;
  }
}

/** Namespaces also wait for spec.finalizers (the namespace controller's `kubernetes`). */
function namespaceFinalizersPending(info: ResourceInfo, obj: KubeObject): boolean {
  if (info.group !== '' || info.resource !== 'namespaces') return false;
  return ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
}

/** Metadata a status update may still change (labels/annotations are kept from the old object upstream; we accept finalizers only). */
function pickMeta(_meta: ObjectMeta): Partial<ObjectMeta> {
  return {};
}
