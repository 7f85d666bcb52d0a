/**
 * What a kubelet knows about each of its pods and containers: the runtime state the status manager
 * reports (pkg/kubelet/status) and the pod worker acts on. Plain data, so it can be inspected and
 * turned into a PodStatus by pure functions.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { TimerId } from '../clock.ts';
import type { ContainerBehaviour, ContainerKind } from './container-behaviour.ts';

export interface TerminatedState {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  containerID?: string;
}

export interface ContainerRuntimeState {
  name: string;
  image: string;
  kind: ContainerKind;
  behaviour: ContainerBehaviour;
  containerID?: string;
  imageID?: string;
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string; startedAtMs: number };
  terminated?: TerminatedState;
  lastTerminated?: TerminatedState;
  restartCount: number;
  ready: boolean;
  /** Startup probe passed (or none): `containerStatuses[].started`. */
  started: boolean;
  /** CrashLoopBackOff bookkeeping (client-go flowcontrol.Backoff entry). */
  backoff?: { durationMs: number; lastUpdateMs: number };
  /** Timers of the current incarnation (run time, probes), cleared on stop. */
  timers: TimerId[];
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/**
 * A pod the kubelet ended on its own account (eviction, admission rejection): reported Failed with
 * this reason and message whatever its containers did, plus `condition` (DisruptionTarget).
 */
export interface TerminalVerdict {
  reason: string;
  message: string;
  condition?: PodCondition;
  /** Rejected at admission: never started, so the status carries only phase, reason and message. */
  rejected?: boolean;
}

export interface PodRuntime {
  key: string;
  uid: string;
  pod: Pod;
  containers: ContainerRuntimeState[];
  podIP?: string;
  startTime: string;
  sandboxReady: boolean;
  /** Index in `containers` of the next init container to start. */
  nextInit: number;
  initDone: boolean;
  terminating: boolean;
  /** Terminal: no more restarts (phase Succeeded/Failed). */
  finished: boolean;
  timers: TimerId[];
  /** Waiting for ConfigMaps/Secrets/PVCs: retry count for the back-off. */
  mountAttempts: number;
  /** Set when the kubelet failed the pod itself (pkg/kubelet/eviction, kubelet rejectPod). */
  terminal?: TerminalVerdict;
}

/** Whether a container is an init container that must finish (not a sidecar). */
export function isRunToCompletionInit(c: ContainerRuntimeState): boolean {
  return c.kind === 'init';
}
