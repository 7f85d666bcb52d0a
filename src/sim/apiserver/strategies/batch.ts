/**
 * batch/v1 Job and CronJob: defaults (pkg/apis/batch/v1/defaults.go), the generated selector
 * (pkg/registry/batch/job/strategy.go generateSelector: `batch.kubernetes.io/controller-uid`,
 * `batch.kubernetes.io/job-name` and their legacy twins) and validation
 * (pkg/apis/batch/validation/validation.go): restartPolicy OnFailure/Never, immutable template
 * and selector, non-negative counts, schedule format.
 */
import type { Strategy, StrategyContext } from '../strategy.ts';
import type { FieldError } from '../status.ts';
import { deepEqual, isObject } from '../object-util.ts';
import { defaultPodSpec, validatePodSpec } from './pod-spec.ts';
import {
  GoValue,
  IMMUTABLE_MSG,
  ensureObject,
  goLabelSelector,
  nonNegative,
  selectorMatches,
  setDefault,
  withinLimit,
} from './validation-util.ts';

type Obj = Record<string, unknown>;

const JOB_RESTART = ['OnFailure', 'Never'];

/** Job spec defaults (SetDefaults_Job), also used for CronJob job templates. */
function defaultJobSpec(
  spec: Obj,
  labels: Record<string, string> | undefined,
  meta: { labels?: Record<string, string> } | undefined,
): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  if (spec.podReplacementPolicy === undefined)
    spec.podReplacementPolicy = spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  if (meta && meta.labels === undefined && labels) meta.labels = { ...labels };
  const template = spec.template;
  if (isObject(template) && isObject(template.spec)) defaultPodSpec(template.spec, false);
}

function templateLabels(spec: Obj): Record<string, string> | undefined {
  const t = spec.template;
  return isObject(t) && isObject(t.metadata)
    ? (t.metadata.labels as Record<string, string> | undefined)
    : undefined;
}

function validateJobSpec(
  spec: Obj,
  path: string,
  ctx: StrategyContext,
  errors: FieldError[],
  checkSelector: boolean,
): void {
  for (const k of [
    'parallelism',
    'completions',
    'backoffLimit',
    'activeDeadlineSeconds',
    'ttlSecondsAfterFinished',
  ])
    nonNegative(spec[k], `${path}.${k}`, errors);
  withinLimit(spec.parallelism, `${path}.parallelism`, ctx, errors);
  withinLimit(spec.completions, `${path}.completions`, ctx, errors);
  if (
    spec.completionMode !== undefined &&
    !['NonIndexed', 'Indexed'].includes(spec.completionMode as string)
  ) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: `${path}.completionMode`,
      value: spec.completionMode,
      detail: 'supported values: "NonIndexed", "Indexed"',
    });
  }
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) {
    errors.push({
      type: 'FieldValueRequired',
      field: `${path}.completions`,
      detail: 'when completion mode is Indexed',
    });
  }
  const template = spec.template;
  if (!isObject(template)) {
    errors.push({ type: 'FieldValueRequired', field: `${path}.template` });
    return;
  }
  const podSpec = template.spec as Obj | undefined;
  if (
    isObject(podSpec) &&
    (podSpec.restartPolicy === undefined || podSpec.restartPolicy === 'Always')
  ) {
    errors.push({
      type: 'FieldValueNotSupported',
      field: `${path}.template.spec.restartPolicy`,
      value: podSpec.restartPolicy ?? '',
      detail: 'supported values: "OnFailure", "Never"',
    });
  }
  errors.push(
    ...validatePodSpec(podSpec, `${path}.template.spec`, { restartPolicies: JOB_RESTART }).filter(
      (e) => e.field !== `${path}.template.spec.restartPolicy`,
    ),
  );
  if (checkSelector) {
    if (spec.selector === undefined)
      errors.push({ type: 'FieldValueRequired', field: `${path}.selector` });
    else if (!selectorMatches(spec.selector, templateLabels(spec))) {
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.template.metadata.labels`,
        value: templateLabels(spec) ?? {},
        detail: '`selector` does not match template `labels`',
      });
    }
  }
}

export const jobStrategy: Strategy = {
  defaults(obj) {
    if (!isObject(obj.spec)) obj.spec = {};
    const spec = obj.spec as Obj;
    defaultJobSpec(spec, templateLabels(spec), obj.metadata);
  },
  prepareForCreate(obj) {
    obj.status = {};
    const spec = (isObject(obj.spec) ? obj.spec : (obj.spec = {})) as Obj;
    if (spec.manualSelector === true) return;
    // generateSelector: the controller-uid label ties pods to this Job only.
    const uid = obj.metadata?.uid ?? '';
    const name = obj.metadata?.name ?? '';
    const template = ensureObject(spec, 'template');
    const tmeta = ensureObject(template, 'metadata');
    tmeta.labels = {
      ...((tmeta.labels as Record<string, string>) ?? {}),
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    };
    if (spec.selector === undefined)
      spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  },
  validate(obj, ctx) {
    const errors: FieldError[] = [];
    validateJobSpec((obj.spec ?? {}) as Obj, 'spec', ctx, errors, true);
    return errors;
  },
  validateUpdate(obj, old, ctx) {
    const errors = jobStrategy.validate?.(obj, ctx) ?? [];
    const spec = (obj.spec ?? {}) as Obj;
    const oldSpec = (old.spec ?? {}) as Obj;
    if (!deepEqual(spec.selector, oldSpec.selector))
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.selector',
        value: new GoValue(goLabelSelector(spec.selector)),
        detail: IMMUTABLE_MSG,
      });
    // The template may change only while the Job is suspended (scheduling directives), else it is immutable.
    if (!deepEqual(spec.template, oldSpec.template) && !(oldSpec.suspend === true)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.template',
        value: new GoValue('core.PodTemplateSpec{...}'),
        detail: IMMUTABLE_MSG,
      });
    }
    if (!deepEqual(spec.completionMode, oldSpec.completionMode))
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.completionMode',
        value: spec.completionMode,
        detail: IMMUTABLE_MSG,
      });
    return errors;
  },
};

const CRON_FIELD = /^[\d*?/,\-A-Za-z]+$/;

/** A light check of the cron syntax robfig/cron accepts (5 fields, or an @descriptor, optional TZ=). */
export function cronScheduleError(schedule: string): string | undefined {
  let s = schedule.trim();
  if (/^(CRON_TZ|TZ)=\S+\s+/.test(s))
    return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (s.startsWith('@')) {
    if (
      ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'].includes(s)
    )
      return undefined;
    if (s.startsWith('@every ')) return undefined;
    return `unrecognized descriptor: ${s}`;
  }
  s = s.replace(/\s+/g, ' ');
  const fields = s.split(' ');
  if (fields.length !== 5)
    return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const f of fields)
    if (!CRON_FIELD.test(f))
      return `failed to parse int from ${f}: strconv.Atoi: parsing "${f}": invalid syntax`;
  return undefined;
}

export const cronJobStrategy: Strategy = {
  defaults(obj) {
    if (!isObject(obj.spec)) obj.spec = {};
    const spec = obj.spec as Obj;
    setDefault(spec, 'concurrencyPolicy', 'Allow');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'successfulJobsHistoryLimit', 3);
    setDefault(spec, 'failedJobsHistoryLimit', 1);
    const jt = spec.jobTemplate;
    if (isObject(jt) && isObject(jt.spec)) {
      const js = jt.spec as Obj;
      if (js.completions === undefined && js.parallelism === undefined) {
        js.completions = 1;
        js.parallelism = 1;
      }
      setDefault(js, 'parallelism', 1);
      setDefault(js, 'backoffLimit', 6);
      setDefault(js, 'completionMode', 'NonIndexed');
      setDefault(js, 'suspend', false);
      if (js.podReplacementPolicy === undefined)
        js.podReplacementPolicy = js.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
      const t = js.template;
      if (isObject(t) && isObject(t.spec)) defaultPodSpec(t.spec, false);
    }
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj, ctx) {
    const errors: FieldError[] = [];
    const spec = (obj.spec ?? {}) as Obj;
    if (!spec.schedule) errors.push({ type: 'FieldValueRequired', field: 'spec.schedule' });
    else {
      const problem = cronScheduleError(String(spec.schedule));
      if (problem)
        errors.push({
          type: 'FieldValueInvalid',
          field: 'spec.schedule',
          value: spec.schedule,
          detail: problem,
        });
    }
    if (
      spec.concurrencyPolicy !== undefined &&
      !['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy as string)
    ) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'spec.concurrencyPolicy',
        value: spec.concurrencyPolicy,
        detail: 'supported values: "Allow", "Forbid", "Replace"',
      });
    }
    for (const k of [
      'startingDeadlineSeconds',
      'successfulJobsHistoryLimit',
      'failedJobsHistoryLimit',
    ])
      nonNegative(spec[k], `spec.${k}`, errors);
    const jt = spec.jobTemplate;
    if (!isObject(jt) || !isObject(jt.spec))
      errors.push({ type: 'FieldValueRequired', field: 'spec.jobTemplate' });
    else validateJobSpec(jt.spec, 'spec.jobTemplate.spec', ctx, errors, false);
    const name = obj.metadata?.name ?? '';
    // The Job name (<cronjob>-<minutes>) must stay a valid name: cronjob names are limited to 52 characters.
    if (name.length > 52)
      errors.push({
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        value: name,
        detail: 'must be no more than 52 characters',
      });
    return errors;
  },
};
