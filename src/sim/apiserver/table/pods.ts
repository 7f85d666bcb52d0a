/**
 * The pod printer of kube-apiserver 1.32 (pkg/printers/internalversion/printers.go `printPod`):
 * READY counts ready containers (plus started sidecars), STATUS walks init containers then
 * containers from last to first, RESTARTS shows `N (age ago)` of the last termination.
 */
import type { KubeObject } from '../../api/types';
import { parseTimestamp, translateTimestampSince, humanDuration } from './duration';
import {
  ageColumn,
  col,
  field,
  list,
  nameColumn,
  num,
  str,
  type ResourcePrinter,
  type RowCondition,
} from './format';

// pkg/util/node NodeUnreachablePodReason
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

function isRestartableInitContainer(container: unknown): boolean {
  // podutil.IsRestartableInitContainer: restartPolicy Always on an init container (sidecar).
  return field(container, 'restartPolicy') === 'Always';
}

function conditionTrue(conditions: unknown, type: string): boolean {
  return list(conditions).some(
    (condition) => field(condition, 'type') === type && field(condition, 'status') === 'True',
  );
}

/** The STATUS, READY and RESTARTS cells of a pod. */
export function podStatusCells(
  pod: KubeObject,
  nowMs: number,
): { ready: string; reason: string; restarts: string } {
  const spec = pod.spec;
  const status = pod.status;
  const initContainers = list(field(spec, 'initContainers'));
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = list(field(spec, 'containers')).length;
  let readyContainers = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  const phase = str(field(status, 'phase'));
  let reason = str(field(status, 'reason')) || phase;

  for (const condition of list(field(status, 'conditions'))) {
    if (
      field(condition, 'type') === 'PodScheduled' &&
      field(condition, 'reason') === 'SchedulingGated'
    )
      reason = 'SchedulingGated';
  }

  const initByName = new Map<string, unknown>();
  for (const container of initContainers) {
    initByName.set(str(field(container, 'name')), container);
    if (isRestartableInitContainer(container)) totalContainers++;
  }

  const finishedAt = (container: unknown): number =>
    parseTimestamp(field(container, 'lastState', 'terminated', 'finishedAt')) ?? 0;

  let initializing = false;
  const initStatuses = list(field(status, 'initContainerStatuses'));
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i];
    const restartCount = num(field(container, 'restartCount'));
    restarts += restartCount;
    if (field(container, 'lastState', 'terminated') !== undefined)
      lastRestart = Math.max(lastRestart, finishedAt(container));
    const restartable = isRestartableInitContainer(initByName.get(str(field(container, 'name'))));
    if (restartable) {
      restartableInitRestarts += restartCount;
      if (field(container, 'lastState', 'terminated') !== undefined) {
        lastRestartableInitRestart = Math.max(lastRestartableInitRestart, finishedAt(container));
      }
    }
    const terminated = field(container, 'state', 'terminated');
    const waitingReason = str(field(container, 'state', 'waiting', 'reason'));
    if (terminated !== undefined && num(field(terminated, 'exitCode')) === 0) continue;
    if (restartable && field(container, 'started') === true) {
      if (field(container, 'ready') === true) readyContainers++;
      continue;
    }
    if (terminated !== undefined) {
      const terminatedReason = str(field(terminated, 'reason'));
      if (terminatedReason === '') {
        const signal = num(field(terminated, 'signal'));
        reason =
          signal !== 0
            ? `Init:Signal:${signal}`
            : `Init:ExitCode:${num(field(terminated, 'exitCode'))}`;
      } else {
        reason = `Init:${terminatedReason}`;
      }
    } else if (waitingReason !== '' && waitingReason !== 'PodInitializing') {
      reason = `Init:${waitingReason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(field(status, 'conditions'), 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = list(field(status, 'containerStatuses'));
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i];
      restarts += num(field(container, 'restartCount'));
      if (field(container, 'lastState', 'terminated') !== undefined)
        lastRestart = Math.max(lastRestart, finishedAt(container));
      const waitingReason = str(field(container, 'state', 'waiting', 'reason'));
      const terminated = field(container, 'state', 'terminated');
      if (field(container, 'state', 'waiting') !== undefined && waitingReason !== '') {
        reason = waitingReason;
      } else if (terminated !== undefined && str(field(terminated, 'reason')) !== '') {
        reason = str(field(terminated, 'reason'));
      } else if (terminated !== undefined) {
        const signal = num(field(terminated, 'signal'));
        reason =
          signal !== 0 ? `Signal:${signal}` : `ExitCode:${num(field(terminated, 'exitCode'))}`;
      } else if (
        field(container, 'ready') === true &&
        field(container, 'state', 'running') !== undefined
      ) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod with a container still running is "Running" (or "NotReady") even if another completed.
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(field(status, 'conditions'), 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined;
  if (deleting && str(field(status, 'reason')) === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== 0)
    restartsText = `${restarts} (${humanDuration(nowMs - lastRestart)} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, reason, restarts: restartsText };
}

function readinessGates(pod: KubeObject): string {
  const gates = list(field(pod.spec, 'readinessGates'));
  if (gates.length === 0) return '<none>';
  const conditions = list(field(pod.status, 'conditions'));
  let trueConditions = 0;
  for (const gate of gates) {
    const condition = conditions.find((c) => field(c, 'type') === field(gate, 'conditionType'));
    if (condition !== undefined && field(condition, 'status') === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}

export const podPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    col('IP', 'string', 'podIP address allocated to the pod.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    col(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
      1,
    ),
    col(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      1,
    ),
  ],
  cells(pod, { nowMs }) {
    const { ready, reason, restarts } = podStatusCells(pod, nowMs);
    const podIPs = list(field(pod.status, 'podIPs'));
    const podIP = str(field(podIPs[0], 'ip')) || '<none>';
    return [
      pod.metadata?.name ?? '',
      ready,
      reason,
      restarts,
      translateTimestampSince(pod.metadata?.creationTimestamp, nowMs),
      podIP,
      str(field(pod.spec, 'nodeName')) || '<none>',
      str(field(pod.status, 'nominatedNodeName')) || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(pod): RowCondition[] | undefined {
    switch (field(pod.status, 'phase')) {
      case 'Succeeded':
        return [
          {
            type: 'Completed',
            status: 'True',
            reason: 'Succeeded',
            message: 'The pod has completed successfully.',
          },
        ];
      case 'Failed':
        return [
          { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
        ];
      default:
        return undefined;
    }
  },
};
