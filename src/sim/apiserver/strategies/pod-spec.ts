/**
 * PodSpec defaulting (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, _Container, _Probe,
 * _Volume...) and validation (pkg/apis/core/validation/validation.go ValidatePodSpec), shared by
 * pods and every pod template (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, RC).
 */
import type { FieldError } from '../status.ts';
import { isObject } from '../object-util.ts';
import {
  ensureObject,
  isDnsLabel,
  DNS1123_LABEL_MSG,
  nonNegative,
  setDefault,
} from './validation-util.ts';
import { parseQuantity } from './quantity.ts';

type Obj = Record<string, unknown>;

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** imagePullPolicy default: Always for `:latest` or no tag (and no digest), else IfNotPresent. */
export function defaultPullPolicy(image: string): string {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: unknown): void {
  if (!isObject(probe)) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  if (isObject(probe.httpGet)) {
    setDefault(probe.httpGet, 'path', '/');
    setDefault(probe.httpGet, 'scheme', 'HTTP');
  }
}

function defaultContainer(c: Obj, isPod: boolean): void {
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (Array.isArray(c.ports))
    for (const p of c.ports) if (isObject(p)) setDefault(p, 'protocol', 'TCP');
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (Array.isArray(c.env)) {
    for (const e of c.env) {
      if (isObject(e) && isObject(e.valueFrom) && isObject(e.valueFrom.fieldRef))
        setDefault(e.valueFrom.fieldRef, 'apiVersion', 'v1');
    }
  }
  // SetDefaults_Pod: requests default to limits (pods only; templates keep what was written).
  if (isPod && isObject(c.resources) && isObject(c.resources.limits)) {
    const requests = ensureObject(c.resources, 'requests');
    for (const [k, v] of Object.entries(c.resources.limits)) setDefault(requests, k, v);
  }
}

function defaultVolume(v: Obj): void {
  for (const key of ['configMap', 'secret'])
    if (isObject(v[key])) setDefault(v[key] as Obj, 'defaultMode', 420);
  if (isObject(v.projected)) setDefault(v.projected, 'defaultMode', 420);
  if (isObject(v.downwardAPI)) setDefault(v.downwardAPI, 'defaultMode', 420);
  if (isObject(v.hostPath)) setDefault(v.hostPath, 'type', '');
  const sources = [
    'hostPath',
    'emptyDir',
    'secret',
    'configMap',
    'persistentVolumeClaim',
    'projected',
    'downwardAPI',
    'nfs',
    'csi',
    'ephemeral',
  ];
  if (!sources.some((s) => v[s] !== undefined)) v.emptyDir = {};
}

/** Fills PodSpec defaults in place; `isPod` adds the Pod-level ones (requests from limits, enableServiceLinks). */
export function defaultPodSpec(spec: Obj, isPod: boolean): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (isPod) setDefault(spec, 'enableServiceLinks', true);
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (Array.isArray(containers))
      for (const c of containers) if (isObject(c)) defaultContainer(c, isPod);
  }
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) if (isObject(v)) defaultVolume(v);
  if (spec.hostNetwork === true && Array.isArray(spec.containers)) {
    for (const c of spec.containers) {
      if (isObject(c) && Array.isArray(c.ports))
        for (const p of c.ports) if (isObject(p)) setDefault(p, 'hostPort', p.containerPort);
    }
  }
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** Options that differ between pods and templates of each workload kind. */
export interface PodSpecRules {
  /** Allowed restart policies, e.g. only Always for Deployments. */
  restartPolicies?: string[];
  /** Volume names defined outside the pod spec (a StatefulSet's volumeClaimTemplates). */
  extraVolumes?: string[];
}

function validateResources(res: unknown, path: string, errors: FieldError[]): void {
  if (!isObject(res)) return;
  const limits = isObject(res.limits) ? res.limits : {};
  const requests = isObject(res.requests) ? res.requests : {};
  for (const [k, v] of Object.entries(requests)) {
    const req = parseQuantity(v);
    const lim = parseQuantity(limits[k]);
    if (req !== undefined && lim !== undefined && req > lim) {
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.requests`,
        value: String(v),
        detail: `must be less than or equal to ${k} limit of ${String(limits[k])}`,
      });
    }
    if (req !== undefined && req < 0)
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.requests[${k}]`,
        value: String(v),
        detail: NEG,
      });
  }
  for (const [k, v] of Object.entries(limits)) {
    const lim = parseQuantity(v);
    if (lim !== undefined && lim < 0)
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.limits[${k}]`,
        value: String(v),
        detail: NEG,
      });
  }
}
const NEG = 'must be greater than or equal to 0';

function validateContainer(
  c: Obj,
  path: string,
  volumeNames: Set<string>,
  errors: FieldError[],
): void {
  const name = c.name;
  if (name === undefined || name === '')
    errors.push({ type: 'FieldValueRequired', field: `${path}.name` });
  else if (typeof name !== 'string' || !isDnsLabel(name))
    errors.push({
      type: 'FieldValueInvalid',
      field: `${path}.name`,
      value: name,
      detail: DNS1123_LABEL_MSG,
    });
  if (c.image === undefined || c.image === '')
    errors.push({ type: 'FieldValueRequired', field: `${path}.image` });
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy as string)) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: `${path}.imagePullPolicy`,
      value: c.imagePullPolicy,
      detail: `supported values: ${PULL_POLICIES.map((p) => `"${p}"`).join(', ')}`,
    });
  }
  if (Array.isArray(c.ports)) {
    c.ports.forEach((p, i) => {
      if (!isObject(p)) return;
      const pp = `${path}.ports[${i}]`;
      const port = p.containerPort;
      if (port === undefined)
        errors.push({ type: 'FieldValueRequired', field: `${pp}.containerPort` });
      else if (typeof port !== 'number' || port < 1 || port > 65535)
        errors.push({
          type: 'FieldValueInvalid',
          field: `${pp}.containerPort`,
          value: port,
          detail: 'must be between 1 and 65535, inclusive',
        });
      if (
        p.hostPort !== undefined &&
        (typeof p.hostPort !== 'number' || p.hostPort < 0 || p.hostPort > 65535)
      ) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${pp}.hostPort`,
          value: p.hostPort,
          detail: 'must be between 1 and 65535, inclusive',
        });
      }
      if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol as string)) {
        errors.push({
          type: 'FieldValueNotSupported',
          field: `${pp}.protocol`,
          value: p.protocol,
          detail: `supported values: ${PROTOCOLS.map((x) => `"${x}"`).join(', ')}`,
        });
      }
    });
  }
  if (Array.isArray(c.env)) {
    c.env.forEach((e, i) => {
      if (isObject(e) && (e.name === undefined || e.name === ''))
        errors.push({ type: 'FieldValueRequired', field: `${path}.env[${i}].name` });
    });
  }
  if (Array.isArray(c.volumeMounts)) {
    c.volumeMounts.forEach((m, i) => {
      if (!isObject(m)) return;
      const mp = `${path}.volumeMounts[${i}]`;
      if (!m.name) errors.push({ type: 'FieldValueRequired', field: `${mp}.name` });
      else if (!volumeNames.has(m.name as string))
        errors.push({ type: 'FieldValueNotFound', field: `${mp}.name`, value: m.name });
      if (!m.mountPath) errors.push({ type: 'FieldValueRequired', field: `${mp}.mountPath` });
    });
  }
  validateResources(c.resources, `${path}.resources`, errors);
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = c[probe];
    if (!isObject(p)) continue;
    for (const k of [
      'initialDelaySeconds',
      'timeoutSeconds',
      'periodSeconds',
      'successThreshold',
      'failureThreshold',
    ])
      nonNegative(p[k], `${path}.${probe}.${k}`, errors);
    if (
      probe === 'livenessProbe' &&
      typeof p.successThreshold === 'number' &&
      p.successThreshold !== 1
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.${probe}.successThreshold`,
        value: p.successThreshold,
        detail: 'must be 1',
      });
    }
  }
}

/** ValidatePodSpec: containers, names, images, policies, volumes, ports, resources. */
export function validatePodSpec(
  spec: unknown,
  path: string,
  rules: PodSpecRules = {},
): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(spec)) return [{ type: 'FieldValueRequired', field: path }];
  const volumeNames = new Set<string>(rules.extraVolumes ?? []);
  if (Array.isArray(spec.volumes)) {
    spec.volumes.forEach((v, i) => {
      if (!isObject(v)) return;
      const name = v.name;
      if (!name) errors.push({ type: 'FieldValueRequired', field: `${path}.volumes[${i}].name` });
      else if (typeof name !== 'string' || !isDnsLabel(name))
        errors.push({
          type: 'FieldValueInvalid',
          field: `${path}.volumes[${i}].name`,
          value: name,
          detail: DNS1123_LABEL_MSG,
        });
      else if (volumeNames.has(name))
        errors.push({
          type: 'FieldValueDuplicate',
          field: `${path}.volumes[${i}].name`,
          value: name,
        });
      else volumeNames.add(name);
    });
  }
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0)
    errors.push({ type: 'FieldValueRequired', field: `${path}.containers` });
  const seen = new Set<string>();
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, i) => {
      if (!isObject(c)) return;
      const cp = `${path}.${list}[${i}]`;
      validateContainer(c, cp, volumeNames, errors);
      if (typeof c.name === 'string' && c.name) {
        if (seen.has(c.name))
          errors.push({ type: 'FieldValueDuplicate', field: `${cp}.name`, value: c.name });
        seen.add(c.name);
      }
    });
  }
  const allowed = rules.restartPolicies ?? RESTART_POLICIES;
  if (spec.restartPolicy !== undefined && !allowed.includes(spec.restartPolicy as string)) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: `${path}.restartPolicy`,
      value: spec.restartPolicy,
      detail: `supported values: ${allowed.map((p) => `"${p}"`).join(', ')}`,
    });
  }
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy as string)) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: `${path}.dnsPolicy`,
      value: spec.dnsPolicy,
      detail: `supported values: ${DNS_POLICIES.map((p) => `"${p}"`).join(', ')}`,
    });
  }
  nonNegative(spec.terminationGracePeriodSeconds, `${path}.terminationGracePeriodSeconds`, errors);
  if (
    spec.activeDeadlineSeconds !== undefined &&
    (typeof spec.activeDeadlineSeconds !== 'number' || spec.activeDeadlineSeconds <= 0)
  ) {
    errors.push({
      type: 'FieldValueInvalid',
      field: `${path}.activeDeadlineSeconds`,
      value: spec.activeDeadlineSeconds,
      detail: 'must be between 1 and 2147483647, inclusive',
    });
  }
  if (Array.isArray(spec.tolerations)) {
    spec.tolerations.forEach((t, i) => {
      if (!isObject(t)) return;
      const op = t.operator ?? 'Equal';
      if (op !== 'Equal' && op !== 'Exists') {
        errors.push({
          type: 'FieldValueNotSupported',
          field: `${path}.tolerations[${i}].operator`,
          value: op,
          detail: 'supported values: "Equal", "Exists"',
        });
      }
      if (op === 'Exists' && t.value !== undefined && t.value !== '') {
        errors.push({
          type: 'FieldValueInvalid',
          field: `${path}.tolerations[${i}].operator`,
          value: t.value,
          detail: "value must be empty when `operator` is 'Exists'",
        });
      }
      if (
        t.effect !== undefined &&
        t.effect !== '' &&
        !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect as string)
      ) {
        errors.push({
          type: 'FieldValueNotSupported',
          field: `${path}.tolerations[${i}].effect`,
          value: t.effect,
          detail: 'supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
        });
      }
    });
  }
  return errors;
}

/** Quantities that do not parse: upstream refuses them while decoding (400). */
export function badQuantities(spec: unknown): string | undefined {
  if (!isObject(spec)) return undefined;
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    for (const c of items) {
      if (!isObject(c) || !isObject(c.resources)) continue;
      for (const kind of ['limits', 'requests']) {
        const m = (c.resources as Obj)[kind];
        if (!isObject(m)) continue;
        for (const v of Object.values(m)) if (parseQuantity(v) === undefined) return String(v);
      }
    }
  }
  return undefined;
}
