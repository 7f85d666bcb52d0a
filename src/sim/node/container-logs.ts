/**
 * Container logs. The simulated containers run no code, so their "output" is a few deterministic
 * lines derived from the image and the container's start time (what that image typically prints
 * at start), so the same cluster history always gives the same logs. The apiserver serves them as
 * `GET pods/{name}/log` (text/plain), answering with the kubelet's errors where upstream does
 * (pkg/registry/core/pod/rest/log.go, pkg/kubelet/kubelet_pods.go validateContainerLogStatus).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, Status } from '../api/types.ts';
import type { ApiServer } from '../apiserver/apiserver-types.ts';
import type { Clock } from '../clock.ts';
import { badRequest, notFound } from '../apiserver/status.ts';

/** One line of a container's log and the virtual time it was written. */
export interface LogLine {
  at: number;
  text: string;
}

function isoTime(ms: number): string {
  // eslint-disable-next-line no-restricted-globals
  return new Date(ms).toISOString();
}

function parseTime(text: string | undefined): number {
  // eslint-disable-next-line no-restricted-globals
  return Date.parse(text ?? '');
}

/** Deterministic log lines for a simulated container: what its image typically prints at start. */
export function simulatedLogLines(
  image: string,
  startedAt: string | undefined,
  podName: string,
): LogLine[] {
  const start = parseTime(startedAt);
  if (Number.isNaN(start)) return [];
  const base = (image.split('/').pop() ?? image).split(/[:@]/)[0];
  const at = (s: number) => start + s;
  const stamp = (ms: number) => {
    const d = isoTime(ms);
    return `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)} ${d.slice(11, 19)}`;
  };
  if (base === 'nginx') {
    return [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      `${stamp(at(0))} [notice] 1#1: using the "epoll" event method`,
      `${stamp(at(0))} [notice] 1#1: start worker processes`,
    ].map((text) => ({ at: at(0), text }));
  }
  if (base === 'redis') {
    return [
      `1:M ${stamp(at(0))} * Server initialized`,
      `1:M ${stamp(at(0))} * Ready to accept connections tcp`,
    ].map((text) => ({ at: at(0), text }));
  }
  return [
    {
      at: at(0),
      text: `[k8s-explorer] container of ${podName} started from image ${image} (simulated: no application output)`,
    },
  ];
}

/** Formats lines as the kubelet streams them (`--timestamps`: RFC3339Nano prefix). */
export function formatLogLines(lines: LogLine[], timestamps: boolean): string {
  return lines
    .map(
      (l) =>
        `${timestamps ? `${isoTime(l.at).replace(/\.(\d{3})Z$/, '.$1000000Z')} ` : ''}${l.text}\n`,
    )
    .join('');
}

interface ContainerStatusLike {
  name?: string;
  state?: {
    running?: { startedAt?: string };
    terminated?: { startedAt?: string };
    waiting?: { reason?: string };
  };
  lastState?: { terminated?: { startedAt?: string } };
}

/** The container a log request means (LogLocation's defaulting), or a 400 Status. */
function chooseContainer(pod: Pod, requested: string | undefined): Container | Status {
  const name = pod.metadata?.name ?? '';
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  let wanted = requested;
  if (!wanted) {
    const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
    if (containers.length === 1) wanted = containers[0].name;
    else if (annotated && containers.some((c) => c.name === annotated)) wanted = annotated;
    else {
      const names = containers.map((c) => c.name).join(' ');
      const initNames = inits.map((c) => c.name).join(' ');
      return badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${names}]` +
          (initNames ? ` or one of the init containers: [${initNames}]` : ''),
      );
    }
  }
  const found = [...containers, ...inits].find((c) => c.name === wanted);
  return found ?? badRequest(`container ${wanted} is not valid for pod ${name}`);
}

/**
 * The log text of a pod's container for a pods/log query (`container`, `previous`, `tailLines`,
 * `timestamps`, `sinceSeconds`, `limitBytes`), or the Status the kubelet/apiserver answers.
 */
export function podLogText(
  pod: Pod,
  query: Record<string, string>,
  nowMs: number,
): string | Status {
  const podName = pod.metadata?.name ?? '';
  const container = chooseContainer(pod, query.container);
  if ('code' in container) return container;
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.initContainerStatuses ?? []),
  ] as ContainerStatusLike[];
  const st = statuses.find((s) => s.name === container.name);
  let started: string | undefined;
  if (query.previous === 'true') {
    started = st?.lastState?.terminated?.startedAt;
    if (!started)
      return badRequest(
        `previous terminated container "${container.name}" in pod "${podName}" not found`,
      );
  } else {
    started = st?.state?.running?.startedAt ?? st?.state?.terminated?.startedAt;
    if (!started) {
      const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
      return badRequest(
        `container "${container.name}" in pod "${podName}" is waiting to start: ${reason}`,
      );
    }
  }
  let lines = simulatedLogLines(container.image ?? '', started, podName);
  const since = Number(query.sinceSeconds);
  if (query.sinceSeconds !== undefined && Number.isFinite(since))
    lines = lines.filter((l) => l.at >= nowMs - since * 1000);
  const tail = Number(query.tailLines);
  if (query.tailLines !== undefined && Number.isInteger(tail) && tail >= 0)
    lines = lines.slice(Math.max(0, lines.length - tail));
  let text = formatLogLines(lines, query.timestamps === 'true');
  const limit = Number(query.limitBytes);
  if (query.limitBytes !== undefined && Number.isInteger(limit) && limit > 0)
    text = text.slice(0, limit);
  return text;
}

/** Serves `GET pods/{name}/log` on `apiserver` from the simulated containers. */
export function servePodLogs(apiserver: ApiServer, clock: Clock): void {
  apiserver.setPodLogs((namespace, name, query) => {
    const res = apiserver.handle({
      method: 'GET',
      path: `/api/v1/namespaces/${namespace}/pods/${name}`,
      user: 'system:kube-apiserver',
    });
    if (res.status !== 200) return notFound('', 'pods', name);
    return podLogText(res.body as KubeObject as Pod, query, clock.now());
  });
}
