/**
 * Server-side Tables (meta.k8s.io/v1 Table) with the columns kube-apiserver 1.32 prints.
 * Work in progress: bodies are being filled in.
 */
import type { KubeObject } from '../../api/types';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface BuildTableArgs {
  group: string;
  resource: string;
  objects: KubeObject[];
  nowMs: number;
  includeObject?: IncludeObject;
  listMeta?: Record<string, unknown>;
}

/** Builds a meta.k8s.io/v1 Table for a list of objects of one resource. */
export function buildTable(args: BuildTableArgs): KubeObject {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(args.listMeta ?? {}) },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0 },
    ],
    rows: args.objects.map((object) => ({
      cells: [object.metadata?.name ?? ''],
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: object.metadata,
      },
    })),
  };
}
