/**
 * Image handling before a container starts (pkg/kubelet/images/image_manager.go): imagePullPolicy
 * (Always, IfNotPresent, Never; defaulted from the tag), the Pulling/Pulled events with upstream's
 * wording, and pull failures: ErrImagePull, then ImagePullBackOff with the container back-off.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { formatGoDuration, normalizeImage } from './container-runtime.ts';
import type { KubeletHost } from './kubelet-host.ts';
import type { ContainerRuntimeState, PodRuntime } from './pod-runtime.ts';

/** PLEG notices state changes within about a second. */
const PLEG_MS = 1_000;
const CRASHLOOP_INITIAL_MS = 10_000;

/** What image handling needs from the pod worker. */
export interface PullSteps {
  host: KubeletHost;
  rt: PodRuntime;
  after(ms: number, fn: () => void): void;
  /** Advances the container's back-off and returns the delay. */
  nextBackoff(): number;
  /** Creates and starts the container (the image is there). */
  run(): void;
  /** Tries the whole start again (after a back-off). */
  retry(): void;
}

/** Makes sure the image of `c` is present per its pull policy, then runs the container. */
export function ensureImage(steps: PullSteps, c: ContainerRuntimeState, spec: Container): void {
  const rt = steps.rt;
  const ref = { name: c.name, init: c.kind !== 'app' };
  const policy = spec.imagePullPolicy ?? defaultPullPolicy(c.image);
  const present = steps.host.runtime.hasImage(c.image);
  if (c.behaviour.imagePullError || (policy === 'Never' && !present)) {
    pullFailed(steps, c, policy === 'Never');
    return;
  }
  if (present && policy !== 'Always') {
    steps.host.event(
      rt.pod,
      'Normal',
      'Pulled',
      `Container image "${c.image}" already present on machine`,
      ref,
    );
    steps.run();
    return;
  }
  steps.host.event(rt.pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, ref);
  const gen = steps.host.generation();
  steps.host.runtime.pull(c.image, (result) => {
    if (steps.host.generation() !== gen || rt.terminating) return;
    steps.host.event(
      rt.pod,
      'Normal',
      'Pulled',
      `Successfully pulled image "${c.image}" in ${formatGoDuration(result.pullMs)} (${formatGoDuration(result.totalMs)} including waiting). Image size: ${result.size} bytes.`,
      ref,
    );
    steps.run();
  });
}

function pullFailed(steps: PullSteps, c: ContainerRuntimeState, never: boolean): void {
  const rt = steps.rt;
  const ref = { name: c.name, init: c.kind !== 'app' };
  if (never) {
    const message = `Container image "${c.image}" is not present with pull policy of Never`;
    c.waiting = { reason: 'ErrImageNeverPull', message };
    steps.host.event(rt.pod, 'Warning', 'ErrImageNeverPull', message, ref);
    steps.host.writeStatus(rt);
    return;
  }
  const attempts = (c.backoff ? Math.log2(c.backoff.durationMs / CRASHLOOP_INITIAL_MS) + 1 : 0) | 0;
  const reference = normalizeImage(c.image).reference;
  const message = `failed to pull and unpack image "${reference}": failed to resolve reference "${reference}": ${reference}: not found`;
  if (attempts === 0)
    steps.host.event(rt.pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, ref);
  steps.host.event(
    rt.pod,
    'Warning',
    'Failed',
    `Failed to pull image "${c.image}": rpc error: code = NotFound desc = ${message}`,
    ref,
  );
  steps.host.event(rt.pod, 'Warning', 'Failed', 'Error: ErrImagePull', ref);
  c.waiting = { reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = ${message}` };
  steps.host.writeStatus(rt);
  const wait = steps.nextBackoff();
  steps.after(PLEG_MS, () => {
    c.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` };
    steps.host.event(rt.pod, 'Normal', 'BackOff', `Back-off pulling image "${c.image}"`, ref);
    steps.host.event(rt.pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', ref);
    steps.host.writeStatus(rt);
  });
  steps.after(Math.max(wait, PLEG_MS * 2), () => steps.retry());
}

/** Default imagePullPolicy: Always for `:latest` or no tag, else IfNotPresent. */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const tag = colon > slash ? image.slice(colon + 1) : '';
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}
