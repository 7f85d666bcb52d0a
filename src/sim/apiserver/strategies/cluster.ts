/**
 * The remaining built-ins: PriorityClass (pkg/apis/scheduling/validation: reserved `system-`
 * names and values above 1e9, immutable value), PodDisruptionBudget (policy/validation),
 * HorizontalPodAutoscaler (autoscaling defaults: minReplicas 1), Ingress (pathType required),
 * NetworkPolicy (policyTypes default), StorageClass (reclaimPolicy Delete, volumeBindingMode
 * Immediate, immutable provisioner/parameters), EndpointSlice (addressType required).
 */
import type { Strategy } from '../strategy.ts';
import type { FieldError } from '../status.ts';
import { deepEqual, isObject } from '../object-util.ts';
import {
  GoValue,
  nonNegative,
  setDefault,
  validateIntOrPercent,
  withinLimit,
} from './validation-util.ts';

type Obj = Record<string, unknown>;

/** HighestUserDefinablePriority (pkg/apis/scheduling/types.go). */
const HIGHEST_USER_PRIORITY = 1_000_000_000;
const SYSTEM_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

export const priorityClassStrategy: Strategy = {
  defaults(obj) {
    setDefault(obj as Obj, 'preemptionPolicy', 'PreemptLowerPriority');
  },
  validate(obj) {
    const errors: FieldError[] = [];
    const name = obj.metadata?.name ?? '';
    if (!SYSTEM_CLASSES.has(name)) {
      if (name.startsWith('system-'))
        errors.push({
          type: 'FieldValueInvalid',
          field: 'metadata.name',
          value: name,
          detail: "priority class names with 'system-' prefix are reserved",
        });
      if (typeof obj.value === 'number' && obj.value > HIGHEST_USER_PRIORITY) {
        errors.push({
          type: 'FieldValueForbidden',
          field: 'value',
          detail: `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`,
        });
      }
    }
    if (typeof obj.value !== 'number') errors.push({ type: 'FieldValueRequired', field: 'value' });
    if (!['PreemptLowerPriority', 'Never'].includes(obj.preemptionPolicy as string)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'preemptionPolicy',
        value: obj.preemptionPolicy,
        detail: 'supported values: "Never", "PreemptLowerPriority"',
      });
    }
    return errors;
  },
  validateUpdate(obj, old) {
    const errors = priorityClassStrategy.validate?.(obj, undefined as never) ?? [];
    if (obj.value !== old.value)
      errors.push({
        type: 'FieldValueForbidden',
        field: 'value',
        detail: 'may not be changed in an update.',
      });
    if (obj.preemptionPolicy !== old.preemptionPolicy)
      errors.push({
        type: 'FieldValueInvalid',
        field: 'preemptionPolicy',
        value: obj.preemptionPolicy,
        detail: 'field is immutable',
      });
    return errors;
  },
};

export const podDisruptionBudgetStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate(obj) {
    const errors: FieldError[] = [];
    const spec = (obj.spec ?? {}) as Obj;
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec',
        value: new GoValue('policy.PodDisruptionBudgetSpec{...}'),
        detail: 'minAvailable and maxUnavailable cannot be both set',
      });
    }
    validateIntOrPercent(spec.minAvailable, 'spec.minAvailable', errors);
    validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable', errors);
    return errors;
  },
};

export const hpaStrategy: Strategy = {
  defaults(obj) {
    if (!isObject(obj.spec)) obj.spec = {};
    setDefault(obj.spec as Obj, 'minReplicas', 1);
  },
  prepareForCreate(obj) {
    obj.status = { currentReplicas: 0, desiredReplicas: 0 };
  },
  validate(obj, ctx) {
    const errors: FieldError[] = [];
    const spec = (obj.spec ?? {}) as Obj;
    if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.minReplicas',
        value: spec.minReplicas,
        detail: 'must be greater than or equal to 1',
      });
    }
    if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.maxReplicas',
        value: spec.maxReplicas ?? 0,
        detail: 'must be greater than 0',
      });
    } else if (typeof spec.minReplicas === 'number' && spec.maxReplicas < spec.minReplicas) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.maxReplicas',
        value: spec.maxReplicas,
        detail: 'must be greater than or equal to `minReplicas`',
      });
    }
    withinLimit(spec.maxReplicas, 'spec.maxReplicas', ctx, errors);
    const ref = spec.scaleTargetRef as Obj | undefined;
    if (!isObject(ref)) errors.push({ type: 'FieldValueRequired', field: 'spec.scaleTargetRef' });
    else {
      if (!ref.kind) errors.push({ type: 'FieldValueRequired', field: 'spec.scaleTargetRef.kind' });
      if (!ref.name) errors.push({ type: 'FieldValueRequired', field: 'spec.scaleTargetRef.name' });
    }
    return errors;
  },
};

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

export const ingressStrategy: Strategy = {
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  validate(obj) {
    const errors: FieldError[] = [];
    const spec = (obj.spec ?? {}) as Obj;
    const rules = Array.isArray(spec.rules) ? (spec.rules as Obj[]) : [];
    if (rules.length === 0 && spec.defaultBackend === undefined) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.rules',
        value: new GoValue('[]networking.IngressRule(nil)'),
        detail: 'either `defaultBackend` or `rules` must be specified',
      });
    }
    rules.forEach((rule, i) => {
      const paths =
        isObject(rule.http) && Array.isArray(rule.http.paths) ? (rule.http.paths as Obj[]) : [];
      paths.forEach((p, j) => {
        const path = `spec.rules[${i}].http.paths[${j}]`;
        if (p.pathType === undefined)
          errors.push({
            type: 'FieldValueRequired',
            field: `${path}.pathType`,
            detail: 'pathType must be specified',
          });
        else if (!PATH_TYPES.includes(p.pathType as string)) {
          errors.push({
            type: 'FieldValueNotSupported',
            field: `${path}.pathType`,
            value: p.pathType,
            detail: 'supported values: "Exact", "ImplementationSpecific", "Prefix"',
          });
        }
        if (
          (p.pathType === 'Exact' || p.pathType === 'Prefix') &&
          (typeof p.path !== 'string' || !p.path.startsWith('/'))
        ) {
          errors.push({
            type: 'FieldValueInvalid',
            field: `${path}.path`,
            value: p.path ?? '',
            detail: 'must be an absolute path',
          });
        }
        if (!isObject(p.backend))
          errors.push({ type: 'FieldValueRequired', field: `${path}.backend` });
      });
    });
    return errors;
  },
};

export const networkPolicyStrategy: Strategy = {
  defaults(obj) {
    if (!isObject(obj.spec)) obj.spec = {};
    const spec = obj.spec as Obj;
    if (spec.policyTypes === undefined)
      spec.policyTypes = spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
    if (spec.podSelector === undefined) spec.podSelector = {};
  },
};

export const storageClassStrategy: Strategy = {
  defaults(obj) {
    setDefault(obj as Obj, 'reclaimPolicy', 'Delete');
    setDefault(obj as Obj, 'volumeBindingMode', 'Immediate');
  },
  validate(obj) {
    const errors: FieldError[] = [];
    if (!obj.provisioner) errors.push({ type: 'FieldValueRequired', field: 'provisioner' });
    if (!['Immediate', 'WaitForFirstConsumer'].includes(obj.volumeBindingMode as string)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'volumeBindingMode',
        value: obj.volumeBindingMode,
        detail: 'supported values: "Immediate", "WaitForFirstConsumer"',
      });
    }
    return errors;
  },
  validateUpdate(obj, old) {
    const errors = storageClassStrategy.validate?.(obj, undefined as never) ?? [];
    if (!deepEqual(obj.parameters, old.parameters))
      errors.push({
        type: 'FieldValueForbidden',
        field: 'parameters',
        detail: 'updates to parameters are forbidden.',
      });
    if (obj.provisioner !== old.provisioner)
      errors.push({
        type: 'FieldValueForbidden',
        field: 'provisioner',
        detail: 'updates to provisioner are forbidden.',
      });
    if (obj.reclaimPolicy !== old.reclaimPolicy)
      errors.push({
        type: 'FieldValueForbidden',
        field: 'reclaimPolicy',
        detail: 'updates to reclaimPolicy are forbidden.',
      });
    if (obj.volumeBindingMode !== old.volumeBindingMode)
      errors.push({
        type: 'FieldValueInvalid',
        field: 'volumeBindingMode',
        value: obj.volumeBindingMode,
        detail: 'field is immutable',
      });
    return errors;
  },
};

export const endpointSliceStrategy: Strategy = {
  validate(obj) {
    const errors: FieldError[] = [];
    if (!['IPv4', 'IPv6', 'FQDN'].includes(obj.addressType as string)) {
      if (obj.addressType === undefined)
        errors.push({ type: 'FieldValueRequired', field: 'addressType' });
      else
        errors.push({
          type: 'FieldValueNotSupported',
          field: 'addressType',
          value: obj.addressType,
          detail: 'supported values: "FQDN", "IPv4", "IPv6"',
        });
    }
    return errors;
  },
};

export const leaseStrategy: Strategy = {
  validate(obj) {
    const errors: FieldError[] = [];
    const spec = (obj.spec ?? {}) as Obj;
    nonNegative(spec.leaseDurationSeconds, 'spec.leaseDurationSeconds', errors);
    return errors;
  },
};
