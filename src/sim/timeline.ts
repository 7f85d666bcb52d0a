/**
 * Scripted timelines: an experiment's timed steps, in a small line format that people can read,
 * write and share, e.g.
 *
 *   # the node dies, then comes back
 *   at 0s: apply web.yaml
 *   at 10s: stop node worker-2
 *   at 30s: kubectl scale deploy/web --replicas=5
 *   at 1m: send 100 requests to ingress/web
 *   at 6m: start node worker-2
 *
 * Times are virtual (since the cluster started): `250ms`, `10s`, `1m30s`, `2h`. Parsing is pure;
 * the host (Worker) executes each step when the virtual clock reaches it, so replays are exact.
 */

export type TimelineAction =
  | { type: 'apply'; file: string }
  | { type: 'delete'; file: string }
  | { type: 'kubectl'; args: string }
  | { type: 'node'; op: 'stop' | 'start' | 'remove'; node: string }
  | { type: 'add-node' }
  | { type: 'component'; op: 'stop' | 'start'; component: string }
  | { type: 'kill-pod'; pod: string }
  | { type: 'traffic'; count: number; target: string };

export interface TimelineStep {
  /** Virtual milliseconds since the cluster started. */
  atMs: number;
  action: TimelineAction;
  /** 1-based line in the source text. */
  line: number;
}

export interface TimelineError {
  line: number;
  message: string;
}

/** Limits that keep a shared timeline from exhausting the browser. */
export const TIMELINE_LIMITS = {
  maxSteps: 1_000,
  maxAtMs: 7 * 24 * 3_600_000,
  maxRequests: 10_000,
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `1m30s`, `250ms`, `10s`, `2h` into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(match[1]) * UNIT_MS[match[2]];
  return Math.round(total);
}

/** Formats milliseconds back into the shortest duration text (`90000` -> `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.round(ms);
  let out = '';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  if (rest > 0) out += `${rest}ms`;
  return out;
}

const COMPONENTS = new Set([
  'kube-scheduler',
  'kube-controller-manager',
  'kube-apiserver',
  'etcd',
  'cloud-controller-manager',
]);
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function parseAction(text: string): TimelineAction | string {
  const words = text.trim().split(/\s+/);
  const [verb, ...rest] = words;
  switch (verb) {
    case 'apply':
    case 'delete':
      if (rest.length !== 1) return `"${verb}" takes one file name, e.g. "${verb} web.yaml"`;
      return { type: verb, file: rest[0] };
    case 'kubectl':
      if (rest.length === 0) return '"kubectl" needs a command, e.g. "kubectl get pods"';
      return { type: 'kubectl', args: text.trim().slice('kubectl'.length).trim() };
    case 'stop':
    case 'start':
      if (rest[0] === 'node' && rest.length === 2 && NAME.test(rest[1]))
        return { type: 'node', op: verb, node: rest[1] };
      if (rest.length === 1 && COMPONENTS.has(rest[0]))
        return { type: 'component', op: verb, component: rest[0] };
      return `"${verb}" takes "node <name>" or a control-plane component (${[...COMPONENTS].join(', ')})`;
    case 'remove':
      if (rest[0] === 'node' && rest.length === 2 && NAME.test(rest[1]))
        return { type: 'node', op: 'remove', node: rest[1] };
      return '"remove" takes "node <name>"';
    case 'add':
      if (rest.length === 1 && rest[0] === 'node') return { type: 'add-node' };
      return '"add" takes "node"';
    case 'kill':
      if (rest[0] === 'pod' && rest.length === 2) return { type: 'kill-pod', pod: rest[1] };
      return '"kill" takes "pod <namespace/name>"';
    case 'send': {
      const m = /^send\s+(\d+)\s+requests?\s+to\s+(\S+)$/.exec(text.trim());
      if (!m) return '"send" takes "<N> requests to <service/name|ingress/name>"';
      const count = Number(m[1]);
      if (count < 1 || count > TIMELINE_LIMITS.maxRequests)
        return `request count must be between 1 and ${TIMELINE_LIMITS.maxRequests}`;
      return { type: 'traffic', count, target: m[2] };
    }
    default:
      return `unknown action "${verb ?? ''}"; expected apply, delete, kubectl, stop, start, add node, remove node, kill pod or send`;
  }
}

/** Parses a timeline; steps come back sorted by time (stable for equal times). */
export function parseTimeline(text: string): { steps: TimelineStep[]; errors: TimelineError[] } {
  const steps: TimelineStep[] = [];
  const errors: TimelineError[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const content = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!content) return;
    const m = /^at\s+(\S+)\s*:\s*(.+)$/.exec(content);
    if (!m) {
      errors.push({
        line,
        message: 'expected "at <time>: <action>", e.g. "at 10s: stop node worker-2"',
      });
      return;
    }
    const atMs = parseDuration(m[1]);
    if (atMs === undefined) {
      errors.push({ line, message: `invalid time "${m[1]}"; use e.g. 250ms, 10s, 1m30s, 2h` });
      return;
    }
    if (atMs > TIMELINE_LIMITS.maxAtMs) {
      errors.push({
        line,
        message: `time ${m[1]} is beyond the limit of ${formatDuration(TIMELINE_LIMITS.maxAtMs)}`,
      });
      return;
    }
    const action = parseAction(m[2]);
    if (typeof action === 'string') {
      errors.push({ line, message: action });
      return;
    }
    if (steps.length >= TIMELINE_LIMITS.maxSteps) {
      if (steps.length === TIMELINE_LIMITS.maxSteps)
        errors.push({ line, message: `more than ${TIMELINE_LIMITS.maxSteps} steps` });
      return;
    }
    steps.push({ atMs, action, line });
  });
  steps.sort((a, b) => a.atMs - b.atMs || a.line - b.line);
  return { steps, errors };
}

/** Writes one step back in the line format. */
export function formatStep(step: Pick<TimelineStep, 'atMs' | 'action'>): string {
  const a = step.action;
  const text = (() => {
    switch (a.type) {
      case 'apply':
      case 'delete':
        return `${a.type} ${a.file}`;
      case 'kubectl':
        return `kubectl ${a.args}`;
      case 'node':
        return `${a.op} node ${a.node}`;
      case 'add-node':
        return 'add node';
      case 'component':
        return `${a.op} ${a.component}`;
      case 'kill-pod':
        return `kill pod ${a.pod}`;
      case 'traffic':
        return `send ${a.count} requests to ${a.target}`;
    }
  })();
  return `at ${formatDuration(step.atMs)}: ${text}`;
}
