/**
 * Lookups over the served resources: by group/version/plural (routing), by group/plural (the
 * storage version, preferred), and by etcd key (watch routing, garbage collector). All O(1).
 */
import type { ResourceInfo } from './resources.ts';

export class ResourceIndex {
  private readonly byGvr = new Map<string, ResourceInfo>();
  private readonly byPrefix = new Map<string, ResourceInfo>();
  private readonly byGroupResource = new Map<string, ResourceInfo>();

  /** Registers a resource (built-in at start, custom when its CRD is established). */
  add(info: ResourceInfo): void {
    this.byGvr.set(`${info.group}/${info.version}/${info.resource}`, info);
    const gr = `${info.group}/${info.resource}`;
    if (info.preferred || !this.byPrefix.has(info.etcdPrefix))
      this.byPrefix.set(info.etcdPrefix, info);
    if (info.preferred || !this.byGroupResource.has(gr)) this.byGroupResource.set(gr, info);
  }

  /** Unregisters a resource (CRD deleted). */
  remove(info: ResourceInfo): void {
    this.byGvr.delete(`${info.group}/${info.version}/${info.resource}`);
    if (this.byPrefix.get(info.etcdPrefix) === info) this.byPrefix.delete(info.etcdPrefix);
    const gr = `${info.group}/${info.resource}`;
    if (this.byGroupResource.get(gr) === info) this.byGroupResource.delete(gr);
  }

  /** The served resource for group/version/plural. */
  lookup(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  /** The storage (preferred) version of a resource by group and plural. */
  storage(group: string, resource: string): ResourceInfo | undefined {
    return this.byGroupResource.get(`${group}/${resource}`);
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
