/**
 * apps/v1 workloads and ReplicationController: defaults (pkg/apis/apps/v1/defaults.go,
 * pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController) and validation
 * (pkg/apis/apps/validation/validation.go): replicas, selector required and immutable, selector
 * matching the template labels, template restartPolicy Always, rolling-update parameters, and
 * the StatefulSet rule that only some spec fields may change.
 */
import type { KubeObject } from '../../api/types.ts';
import type { Strategy, StrategyContext } from '../strategy.ts';
import type { FieldError } from '../status.ts';
import { deepEqual, isObject } from '../object-util.ts';
import { defaultPodSpec, validatePodSpec } from './pod-spec.ts';
import {
  GoValue,
  IMMUTABLE_MSG,
  ensureObject,
  goIntOrString,
  goLabelSelector,
  nonNegative,
  parseIntOrPercent,
  selectorEmpty,
  selectorMatches,
  setDefault,
  validateIntOrPercent,
  validateLabelSelector,
  withinLimit,
} from './validation-util.ts';

type Obj = Record<string, unknown>;

function specOf(obj: KubeObject): Obj {
  if (!isObject(obj.spec)) obj.spec = {};
  return obj.spec as Obj;
}

function defaultTemplate(spec: Obj): void {
  const template = spec.template;
  if (isObject(template) && isObject(template.spec)) defaultPodSpec(template.spec, false);
}

/** Validation common to every controller of pods with a template and a label selector. */
function validateTemplated(
  obj: KubeObject,
  ctx: StrategyContext,
  kind: string,
  restartPolicies: string[],
  mapSelector = false,
): FieldError[] {
  const errors: FieldError[] = [];
  const spec = (obj.spec ?? {}) as Obj;
  nonNegative(spec.replicas, 'spec.replicas', errors);
  withinLimit(spec.replicas, 'spec.replicas', ctx, errors);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errors);
  nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errors);
  const template = spec.template as Obj | undefined;
  const labels = (
    isObject(template) && isObject(template.metadata) ? template.metadata.labels : undefined
  ) as Record<string, string> | undefined;
  if (mapSelector) {
    // ReplicationController: a plain map, defaulted from the template labels.
    const sel = spec.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0)
      errors.push({ type: 'FieldValueRequired', field: 'spec.selector' });
    else if (labels && !Object.entries(sel).every(([k, v]) => labels[k] === v)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        value: labels,
        detail: '`selector` does not match template `labels`',
      });
    }
  } else if (spec.selector === undefined) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.selector' });
  } else {
    validateLabelSelector(spec.selector, 'spec.selector', errors);
    if (selectorEmpty(spec.selector)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.selector',
        value: new GoValue(goLabelSelector(spec.selector)),
        detail: `empty selector is invalid for ${kind}`,
      });
    } else if (isObject(template) && !selectorMatches(spec.selector, labels)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.template.metadata.labels',
        value: labels ?? {},
        detail: '`selector` does not match template `labels`',
      });
    }
  }
  if (!isObject(template)) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.template' });
    return errors;
  }
  // ValidateStatefulSetSpec: mounts may name a volumeClaimTemplate.
  const claimNames = Array.isArray(spec.volumeClaimTemplates)
    ? (spec.volumeClaimTemplates as Obj[])
        .map((t) => (isObject(t.metadata) ? String(t.metadata.name ?? '') : ''))
        .filter(Boolean)
    : [];
  errors.push(
    ...validatePodSpec(template.spec, 'spec.template.spec', {
      restartPolicies,
      extraVolumes: claimNames,
    }),
  );
  return errors;
}

function immutableSelector(obj: KubeObject, old: KubeObject, errors: FieldError[]): void {
  const sel = (obj.spec as Obj | undefined)?.selector;
  const oldSel = (old.spec as Obj | undefined)?.selector;
  if (!deepEqual(sel, oldSel))
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.selector',
      value: new GoValue(goLabelSelector(sel)),
      detail: IMMUTABLE_MSG,
    });
}

function validateRollingParams(
  ru: unknown,
  path: string,
  errors: FieldError[],
  allowBothZero = false,
): void {
  if (!isObject(ru)) return;
  validateIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`, errors);
  validateIntOrPercent(ru.maxSurge, `${path}.maxSurge`, errors);
  const mu = parseIntOrPercent(ru.maxUnavailable);
  const ms = parseIntOrPercent(ru.maxSurge);
  if (!allowBothZero && mu && ms && mu.n === 0 && ms.n === 0) {
    errors.push({
      type: 'FieldValueInvalid',
      field: `${path}.maxUnavailable`,
      value: goIntOrString(ru.maxUnavailable),
      detail: 'may not be 0 when `maxSurge` is 0',
    });
  }
}

export const deploymentStrategy: Strategy = {
  defaults(obj) {
    const spec = specOf(obj);
    setDefault(spec, 'replicas', 1);
    const strategy = ensureObject(spec, 'strategy');
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const ru = ensureObject(strategy, 'rollingUpdate');
      setDefault(ru, 'maxUnavailable', '25%');
      setDefault(ru, 'maxSurge', '25%');
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'progressDeadlineSeconds', 600);
    defaultTemplate(spec);
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj, ctx) {
    const errors = validateTemplated(obj, ctx, 'deployment', ['Always']);
    const spec = (obj.spec ?? {}) as Obj;
    const strategy = spec.strategy as Obj | undefined;
    if (strategy) {
      if (strategy.type !== 'RollingUpdate' && strategy.type !== 'Recreate') {
        errors.push({
          type: 'FieldValueNotSupported',
          field: 'spec.strategy.type',
          value: strategy.type,
          detail: 'supported values: "Recreate", "RollingUpdate"',
        });
      } else if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
        errors.push({
          type: 'FieldValueForbidden',
          field: 'spec.strategy.rollingUpdate',
          detail: "may not be specified when strategy `type` is 'Recreate'",
        });
      }
      validateRollingParams(strategy.rollingUpdate, 'spec.strategy.rollingUpdate', errors);
    }
    if (
      typeof spec.progressDeadlineSeconds === 'number' &&
      typeof spec.minReadySeconds === 'number' &&
      spec.progressDeadlineSeconds <= spec.minReadySeconds
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.progressDeadlineSeconds',
        value: spec.progressDeadlineSeconds,
        detail: 'must be greater than minReadySeconds',
      });
    }
    return errors;
  },
  validateUpdate(obj, old, ctx) {
    const errors = deploymentStrategy.validate?.(obj, ctx) ?? [];
    immutableSelector(obj, old, errors);
    return errors;
  },
};

export const replicaSetStrategy: Strategy = {
  defaults(obj) {
    const spec = specOf(obj);
    setDefault(spec, 'replicas', 1);
    defaultTemplate(spec);
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj, ctx) => validateTemplated(obj, ctx, 'replicaset', ['Always']),
  validateUpdate(obj, old, ctx) {
    const errors = validateTemplated(obj, ctx, 'replicaset', ['Always']);
    immutableSelector(obj, old, errors);
    return errors;
  },
};

export const replicationControllerStrategy: Strategy = {
  defaults(obj) {
    const spec = specOf(obj);
    setDefault(spec, 'replicas', 1);
    const template = spec.template as Obj | undefined;
    const labels =
      isObject(template) && isObject(template.metadata) ? template.metadata.labels : undefined;
    if (spec.selector === undefined && isObject(labels)) spec.selector = { ...labels };
    if (obj.metadata && obj.metadata.labels === undefined && isObject(labels))
      obj.metadata.labels = { ...(labels as Record<string, string>) };
    defaultTemplate(spec);
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj, ctx) => validateTemplated(obj, ctx, 'replicationcontroller', ['Always'], true),
};

const STS_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

export const statefulSetStrategy: Strategy = {
  defaults(obj) {
    const spec = specOf(obj);
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'podManagementPolicy', 'OrderedReady');
    const us = ensureObject(spec, 'updateStrategy');
    setDefault(us, 'type', 'RollingUpdate');
    if (us.type === 'RollingUpdate') setDefault(ensureObject(us, 'rollingUpdate'), 'partition', 0);
    setDefault(spec, 'revisionHistoryLimit', 10);
    const retention = ensureObject(spec, 'persistentVolumeClaimRetentionPolicy');
    setDefault(retention, 'whenDeleted', 'Retain');
    setDefault(retention, 'whenScaled', 'Retain');
    if (Array.isArray(spec.volumeClaimTemplates)) {
      for (const t of spec.volumeClaimTemplates) {
        if (!isObject(t)) continue;
        setDefault(t, 'apiVersion', 'v1');
        setDefault(t, 'kind', 'PersistentVolumeClaim');
        if (isObject(t.spec)) setDefault(t.spec, 'volumeMode', 'Filesystem');
        setDefault(t, 'status', { phase: 'Pending' });
      }
    }
    defaultTemplate(spec);
  },
  prepareForCreate(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
  validate(obj, ctx) {
    const errors = validateTemplated(obj, ctx, 'statefulset', ['Always']);
    const spec = (obj.spec ?? {}) as Obj;
    if (
      spec.podManagementPolicy !== undefined &&
      !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy as string)
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.podManagementPolicy',
        value: spec.podManagementPolicy,
        detail: "must be 'OrderedReady' or 'Parallel'",
      });
    }
    const us = spec.updateStrategy as Obj | undefined;
    if (us && !['RollingUpdate', 'OnDelete'].includes(us.type as string)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.updateStrategy',
        value: us.type,
        detail: "must be 'RollingUpdate' or 'OnDelete'",
      });
    }
    if (us && isObject(us.rollingUpdate))
      nonNegative(
        us.rollingUpdate.partition,
        'spec.updateStrategy.rollingUpdate.partition',
        errors,
      );
    return errors;
  },
  validateUpdate(obj, old, ctx) {
    const errors = statefulSetStrategy.validate?.(obj, ctx) ?? [];
    const spec = { ...((obj.spec ?? {}) as Obj) };
    const oldSpec = { ...((old.spec ?? {}) as Obj) };
    for (const k of STS_MUTABLE) {
      delete spec[k];
      delete oldSpec[k];
    }
    if (!deepEqual(spec, oldSpec)) {
      errors.push({
        type: 'FieldValueForbidden',
        field: 'spec',
        detail:
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      });
    }
    return errors;
  },
};

export const daemonSetStrategy: Strategy = {
  defaults(obj) {
    const spec = specOf(obj);
    const us = ensureObject(spec, 'updateStrategy');
    setDefault(us, 'type', 'RollingUpdate');
    if (us.type === 'RollingUpdate') {
      const ru = ensureObject(us, 'rollingUpdate');
      setDefault(ru, 'maxUnavailable', 1);
      setDefault(ru, 'maxSurge', 0);
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    defaultTemplate(spec);
  },
  prepareForCreate(obj) {
    obj.status = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    };
  },
  validate(obj, ctx) {
    const errors = validateTemplated(obj, ctx, 'daemonset', ['Always']);
    const us = ((obj.spec ?? {}) as Obj).updateStrategy as Obj | undefined;
    if (us && !['RollingUpdate', 'OnDelete'].includes(us.type as string)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'spec.updateStrategy.type',
        value: us.type,
        detail: 'supported values: "OnDelete", "RollingUpdate"',
      });
    }
    if (us && isObject(us.rollingUpdate))
      validateRollingParams(us.rollingUpdate, 'spec.updateStrategy.rollingUpdate', errors);
    return errors;
  },
  validateUpdate(obj, old, ctx) {
    const errors = daemonSetStrategy.validate?.(obj, ctx) ?? [];
    immutableSelector(obj, old, errors);
    return errors;
  },
};

export const controllerRevisionStrategy: Strategy = {
  validate(obj) {
    const errors: FieldError[] = [];
    if (typeof obj.revision !== 'number')
      errors.push({ type: 'FieldValueRequired', field: 'revision' });
    nonNegative(obj.revision, 'revision', errors);
    return errors;
  },
  validateUpdate(obj, old) {
    const errors = controllerRevisionStrategy.validate?.(obj, {} as StrategyContext) ?? [];
    if (!deepEqual(obj.data, old.data))
      errors.push({
        type: 'FieldValueInvalid',
        field: 'data',
        value: new GoValue('runtime.RawExtension{...}'),
        detail: IMMUTABLE_MSG,
      });
    return errors;
  },
};
