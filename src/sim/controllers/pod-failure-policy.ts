/**
 * A Job's podFailurePolicy (pkg/controller/job/pod_failure_policy.go): the first rule matching a
 * failed pod decides: FailJob fails the whole Job at once, Ignore does not count the failure
 * against backoffLimit, Count counts it (the default). Rules match on container exit codes
 * (In / NotIn, exit code 0 never matches) or on pod conditions (e.g. DisruptionTarget).
 */
import type { Pod } from './util.ts';

export interface PodFailurePolicyRule {
  action: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
  onPodConditions?: { type: string; status?: string }[];
}

export interface PodFailurePolicyMatch {
  action: PodFailurePolicyRule['action'];
  /** The Job condition message when the action is FailJob. */
  message: string;
}

interface TerminatedStatus {
  name: string;
  state?: { terminated?: { exitCode?: number } };
}

/** The first matching rule for a failed pod, or undefined (count it). */
export function matchPodFailurePolicy(
  rules: PodFailurePolicyRule[] | undefined,
  pod: Pod,
): PodFailurePolicyMatch | undefined {
  const ns = pod.metadata?.namespace;
  const name = pod.metadata?.name;
  const statuses = [
    ...((pod.status?.initContainerStatuses ?? []) as TerminatedStatus[]),
    ...((pod.status?.containerStatuses ?? []) as TerminatedStatus[]),
  ];
  for (const [index, rule] of (rules ?? []).entries()) {
    const codes = rule.onExitCodes;
    if (codes) {
      for (const s of statuses) {
        if (codes.containerName && codes.containerName !== s.name) continue;
        const code = s.state?.terminated?.exitCode;
        if (code === undefined || code === 0) continue;
        const listed = codes.values.includes(code);
        if (codes.operator === 'In' ? listed : !listed) {
          return {
            action: rule.action,
            message: `Container ${s.name} for pod ${ns}/${name} failed with exit code ${code} matching ${rule.action} rule at index ${index}`,
          };
        }
      }
    }
    for (const want of rule.onPodConditions ?? []) {
      const has = pod.status?.conditions?.some(
        (c) => c.type === want.type && c.status === (want.status ?? 'True'),
      );
      if (has) {
        return {
          action: rule.action,
          message: `Pod ${ns}/${name} has condition ${want.type} matching ${rule.action} rule at index ${index}`,
        };
      }
    }
  }
  return undefined;
}
