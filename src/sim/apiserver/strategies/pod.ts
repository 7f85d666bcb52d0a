/**
 * Pods (pkg/registry/core/pod/strategy.go) and the admission plugins that act on them at
 * creation: ServiceAccount (serviceAccountName `default` and the kube-api-access projected
 * volume), DefaultTolerationSeconds (not-ready/unreachable NoExecute for 300 s) and Priority
 * (priorityClassName resolved into spec.priority).
 */
import type { KubeObject } from '../../api/types.ts';
import type { Strategy, StrategyContext } from '../strategy.ts';
import type { FieldError } from '../status.ts';
import { badRequest, forbidden } from '../status.ts';
import { deepEqual, deepFreeze, isObject } from '../object-util.ts';
import { badQuantities, defaultPodSpec, validatePodSpec } from './pod-spec.ts';
import { QUANTITY_REGEX, parseQuantity } from './quantity.ts';

type Obj = Record<string, unknown>;

/** kube-apiserver's --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds. */
const DEFAULT_TOLERATION_SECONDS = 300;
const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

/** QoS class (pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
export function qosClass(spec: Obj): string {
  const containers = [
    ...((spec.containers as Obj[]) ?? []),
    ...((spec.initContainers as Obj[]) ?? []),
  ];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = isObject(c.resources) ? c.resources : {};
    const requests = isObject(res.requests) ? res.requests : {};
    const limits = isObject(res.limits) ? res.limits : {};
    for (const name of ['cpu', 'memory']) {
      const req = parseQuantity(requests[name]);
      const lim = parseQuantity(limits[name]);
      if ((req !== undefined && req !== 0) || (lim !== undefined && lim !== 0)) any = true;
      if (lim === undefined || req === undefined || lim !== req) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function tolerates(tolerations: Obj[], key: string): boolean {
  return tolerations.some((t) => {
    const effectOk = t.effect === undefined || t.effect === '' || t.effect === 'NoExecute';
    if (!effectOk) return false;
    if ((t.operator ?? 'Equal') === 'Exists' && (t.key === undefined || t.key === '')) return true;
    return t.key === key;
  });
}

/**
 * The projected volume of the service account token (the same in every pod): one frozen copy
 * shared by all stored pods, which are never mutated, instead of ~1 KB per pod.
 */
const SERVICE_ACCOUNT_PROJECTION = deepFreeze({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    {
      downwardAPI: {
        items: [
          { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' },
        ],
      },
    },
  ],
});

function addServiceAccount(pod: KubeObject, spec: Obj, ctx: StrategyContext): void {
  if (!spec.serviceAccountName)
    spec.serviceAccountName = (spec.serviceAccount as string) || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  if (spec.automountServiceAccountToken === false) return;
  const volumes = (Array.isArray(spec.volumes) ? spec.volumes : []) as Obj[];
  if (volumes.some((v) => typeof v.name === 'string' && v.name.startsWith('kube-api-access-')))
    return;
  const name = `kube-api-access-${ctx.rng.suffix(5)}`;
  volumes.push({ name, projected: SERVICE_ACCOUNT_PROJECTION });
  spec.volumes = volumes;
  for (const list of ['initContainers', 'containers']) {
    for (const c of (spec[list] as Obj[] | undefined) ?? []) {
      const mounts = (Array.isArray(c.volumeMounts) ? c.volumeMounts : []) as Obj[];
      if (mounts.some((m) => m.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount'))
        continue;
      mounts.push({
        name,
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      });
      c.volumeMounts = mounts;
    }
  }
  void pod;
}

/** The Pod strategy. */
export const podStrategy: Strategy = {
  defaults(obj) {
    if (isObject(obj.spec)) defaultPodSpec(obj.spec, true);
  },
  prepareForCreate(obj) {
    const spec = isObject(obj.spec) ? obj.spec : {};
    obj.status = { phase: 'Pending', qosClass: qosClass(spec) };
  },
  admit(obj, old, ctx) {
    const name = obj.metadata?.name ?? '';
    const bad = badQuantities(obj.spec);
    if (bad !== undefined)
      return badRequest(
        `Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '${QUANTITY_REGEX}'`,
      );
    if (old || !isObject(obj.spec)) return undefined;
    const spec = obj.spec;
    // ServiceAccount admission leaves mirror pods alone: the kubelet would delete a static pod
    // whose spec the apiserver changed (plugin/pkg/admission/serviceaccount/admission.go).
    const mirror = obj.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined;
    if (!mirror) addServiceAccount(obj, spec, ctx);
    if (ctx.enforceServiceAccounts && !mirror) {
      const ns = obj.metadata?.namespace ?? '';
      const sa = String(spec.serviceAccountName);
      if (!ctx.lookup('', 'serviceaccounts', ns, sa)) {
        return forbidden(
          '',
          'pods',
          ctx.admissionName ?? name,
          `error looking up service account ${ns}/${sa}: serviceaccount "${sa}" not found`,
        );
      }
    }
    // DefaultTolerationSeconds admission.
    const tolerations = (Array.isArray(spec.tolerations) ? spec.tolerations : []) as Obj[];
    for (const key of [TAINT_NOT_READY, TAINT_UNREACHABLE]) {
      if (!tolerates(tolerations, key))
        tolerations.push({
          key,
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
        });
    }
    spec.tolerations = tolerations;
    // Priority admission.
    const className = spec.priorityClassName as string | undefined;
    let value = 0;
    let policy = 'PreemptLowerPriority';
    if (className) {
      const pc = ctx.lookup('scheduling.k8s.io', 'priorityclasses', undefined, className);
      if (!pc)
        return forbidden('', 'pods', name, `no PriorityClass with name ${className} was found`);
      value = (pc.value as number) ?? 0;
      policy = (pc.preemptionPolicy as string) ?? policy;
    } else {
      const global = ctx
        .list('scheduling.k8s.io', 'priorityclasses', undefined)
        .find((pc) => pc.globalDefault === true);
      if (global) {
        spec.priorityClassName = global.metadata?.name;
        value = (global.value as number) ?? 0;
        policy = (global.preemptionPolicy as string) ?? policy;
      }
    }
    if (spec.priority !== undefined && spec.priority !== value) {
      return forbidden(
        '',
        'pods',
        name,
        `the integer value of priority (${String(spec.priority)}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
      );
    }
    spec.priority = value;
    setIfAbsent(spec, 'preemptionPolicy', policy);
    return undefined;
  },
  validate(obj) {
    return validatePodSpec(obj.spec, 'spec');
  },
  validateUpdate(obj, old) {
    const errors = validatePodSpec(obj.spec, 'spec');
    const spec = (obj.spec ?? {}) as Obj;
    const oldSpec = (old.spec ?? {}) as Obj;
    // ValidatePodUpdate: only images, activeDeadlineSeconds, added tolerations and removed scheduling gates may change.
    const munged: Obj = { ...oldSpec };
    for (const list of ['containers', 'initContainers']) {
      const oldList = oldSpec[list] as Obj[] | undefined;
      const newList = spec[list] as Obj[] | undefined;
      if (oldList && newList && oldList.length === newList.length)
        munged[list] = oldList.map((c, i) => ({ ...c, image: newList[i].image }));
    }
    munged.activeDeadlineSeconds = spec.activeDeadlineSeconds;
    if (munged.activeDeadlineSeconds === undefined) delete munged.activeDeadlineSeconds;
    const oldTolerations = (oldSpec.tolerations as Obj[] | undefined) ?? [];
    const newTolerations = (spec.tolerations as Obj[] | undefined) ?? [];
    if (oldTolerations.every((t) => newTolerations.some((n) => deepEqual(n, t)))) {
      if (spec.tolerations === undefined) delete munged.tolerations;
      else munged.tolerations = spec.tolerations;
    }
    const oldGates = (oldSpec.schedulingGates as Obj[] | undefined) ?? [];
    const newGates = (spec.schedulingGates as Obj[] | undefined) ?? [];
    if (newGates.every((g) => oldGates.some((o) => deepEqual(o, g)))) {
      if (spec.schedulingGates === undefined) delete munged.schedulingGates;
      else munged.schedulingGates = spec.schedulingGates;
    }
    if (!deepEqual(munged, spec)) {
      errors.push(forbiddenPodUpdate());
    }
    return errors;
  },
};

function forbiddenPodUpdate(): FieldError {
  return {
    type: 'FieldValueForbidden',
    field: 'spec',
    detail:
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
  };
}

function setIfAbsent(obj: Obj, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}
