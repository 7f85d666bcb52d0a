/** What a pod worker needs from its kubelet. */
import type { Pod } from 'kubernetes-types/core/v1';
import type { SimClient } from '../client.ts';
import type { Clock } from '../clock.ts';
import type { Rng } from '../rng.ts';
import type { ContainerRuntime } from './container-runtime.ts';
import type { EventType } from './kubelet-events.ts';
import type { PodRuntime } from './pod-runtime.ts';

export interface KubeletHost {
  readonly nodeName: string;
  readonly hostIP: string;
  /** `10.244.1.1-10.244.1.254`, for the IPAM exhaustion message. */
  readonly podCIDRRange: string;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly runtime: ContainerRuntime;
  readonly client: SimClient;
  /** Bumped when the kubelet stops: timers of an older generation do nothing. */
  generation(): number;
  allocateIP(): string | undefined;
  releaseIP(ip: string): void;
  event(
    pod: Pod,
    type: EventType,
    reason: string,
    message: string,
    container?: { name: string; init: boolean },
  ): void;
  /** Schedules a status write (coalesced per instant; skipped when nothing changed). */
  writeStatus(rt: PodRuntime): void;
}
