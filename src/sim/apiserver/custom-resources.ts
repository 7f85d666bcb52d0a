/**
 * CustomResourceDefinitions (apiextensions-apiserver): placeholder while the full version lands.
 */
import type { ChangeRecord } from './registry.ts';
import type { KubeApiServer } from './apiserver.ts';
import type { ResourceInfo } from './resources.ts';
import type { Strategy } from './strategy.ts';

export class CustomResources {
  constructor(private readonly server: KubeApiServer) {}

  /** Served custom resources. */
  resources(): ResourceInfo[] {
    return [];
  }

  /** Validation of custom resources against their CRD schema. */
  strategyFor(_info: ResourceInfo): Strategy | undefined {
    return undefined;
  }

  /** Watches CRD changes. */
  observe(_change: ChangeRecord): void {
    void this.server;
  }
}
