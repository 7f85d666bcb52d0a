/** Helpers for workload scenario tests on a full simulated cluster. */
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import type { Cluster } from '../cluster.ts';

export type Obj = KubeObject & {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown> & {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string }[];
  };
};

/** Lists a collection (namespace `default` unless given; '' for all). */
export function list(
  client: SimClient,
  apiVersion: string,
  resource: string,
  namespace = 'default',
): Obj[] {
  const res = client.list<Obj>(apiPath(apiVersion, resource, namespace || undefined));
  if (!res.ok) throw new Error(res.status.message);
  return res.value.items.sort((a, b) =>
    (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1,
  );
}

/** Gets an object or undefined. */
export function get(
  client: SimClient,
  apiVersion: string,
  resource: string,
  name: string,
  namespace = 'default',
): Obj | undefined {
  const res = client.get<Obj>(apiPath(apiVersion, resource, namespace || undefined, name));
  return res.ok ? res.value : undefined;
}

/** Creates an object in `default` (or its own namespace), failing the test on error. */
export function create(client: SimClient, apiVersion: string, resource: string, obj: Obj): Obj {
  const res = client.create<Obj>(
    apiPath(apiVersion, resource, obj.metadata?.namespace ?? 'default'),
    obj,
  );
  if (!res.ok) throw new Error(res.status.message);
  return res.value;
}

/** Merge-patches an object, failing the test on error. */
export function patch(
  client: SimClient,
  apiVersion: string,
  resource: string,
  name: string,
  body: unknown,
): Obj {
  const res = client.patch<Obj>(apiPath(apiVersion, resource, 'default', name), body);
  if (!res.ok) throw new Error(res.status.message);
  return res.value;
}

export const isReady = (p: Obj): boolean =>
  !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

export const isTerminating = (p: Obj): boolean => !!p.metadata?.deletionTimestamp;

/** Advances the clock in steps until `done` holds (or `maxMs` passes); returns whether it held. */
export function runUntil(
  cluster: Cluster,
  done: () => boolean,
  maxMs = 600_000,
  stepMs = 1000,
): boolean {
  const end = cluster.clock.now() + maxMs;
  while (cluster.clock.now() < end) {
    if (done()) return true;
    cluster.clock.advance(stepMs);
  }
  return done();
}

/** A Deployment of nginx pods labelled app=<name>. */
export function deployment(
  name: string,
  replicas: number,
  image = 'nginx:1.27',
  extra: Record<string, unknown> = {},
): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image, resources: { requests: { cpu: '50m', memory: '32Mi' } } },
          ],
        },
      },
      ...extra,
    },
  };
}
