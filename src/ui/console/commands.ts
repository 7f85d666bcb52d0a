/**
 * The console's few commands until the kubectl console arrives: `get <kind>` lists objects from
 * the API, `GET <path>` shows a raw API response, `help`. Output is returned as lines.
 */
import type { KubeClient } from '../../client/client';
import { errorMessage } from '../../client/client';
import { collectionPath, resourceForKind } from '../../client/resources';
import type { KubeObject } from '../../sim/api/types';

const aliases: Record<string, string> = {
  po: 'Pod',
  pod: 'Pod',
  pods: 'Pod',
  no: 'Node',
  node: 'Node',
  nodes: 'Node',
  svc: 'Service',
  service: 'Service',
  services: 'Service',
  deploy: 'Deployment',
  deployment: 'Deployment',
  deployments: 'Deployment',
  rs: 'ReplicaSet',
  replicaset: 'ReplicaSet',
  replicasets: 'ReplicaSet',
  ns: 'Namespace',
  namespace: 'Namespace',
  namespaces: 'Namespace',
  ev: 'Event',
  event: 'Event',
  events: 'Event',
  cm: 'ConfigMap',
  configmap: 'ConfigMap',
  configmaps: 'ConfigMap',
};

export const HELP = [
  'commands: get <pods|nodes|services|deployments|replicasets|namespaces|events|configmaps>',
  '          GET <api path>   (e.g. GET /api/v1/namespaces/default/pods)',
  '          clear',
];

const MAX_JSON_LINES = 60;

/** Runs one console line; returns the lines to print. */
export async function runCommand(
  client: KubeClient,
  line: string,
): Promise<{ lines: string[]; ok: boolean }> {
  const words = line
    .trim()
    .replace(/^kubectl\s+/, '')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return { lines: [], ok: true };
  if (words[0] === 'help') return { lines: HELP, ok: true };
  if (words[0] === 'GET' && words[1]?.startsWith('/')) {
    const [path, search] = words[1].split('?');
    const query = Object.fromEntries(new URLSearchParams(search ?? ''));
    const response = await client.request({ method: 'GET', path, query });
    const json = JSON.stringify(response.body, null, 2).split('\n');
    const shown =
      json.length > MAX_JSON_LINES
        ? [...json.slice(0, MAX_JSON_LINES), `… ${json.length - MAX_JSON_LINES} more lines`]
        : json;
    return { lines: [`HTTP ${response.status}`, ...shown], ok: response.status < 400 };
  }
  if (words[0] === 'get' && words[1]) {
    const kind = aliases[words[1].toLowerCase()];
    const info = kind ? resourceForKind(kind) : undefined;
    if (!info)
      return { lines: [`error: the server doesn't have a resource type "${words[1]}"`], ok: false };
    const response = await client.request({ method: 'GET', path: collectionPath(info) });
    if (response.status !== 200)
      return { lines: [`Error from server: ${errorMessage(response)}`], ok: false };
    const items = (response.body as { items?: KubeObject[] }).items ?? [];
    if (items.length === 0) return { lines: ['No resources found'], ok: true };
    const rows = items.map((o) => [
      info.namespaced ? (o.metadata?.namespace ?? '') : '',
      o.metadata?.name ?? '',
      summary(o),
    ]);
    const header = [info.namespaced ? 'NAMESPACE' : '', 'NAME', 'STATUS'];
    return { lines: table([header, ...rows]), ok: true };
  }
  return { lines: [`unknown command: ${line.trim()} (try help)`], ok: false };
}

function summary(object: KubeObject): string {
  const status = (object.status ?? {}) as {
    phase?: string;
    conditions?: { type: string; status: string }[];
    readyReplicas?: number;
  };
  if (object.kind === 'Node') {
    return status.conditions?.find((c) => c.type === 'Ready')?.status === 'True'
      ? 'Ready'
      : 'NotReady';
  }
  if (status.phase) return status.phase;
  const spec = (object.spec ?? {}) as { replicas?: number };
  if (spec.replicas !== undefined) return `${status.readyReplicas ?? 0}/${spec.replicas} ready`;
  return '';
}

function table(rows: string[][]): string[] {
  // Drop columns that are empty everywhere (NAMESPACE for cluster-scoped kinds).
  const keep = rows[0]
    .map((_, i) => rows.some((r) => r[i] !== ''))
    .flatMap((k, i) => (k ? [i] : []));
  const widths = keep.map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    keep
      .map((col, j) => (j === keep.length - 1 ? r[col] : r[col].padEnd(widths[j] + 3)))
      .join('')
      .trimEnd(),
  );
}
