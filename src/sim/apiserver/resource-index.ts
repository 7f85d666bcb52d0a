/**
 * Lookups over the served resources: by group/version/plural (routing), by group/plural (the
 * storage version, preferred), and by etcd key (watch routing, garbage collector). All O(1), and
 * without building a key string per request (nested maps by group, version and plural).
 */
import type { ResourceInfo } from './resources.ts';

/** A two-level map: outer key, then inner key. */
class Map2<V> {
  private readonly outer = new Map<string, Map<string, V>>();

  get(a: string, b: string): V | undefined {
    return this.outer.get(a)?.get(b);
  }

  has(a: string, b: string): boolean {
    return this.outer.get(a)?.has(b) ?? false;
  }

  set(a: string, b: string, value: V): void {
    let inner = this.outer.get(a);
    if (!inner) this.outer.set(a, (inner = new Map()));
    inner.set(b, value);
  }

  delete(a: string, b: string): void {
    const inner = this.outer.get(a);
    if (!inner) return;
    inner.delete(b);
    if (inner.size === 0) this.outer.delete(a);
  }
}

export class ResourceIndex {
  /** group -> version -> plural. */
  private readonly byGvr = new Map<string, Map2<ResourceInfo>>();
  private readonly byPrefix = new Map<string, ResourceInfo>();
  private readonly byGroupResource = new Map2<ResourceInfo>();

  /** Registers a resource (built-in at start, custom when its CRD is established). */
  add(info: ResourceInfo): void {
    let versions = this.byGvr.get(info.group);
    if (!versions) this.byGvr.set(info.group, (versions = new Map2()));
    versions.set(info.version, info.resource, info);
    if (info.preferred || !this.byPrefix.has(info.etcdPrefix))
      this.byPrefix.set(info.etcdPrefix, info);
    if (info.preferred || !this.byGroupResource.has(info.group, info.resource))
      this.byGroupResource.set(info.group, info.resource, info);
  }

  /** Unregisters a resource (CRD deleted). */
  remove(info: ResourceInfo): void {
    this.byGvr.get(info.group)?.delete(info.version, info.resource);
    if (this.byPrefix.get(info.etcdPrefix) === info) this.byPrefix.delete(info.etcdPrefix);
    if (this.byGroupResource.get(info.group, info.resource) === info)
      this.byGroupResource.delete(info.group, info.resource);
  }

  /** The served resource for group/version/plural. */
  lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGvr.get(group)?.get(version, resource);
  }

  /** The storage (preferred) version of a resource by group and plural. */
  storage(group: string, resource: string): ResourceInfo | undefined {
    return this.byGroupResource.get(group, resource);
  }

  /** The resource stored under a key. */
  forKey(key: string): ResourceInfo | undefined {
    return this.byPrefix.get(this.resourcePrefixOf(key).slice(0, -1));
  }

  /** The resource's key prefix (with trailing slash) of a key: cluster-scoped keys have one segment after it, namespaced two. */
  resourcePrefixOf(key: string): string {
    const p1 = key.slice(0, key.lastIndexOf('/'));
    if (this.byPrefix.has(p1)) return p1 + '/';
    return p1.slice(0, p1.lastIndexOf('/')) + '/';
  }
}
