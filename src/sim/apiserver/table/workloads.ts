/**
 * Printers of workload resources as kube-apiserver 1.32 prints them
 * (pkg/printers/internalversion/printers.go): deployments, replicasets, statefulsets, daemonsets,
 * jobs, cronjobs, replicationcontrollers, controllerrevisions, HPAs, PDBs, pod templates.
 */
import { humanDuration, parseTimestamp, translateTimestampSince } from './duration';
import {
  ageColumn,
  col,
  containersColumn,
  field,
  formatLabelSelector,
  formatLabels,
  imagesColumn,
  labelSelectorString,
  layoutContainerCells,
  list,
  nameColumn,
  num,
  str,
  boolPtr,
  ageOf as age,
  nameOf as name,
  type ResourcePrinter,
} from './format';
import type { KubeObject } from '../../api/types';

const templateContainers = (object: KubeObject) =>
  field(object.spec, 'template', 'spec', 'containers');
const selectorColumn = (description: string) => col('Selector', 'string', description, 1);

export const deploymentPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'Number of the pod with ready state'),
    col(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    col(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn(
      'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
    ),
  ],
  cells(object, { nowMs }) {
    const [containers, images] = layoutContainerCells(templateContainers(object));
    return [
      name(object),
      `${num(field(object.status, 'readyReplicas'))}/${num(field(object.spec, 'replicas'))}`,
      num(field(object.status, 'updatedReplicas')),
      num(field(object.status, 'availableReplicas')),
      age(object, nowMs),
      containers,
      images,
      labelSelectorString(field(object.spec, 'selector')),
    ];
  },
};

function replicaCountPrinter(selectorIsMap: boolean): ResourcePrinter {
  return {
    columns: [
      nameColumn(),
      col('Desired', 'integer', 'Replicas is the number of desired replicas.'),
      col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
      col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
      ageColumn(),
      containersColumn(),
      imagesColumn(),
      selectorColumn('Selector is a label query over pods that should match the replica count.'),
    ],
    cells(object, { nowMs }) {
      const [containers, images] = layoutContainerCells(templateContainers(object));
      const selector = field(object.spec, 'selector');
      return [
        name(object),
        num(field(object.spec, 'replicas')),
        num(field(object.status, 'replicas')),
        num(field(object.status, 'readyReplicas')),
        age(object, nowMs),
        containers,
        images,
        selectorIsMap ? formatLabels(selector) : formatLabelSelector(selector),
      ];
    },
  };
}

export const replicaSetPrinter = replicaCountPrinter(false);
export const replicationControllerPrinter = replicaCountPrinter(true);

export const statefulSetPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
  ],
  cells(object, { nowMs }) {
    const [containers, images] = layoutContainerCells(templateContainers(object));
    return [
      name(object),
      `${num(field(object.status, 'readyReplicas'))}/${num(field(object.spec, 'replicas'))}`,
      age(object, nowMs),
      containers,
      images,
    ];
  },
};

export const daemonSetPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Desired',
      'integer',
      'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
    ),
    col(
      'Current',
      'integer',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    ),
    col(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.',
    ),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
    ),
    col(
      'Node Selector',
      'string',
      'NodeSelector is a selector which must be true for the pod to fit on a node.',
    ),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn('A label query over pods that are managed by the daemon set.'),
  ],
  cells(object, { nowMs }) {
    const [containers, images] = layoutContainerCells(templateContainers(object));
    const status = object.status;
    return [
      name(object),
      num(field(status, 'desiredNumberScheduled')),
      num(field(status, 'currentNumberScheduled')),
      num(field(status, 'numberReady')),
      num(field(status, 'updatedNumberScheduled')),
      num(field(status, 'numberAvailable')),
      formatLabels(field(object.spec, 'template', 'spec', 'nodeSelector')),
      age(object, nowMs),
      containers,
      images,
      formatLabelSelector(field(object.spec, 'selector')),
    ];
  },
};

function jobConditionTrue(job: KubeObject, type: string): boolean {
  // hasJobCondition: the first condition of that type decides.
  const condition = list(field(job.status, 'conditions')).find((c) => field(c, 'type') === type);
  return condition !== undefined && field(condition, 'status') === 'True';
}

export const jobPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  cells(job, { nowMs }) {
    const succeeded = num(field(job.status, 'succeeded'));
    const completions = field(job.spec, 'completions');
    const parallelism = num(field(job.spec, 'parallelism'));
    let completionsText: string;
    if (typeof completions === 'number') completionsText = `${succeeded}/${completions}`;
    else completionsText = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = parseTimestamp(field(job.status, 'startTime'));
    const end = parseTimestamp(field(job.status, 'completionTime'));
    const duration = start === undefined ? '' : humanDuration((end ?? nowMs) - start);
    let status = 'Running';
    if (jobConditionTrue(job, 'Complete')) status = 'Complete';
    else if (jobConditionTrue(job, 'Failed')) status = 'Failed';
    else if (job.metadata?.deletionTimestamp !== undefined) status = 'Terminating';
    else if (jobConditionTrue(job, 'Suspended')) status = 'Suspended';
    else if (jobConditionTrue(job, 'FailureTarget')) status = 'FailureTarget';
    const [containers, images] = layoutContainerCells(templateContainers(job));
    return [
      name(job),
      status,
      completionsText,
      duration,
      age(job, nowMs),
      containers,
      images,
      formatLabelSelector(field(job.spec, 'selector')),
    ];
  },
};

export const cronJobPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Schedule',
      'string',
      'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.',
    ),
    col(
      'Timezone',
      'string',
      'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.',
    ),
    col(
      'Suspend',
      'boolean',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.',
    ),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col(
      'Last Schedule',
      'string',
      'Information when was the last time the job was successfully scheduled.',
    ),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    selectorColumn('A label query over pods that should match the pod count.'),
  ],
  cells(cronJob, { nowMs }) {
    const lastSchedule = field(cronJob.status, 'lastScheduleTime');
    const timeZone = field(cronJob.spec, 'timeZone');
    const jobSpec = field(cronJob.spec, 'jobTemplate', 'spec');
    const [containers, images] = layoutContainerCells(
      field(jobSpec, 'template', 'spec', 'containers'),
    );
    return [
      name(cronJob),
      str(field(cronJob.spec, 'schedule')),
      typeof timeZone === 'string' ? timeZone : '<none>',
      boolPtr(field(cronJob.spec, 'suspend')),
      list(field(cronJob.status, 'active')).length,
      lastSchedule === undefined ? '<none>' : translateTimestampSince(lastSchedule, nowMs),
      age(cronJob, nowMs),
      containers,
      images,
      formatLabelSelector(field(jobSpec, 'selector')),
    ];
  },
};
