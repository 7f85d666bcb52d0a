/**
 * Leader election of kube-controller-manager (client-go tools/leaderelection with a Lease lock,
 * defaults from component-base LeaderElectionConfiguration: leaseDuration 15 s, renewDeadline 10 s,
 * retryPeriod 2 s): the Lease `kube-system/kube-controller-manager` names the holder
 * `<node>_<uuid>` and is renewed every 2 s while the controller manager runs.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath, type SimClient } from '../client.ts';
import type { VirtualClock } from '../clock.ts';
import { fnv32a } from './hash.ts';

export const LEASE_DURATION_SECONDS = 15;
export const RETRY_PERIOD_MS = 2_000;

/** RFC 3339 with microseconds, as metav1.MicroTime prints. */
function microTime(ms: number): string {
  // eslint-disable-next-line no-restricted-globals
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Keeps the Lease renewed while `running()`; returns the holder identity. */
export function startLeaderElection(
  client: SimClient,
  clock: VirtualClock,
  name: string,
  identity: string,
  running: () => boolean,
): string {
  const path = apiPath('coordination.k8s.io/v1', 'leases', 'kube-system', name);
  const renew = () => {
    if (running()) {
      const now = microTime(clock.now());
      const got = client.get<KubeObject>(path);
      if (!got.ok) {
        client.create(apiPath('coordination.k8s.io/v1', 'leases', 'kube-system'), {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace: 'kube-system' },
          spec: {
            holderIdentity: identity,
            leaseDurationSeconds: LEASE_DURATION_SECONDS,
            acquireTime: now,
            renewTime: now,
            leaseTransitions: 0,
          },
        });
      } else {
        const spec = (got.value.spec ?? {}) as {
          holderIdentity?: string;
          leaseTransitions?: number;
        };
        const taken = spec.holderIdentity !== identity;
        client.patch(path, {
          spec: taken
            ? {
                holderIdentity: identity,
                acquireTime: now,
                renewTime: now,
                leaseTransitions: (spec.leaseTransitions ?? 0) + 1,
              }
            : { renewTime: now },
        });
      }
    }
    clock.setTimer(RETRY_PERIOD_MS, renew, `leader-election ${name}`);
  };
  renew();
  return identity;
}

/**
 * A UUID-shaped suffix derived from the cluster seed (the real one is random per process start);
 * derived rather than drawn so starting the controller manager does not shift the random source.
 */
export function identitySuffix(seed: number): string {
  let hex = '';
  for (let i = 0; hex.length < 32; i++) {
    const bytes = [...`${seed}/${i}`].map((c) => c.charCodeAt(0));
    hex += fnv32a(bytes).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
