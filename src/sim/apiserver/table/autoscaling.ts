/**
 * Printers of autoscaling and policy resources and of templates and revisions as kube-apiserver
 * 1.32 prints them (pkg/printers/internalversion/printers.go): HPAs, PDBs, pod templates,
 * controller revisions.
 */
import {
  ageColumn,
  col,
  field,
  formatLabels,
  intOrString,
  layoutContainerCells,
  list,
  nameColumn,
  num,
  str,
  ageOf as age,
  nameOf as name,
  type ResourcePrinter,
} from './format';

export const controllerRevisionPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn(),
  ],
  cells(object, { nowMs }) {
    const owner = (object.metadata?.ownerReferences ?? []).find(
      (reference) => reference.controller === true,
    );
    let controller = '<none>';
    if (owner) {
      // formatResourceName: lower-cased "kind.group/name".
      const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
      controller = `${(group ? `${owner.kind}.${group}` : owner.kind).toLowerCase()}/${owner.name}`;
    }
    return [name(object), controller, num(object.revision), age(object, nowMs)];
  },
};

function metricValue(value: unknown): string {
  return value === undefined || value === null ? '<unknown>' : intOrString(value);
}

/** formatHPAMetrics: up to two targets, `cpu: 40%/80%`, then `+ N more...`. */
function formatHpaMetrics(specs: unknown[], statuses: unknown[]): string {
  if (specs.length === 0) return '<none>';
  const items = specs.map((spec, index) => {
    const status = statuses[index];
    const type = field(spec, 'type');
    if (type === 'Resource' || type === 'ContainerResource') {
      const key = type === 'Resource' ? 'resource' : 'containerResource';
      const source = field(spec, key);
      const current = field(status, key, 'current');
      const target = field(source, 'target');
      const resource = str(field(source, 'name'));
      if (field(target, 'averageValue') !== undefined) {
        const value =
          field(status, key) !== undefined
            ? metricValue(field(current, 'averageValue'))
            : '<unknown>';
        return `${resource}: ${value}/${intOrString(field(target, 'averageValue'))}`;
      }
      const utilization = field(current, 'averageUtilization');
      const currentText = typeof utilization === 'number' ? `${utilization}%` : '<unknown>';
      const targetUtilization = field(target, 'averageUtilization');
      return `${resource}: ${currentText}/${typeof targetUtilization === 'number' ? `${targetUtilization}%` : '<auto>'}`;
    }
    if (type === 'Pods') {
      const current =
        field(status, 'pods') !== undefined
          ? metricValue(field(status, 'pods', 'current', 'averageValue'))
          : '<unknown>';
      return `${current}/${intOrString(field(spec, 'pods', 'target', 'averageValue'))}`;
    }
    if (type === 'Object' || type === 'External') {
      const key = type === 'Object' ? 'object' : 'external';
      const target = field(spec, key, 'target');
      if (field(target, 'averageValue') !== undefined) {
        const current = metricValue(field(status, key, 'current', 'averageValue'));
        return `${current}/${intOrString(field(target, 'averageValue'))} (avg)`;
      }
      const current =
        field(status, key) !== undefined
          ? metricValue(field(status, key, 'current', 'value'))
          : '<unknown>';
      return `${current}/${intOrString(field(target, 'value'))}`;
    }
    return '<unknown type>';
  });
  if (items.length > 2) return `${items.slice(0, 2).join(', ')} + ${items.length - 2} more...`;
  return items.join(', ');
}

export const horizontalPodAutoscalerPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Reference',
      'string',
      'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.',
    ),
    col(
      'Targets',
      'string',
      'metrics contains the specifications for which to use to calculate the desired replica count.',
    ),
    col(
      'MinPods',
      'string',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
    ),
    col(
      'MaxPods',
      'string',
      'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.',
    ),
    col(
      'Replicas',
      'string',
      'currentReplicas is current number of replicas of pods managed by this autoscaler.',
    ),
    ageColumn(),
  ],
  cells(hpa, { nowMs }) {
    const minReplicas = field(hpa.spec, 'minReplicas');
    return [
      name(hpa),
      `${str(field(hpa.spec, 'scaleTargetRef', 'kind'))}/${str(field(hpa.spec, 'scaleTargetRef', 'name'))}`,
      formatHpaMetrics(list(field(hpa.spec, 'metrics')), list(field(hpa.status, 'currentMetrics'))),
      typeof minReplicas === 'number' ? String(minReplicas) : '<unset>',
      num(field(hpa.spec, 'maxReplicas')),
      num(field(hpa.status, 'currentReplicas')),
      age(hpa, nowMs),
    ];
  },
};

export const podDisruptionBudgetPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col(
      'Allowed Disruptions',
      'integer',
      'Calculated number of pods that may be disrupted at this time.',
    ),
    ageColumn(),
  ],
  cells(pdb, { nowMs }) {
    const minAvailable = field(pdb.spec, 'minAvailable');
    const maxUnavailable = field(pdb.spec, 'maxUnavailable');
    return [
      name(pdb),
      minAvailable === undefined ? 'N/A' : intOrString(minAvailable),
      maxUnavailable === undefined ? 'N/A' : intOrString(maxUnavailable),
      num(field(pdb.status, 'disruptionsAllowed')),
      age(pdb, nowMs),
    ];
  },
};

export const podTemplatePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Containers', 'string', 'Names of each container in the template.'),
    col('Images', 'string', 'Images referenced by each container in the template.'),
    col('Pod Labels', 'string', 'The labels for the pod template.'),
  ],
  cells(object) {
    const [containers, images] = layoutContainerCells(
      field(object, 'template', 'spec', 'containers'),
    );
    return [
      name(object),
      containers,
      images,
      formatLabels(field(object, 'template', 'metadata', 'labels')),
    ];
  },
};
