/**
 * How a simulated container behaves: containers run no code, so what they would do is read from
 * the pod spec and documented annotations (see README-containers.md):
 *
 * - run time: `sim.k8s-explorer.io/run-seconds` (a number, or `name=5,other=10`), else forever for
 *   an endless shell loop / `tail -f` / `sleep infinity`, else the `sleep N`s in command/args outside
 *   loop bodies (also inside `sh -c "..."`), else forever for `restartPolicy: Always` app
 *   containers and sidecars, else DEFAULT_RUN_SECONDS (Job pods, init containers: 1 s).
 * - exit code: `sim.k8s-explorer.io/exit-code` (`1` or `name=1`), else `exit N` / `false` in the
 *   command, else 0.
 * - readiness/liveness/startup probe failure: `sim.k8s-explorer.io/fail-readiness`,
 *   `.../fail-liveness`, `.../fail-startup` (`true`, or a comma list of container names).
 * - image pull failure: `sim.k8s-explorer.io/image-pull-error`, or an image whose name contains
 *   `doesnotexist`, `does-not-exist` or `nonexistent`.
 * - usage for `kubectl top`: `sim.k8s-explorer.io/cpu-usage` / `memory-usage` (quantities), else a
 *   figure derived from requests; memory usage above the limit gets the container OOMKilled. Readers
 *   drift these figures over virtual time (usage-drift.ts; `sim.k8s-explorer.io/usage-drift`).
 * - stop time on SIGTERM: `sim.k8s-explorer.io/stop-seconds`, else 0.5 s, or the whole grace period
 *   for a `sleep`/shell PID 1 that ignores SIGTERM.
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { intValue, milliValue } from '../scheduler/quantity.ts';

export const ANNOTATION_PREFIX = 'sim.k8s-explorer.io/';
export const DEFAULT_RUN_SECONDS = 5;
export const DEFAULT_INIT_RUN_SECONDS = 1;
export const DEFAULT_STOP_SECONDS = 0.5;

export type ContainerKind = 'init' | 'sidecar' | 'app';

export interface ContainerBehaviour {
  /** Seconds until the process exits on its own; undefined: runs until stopped. */
  runSeconds: number | undefined;
  exitCode: number;
  failReadiness: boolean;
  failLiveness: boolean;
  failStartup: boolean;
  imagePullError: boolean;
  /** Seconds the process takes to exit after SIGTERM (capped by the grace period). */
  stopSeconds: number | undefined;
  /** The set (or default) CPU usage, millicores; it drifts around this (usage-drift.ts). */
  milliCPUUsage: number;
  /** The set (or default) memory usage, bytes; it drifts around this (usage-drift.ts). */
  memoryUsage: number;
  /** Millicores; 0 = unlimited. */
  milliCPULimit: number;
  /** Bytes; 0 = unlimited. */
  memoryLimit: number;
}

/** The annotation that sets a container's memory usage (working set). */
export const MEMORY_USAGE_ANNOTATION = `${ANNOTATION_PREFIX}memory-usage`;

/** A container's idle memory figure without the annotation: a third of its request, else 12 MiB. */
export function defaultMemoryUsage(c: Container): number {
  const requests = (c.resources?.requests ?? c.resources?.limits ?? {}) as Record<string, unknown>;
  const reqMem = intValue(requests.memory);
  return reqMem ? Math.round(reqMem / 3) : 12 * 2 ** 20;
}

/** Reads `value` or `name=value,...` for `container`. */
export function annotationFor(pod: Pod, key: string, container: string): string | undefined {
  const raw = pod.metadata?.annotations?.[ANNOTATION_PREFIX + key];
  if (raw === undefined) return undefined;
  if (!raw.includes('=')) return raw.trim();
  for (const part of raw.split(',')) {
    const [name, value] = part.split('=');
    if (name?.trim() === container) return value?.trim();
  }
  return undefined;
}

function flagFor(pod: Pod, key: string, container: string): boolean {
  const raw = pod.metadata?.annotations?.[ANNOTATION_PREFIX + key];
  if (raw === undefined) return false;
  const v = raw.trim();
  if (v === 'true' || v === '') return true;
  if (v === 'false') return false;
  return v.split(',').some((n) => n.trim() === container);
}

function commandText(c: Container): string {
  return [...(c.command ?? []), ...(c.args ?? [])].join(' ');
}

/** Loops whose condition never ends them: `while true`, `while :`, `while [ 1 ]`, `until false`, `for ((;;))`. */
const ENDLESS_LOOP =
  /(?:^|[\s;&|(])(?:while\s+(?:true|:|\[\s*(?:1|true)\s*\])|until\s+false|for\s*\(\(?\s*;\s*;\s*\)\)?)\s*;?\s*do\b/;
/** Commands that never return on their own: `tail -f`/`-F`, `sleep infinity`. */
const ENDLESS_COMMAND = /(?:^|[\s;&|(])(?:tail\s+(?:-\S*\s+)*-[fF]\b|sleep\s+infinity\b)/;

/** `sleep 5`, `sleep 2m` (GNU units). */
const SLEEP = /(?:^|[\s;&|(])sleep\s+([0-9.]+)([smhd]?)/g;

/** The command line without the bodies of `while`/`until`/`for` loops (`do ... done`, nested). */
function withoutLoopBodies(text: string): string {
  let out = '';
  let depth = 0;
  for (const token of text.split(/(\bdo\b|\bdone\b)/)) {
    if (token === 'do') depth++;
    else if (token === 'done') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += token;
  }
  return out;
}

/**
 * How long a command line runs: Infinity for an endless loop (`while true; do ...; sleep 1; done`),
 * `tail -f` or `sleep infinity`; else the sum of the `sleep N`s outside loop bodies (a conditional
 * loop such as `until nslookup svc; do sleep 2; done` counts as one pass of its body, since its
 * condition cannot be simulated); undefined when nothing sleeps.
 */
export function sleepSeconds(text: string): number | undefined {
  if (ENDLESS_LOOP.test(text) || ENDLESS_COMMAND.test(text)) return Infinity;
  const top = [...withoutLoopBodies(text).matchAll(SLEEP)];
  const found = top.length > 0 ? top : [...text.matchAll(SLEEP)].slice(0, 1);
  if (found.length === 0) return undefined;
  const unit: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
  return found.reduce((sum, m) => sum + Number(m[1]) * (unit[m[2]] ?? 1), 0);
}

/** `exit 3` or a bare `false` in the command line. */
export function commandExitCode(text: string): number | undefined {
  const m = /(?:^|[\s;&|(])exit\s+([0-9]+)/.exec(text);
  if (m) return Number(m[1]);
  if (/(?:^|[\s;&|])false(?:$|[\s;&|)])/.test(text)) return 1;
  return undefined;
}

/** Whether an image name means "this image does not exist". */
export function isMissingImage(image: string): boolean {
  return /doesnotexist|does-not-exist|nonexistent/i.test(image);
}

/** The behaviour of container `c` of `pod`. */
export function containerBehaviour(
  pod: Pod,
  c: Container,
  kind: ContainerKind,
): ContainerBehaviour {
  const text = commandText(c);
  const restartAlways = (pod.spec?.restartPolicy ?? 'Always') === 'Always';
  let runSeconds: number | undefined;
  const annotated = annotationFor(pod, 'run-seconds', c.name);
  const slept = sleepSeconds(text);
  const exitInCommand = commandExitCode(text);
  if (annotated !== undefined && Number.isFinite(Number(annotated))) runSeconds = Number(annotated);
  else if (slept !== undefined) runSeconds = Number.isFinite(slept) ? slept : undefined;
  else if (exitInCommand !== undefined) runSeconds = 0.2;
  else if (kind === 'init') runSeconds = DEFAULT_INIT_RUN_SECONDS;
  else if (kind === 'sidecar' || restartAlways) runSeconds = undefined;
  else runSeconds = DEFAULT_RUN_SECONDS;
  const exitText = annotationFor(pod, 'exit-code', c.name);
  const exitCode =
    exitText !== undefined && Number.isFinite(Number(exitText))
      ? Number(exitText)
      : (exitInCommand ?? 0);
  // A container told to exit with a code must exit, even if it would otherwise run forever.
  if (runSeconds === undefined && exitText !== undefined && exitCode !== 0) runSeconds = 1;
  const stopText = annotationFor(pod, 'stop-seconds', c.name);
  const pid1IgnoresTerm = /^(\S*\/)?(sleep|sh|bash|ash)\b/.test(text.trim());
  const stopSeconds =
    stopText !== undefined && Number.isFinite(Number(stopText))
      ? Number(stopText)
      : pid1IgnoresTerm
        ? undefined
        : DEFAULT_STOP_SECONDS;
  const requests = (c.resources?.requests ?? c.resources?.limits ?? {}) as Record<string, unknown>;
  const limits = (c.resources?.limits ?? {}) as Record<string, unknown>;
  const cpuText = annotationFor(pod, 'cpu-usage', c.name);
  const memText = annotationFor(pod, 'memory-usage', c.name);
  const reqCPU = milliValue(requests.cpu);
  return {
    runSeconds,
    exitCode,
    failReadiness: flagFor(pod, 'fail-readiness', c.name),
    failLiveness: flagFor(pod, 'fail-liveness', c.name),
    failStartup: flagFor(pod, 'fail-startup', c.name),
    imagePullError: flagFor(pod, 'image-pull-error', c.name) || isMissingImage(c.image ?? ''),
    stopSeconds,
    // Plausible idle figures: a fifth of the request, or 1m CPU and ~8-16 MiB without requests.
    milliCPUUsage:
      cpuText !== undefined ? milliValue(cpuText) : Math.max(1, Math.round(reqCPU / 5)),
    memoryUsage: memText !== undefined ? intValue(memText) : defaultMemoryUsage(c),
    milliCPULimit: milliValue(limits.cpu),
    memoryLimit: intValue(limits.memory),
  };
}
