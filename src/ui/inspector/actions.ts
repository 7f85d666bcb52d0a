/**
 * What the inspector's buttons do, through the Kubernetes API (as kubectl would) or, for faults
 * and traffic, through the Worker's simulation operations. Each returns the line to show.
 */
import { errorMessage } from '../../client/client';
import { objectPath, resourceForKind } from '../../client/resources';
import type { KubeObject } from '../../sim/api/types';
import type { TrafficResult } from '../../sim/network/traffic';
import type { Connection } from '../connection';
import { podNodeName } from '../diagram/model';
import { objectsOf } from '../store/cluster-store';

const splitKey = (key: string): [string | undefined, string] =>
  key.includes('/')
    ? [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)]
    : [undefined, key];

/** The API path of an object, or undefined for a kind the client does not know. */
export function pathOf(kind: string, key: string): string | undefined {
  const info = resourceForKind(kind);
  if (!info) return undefined;
  const [namespace, name] = splitKey(key);
  return objectPath(info, name, namespace);
}

/** GET the object as stored. */
export async function getObject(
  connection: Connection,
  kind: string,
  key: string,
): Promise<KubeObject> {
  const path = pathOf(kind, key);
  if (!path) throw new Error(`unknown kind ${kind}`);
  const response = await connection.client.request({ method: 'GET', path });
  if (response.status !== 200) throw new Error(errorMessage(response));
  return response.body as KubeObject;
}

async function send(
  connection: Connection,
  method: 'DELETE' | 'PATCH' | 'POST',
  path: string,
  body: unknown,
  ok: string,
  contentType?: string,
): Promise<string> {
  const response = await connection.client.request({ method, path, body, contentType });
  if (response.status >= 300) throw new Error(errorMessage(response));
  return ok;
}

/** `kubectl delete pod`. */
export function deletePod(connection: Connection, key: string): Promise<string> {
  const [, name] = splitKey(key);
  return send(connection, 'DELETE', pathOf('Pod', key) ?? '', undefined, `pod "${name}" deleted`);
}

/** `kubectl scale --replicas=n` through the scale subresource. */
export function scale(
  connection: Connection,
  kind: string,
  key: string,
  replicas: number,
): Promise<string> {
  const [, name] = splitKey(key);
  return send(
    connection,
    'PATCH',
    `${pathOf(kind, key) ?? ''}/scale`,
    { spec: { replicas } },
    `${kind.toLowerCase()}.apps/${name} scaled`,
    'application/merge-patch+json',
  );
}

/** `kubectl cordon` / `uncordon`: spec.unschedulable. */
export function cordon(
  connection: Connection,
  node: string,
  unschedulable: boolean,
): Promise<string> {
  return send(
    connection,
    'PATCH',
    pathOf('Node', node) ?? '',
    { spec: { unschedulable: unschedulable || null } },
    `node/${node} ${unschedulable ? 'cordoned' : 'uncordoned'}`,
    'application/merge-patch+json',
  );
}

/**
 * `kubectl drain --ignore-daemonsets`: cordon, then evict every pod on the node through the
 * eviction subresource (which honours PodDisruptionBudgets), skipping DaemonSet pods (their
 * controller would put them straight back) and mirror pods.
 */
export async function drain(connection: Connection, node: string): Promise<string> {
  const lines = [await cordon(connection, node, true)];
  const pods = Object.values(objectsOf(connection.cluster.store.getState(), 'Pod'));
  for (const pod of pods) {
    if (podNodeName(pod) !== node) continue;
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller);
    if (owner?.kind === 'DaemonSet') continue;
    if (pod.metadata?.annotations?.['kubernetes.io/config.mirror']) continue;
    const name = pod.metadata?.name ?? '';
    const namespace = pod.metadata?.namespace ?? 'default';
    try {
      await send(
        connection,
        'POST',
        `${pathOf('Pod', `${namespace}/${name}`) ?? ''}/eviction`,
        { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
        '',
      );
      lines.push(`pod/${name} evicted`);
    } catch (error) {
      lines.push(
        `error when evicting pods/"${name}" -n "${namespace}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  lines.push(`node/${node} drained`);
  return lines.join('\n');
}

/** Runs a simulation operation and says what happened. */
export async function simulate(
  connection: Connection,
  op: Parameters<Connection['sim']>[0],
  done: string,
): Promise<string> {
  await connection.sim(op);
  return done;
}

/** One line for a traffic trace's outcome. */
export function describeOutcome(result: TrafficResult): string {
  const o = result.outcome;
  return o.ok
    ? `${o.status} from pod ${o.namespace}/${o.pod} on ${o.node} (${o.ip}:${o.port}) via ${result.hops.length} hops`
    : `failed (${o.kind}): ${o.reason}`;
}

/** Sends one request to a Service or an Ingress (its first rule's host and path). */
export async function sendTraffic(
  connection: Connection,
  kind: string,
  object: KubeObject,
): Promise<string> {
  const ns = object.metadata?.namespace ?? 'default';
  const name = object.metadata?.name ?? '';
  let host: string | undefined;
  let path: string | undefined;
  if (kind === 'Ingress') {
    const rule = (
      object.spec as
        { rules?: { host?: string; http?: { paths?: { path?: string }[] } }[] } | undefined
    )?.rules?.[0];
    host = rule?.host;
    path = rule?.http?.paths?.[0]?.path;
  }
  const results = (await connection.sim({
    op: 'traffic',
    to: `${kind === 'Ingress' ? 'ingress' : 'service'}/${ns}/${name}`,
    count: 1,
    ...(host ? { host } : {}),
    ...(path ? { path } : {}),
  })) as TrafficResult[] | { results?: TrafficResult[] };
  const list = Array.isArray(results) ? results : (results.results ?? []);
  const last = list.at(-1);
  if (last && !last.outcome.ok) throw new Error(describeOutcome(last));
  return last ? describeOutcome(last) : 'sent';
}
