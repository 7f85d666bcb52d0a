/**
 * Server-side Tables (meta.k8s.io/v1 Table), what `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`. Built-in resources use the printers of
 * kube-apiserver 1.32 (pkg/printers/internalversion/printers.go); the server always fills every
 * column, wide ones included (pkg/printers/storage `TableConvertor` generates with Wide: true), and
 * kubectl shows priority-0 columns normally and all of them with `-o wide`. Built-in resources
 * without a printer (Roles, ClusterRoles, CRDs, LimitRanges...) get the default convertor's
 * `Name, Created At` (apiserver pkg/registry/rest/table.go); custom resources get `Name` plus the
 * CRD's additionalPrinterColumns, or `Age` when it declares none (apiextensions-apiserver
 * tableconvertor).
 */
import type { KubeObject } from '../../api/types';
import { isBuiltInGroup } from '../built-in-groups';
import { formatRfc3339, parseTimestamp } from './duration';
import {
  CREATION_TIMESTAMP_DESCRIPTION,
  nameColumn,
  col,
  type ColumnDefinition,
  type ResourcePrinter,
} from './format';
import { podPrinter } from './pods';
import {
  configMapPrinter,
  endpointsPrinter,
  namespacePrinter,
  nodePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core';
import {
  eventPrinter,
  eventsV1Printer,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  resourceQuotaPrinter,
} from './storage';
import {
  controllerRevisionPrinter,
  horizontalPodAutoscalerPrinter,
  podDisruptionBudgetPrinter,
  podTemplatePrinter,
} from './autoscaling';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads';
import {
  certificateSigningRequestPrinter,
  clusterRoleBindingPrinter,
  csiNodePrinter,
  endpointSlicePrinter,
  ingressClassPrinter,
  ingressPrinter,
  leasePrinter,
  networkPolicyPrinter,
  priorityClassPrinter,
  roleBindingPrinter,
  runtimeClassPrinter,
  storageClassPrinter,
  volumeAttachmentPrinter,
  webhookConfigurationPrinter,
} from './cluster';
import { customResourcePrinter, type PrinterColumn } from './custom-resource';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface BuildTableArgs {
  group: string;
  resource: string;
  objects: KubeObject[];
  nowMs: number;
  includeObject?: IncludeObject;
  listMeta?: Record<string, unknown>;
  /**
   * For custom resources: the CRD version's `additionalPrinterColumns`. Undefined or empty gives
   * the default `Age` column.
   */
  printerColumns?: PrinterColumn[];
}

/** Printers by `group/resource` (core group is the empty string). */
const printers: Record<string, ResourcePrinter> = {
  '/pods': podPrinter,
  '/podtemplates': podTemplatePrinter,
  '/nodes': nodePrinter,
  '/namespaces': namespacePrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/persistentvolumes': persistentVolumePrinter,
  '/persistentvolumeclaims': persistentVolumeClaimPrinter,
  '/events': eventPrinter,
  'events.k8s.io/events': eventsV1Printer,
  '/resourcequotas': resourceQuotaPrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'autoscaling/horizontalpodautoscalers': horizontalPodAutoscalerPrinter,
  'policy/poddisruptionbudgets': podDisruptionBudgetPrinter,
  'networking.k8s.io/ingresses': ingressPrinter,
  'networking.k8s.io/ingressclasses': ingressClassPrinter,
  'networking.k8s.io/networkpolicies': networkPolicyPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'storage.k8s.io/storageclasses': storageClassPrinter,
  'storage.k8s.io/csinodes': csiNodePrinter,
  'storage.k8s.io/volumeattachments': volumeAttachmentPrinter,
  'scheduling.k8s.io/priorityclasses': priorityClassPrinter,
  'certificates.k8s.io/certificatesigningrequests': certificateSigningRequestPrinter,
  'rbac.authorization.k8s.io/rolebindings': roleBindingPrinter,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'node.k8s.io/runtimeclasses': runtimeClassPrinter,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': webhookConfigurationPrinter,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': webhookConfigurationPrinter,
};

/** The default table convertor: Name and Created At (an RFC 3339 date, not an age). */
const defaultPrinter: ResourcePrinter = {
  columns: [nameColumn(), col('Created At', 'date', CREATION_TIMESTAMP_DESCRIPTION)],
  cells(object) {
    const created = parseTimestamp(object.metadata?.creationTimestamp);
    // Go formats the zero time for an object without a creation timestamp.
    return [
      object.metadata?.name ?? '',
      created === undefined ? '0001-01-01T00:00:00Z' : formatRfc3339(created),
    ];
  },
};

/** The printer used for a resource. */
export function printerFor(
  group: string,
  resource: string,
  printerColumns?: PrinterColumn[],
): ResourcePrinter {
  const printer = printers[`${group}/${resource}`];
  if (printer) return printer;
  // Built-in groups the simulation does not print (authentication, storagemigration, …) serve no
  // lists, so only the groups with listable resources reach this line.
  if (isBuiltInGroup(group)) return defaultPrinter;
  return customResourcePrinter(printerColumns);
}

/** The column definitions a Table of this resource carries. */
export function columnDefinitionsFor(
  group: string,
  resource: string,
  printerColumns?: PrinterColumn[],
): ColumnDefinition[] {
  return printerFor(group, resource, printerColumns).columns;
}

function rowObject(object: KubeObject, includeObject: IncludeObject): unknown {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return object;
  // PartialObjectMetadata in meta.k8s.io/v1, what kubectl asks for by default (includeObject=Metadata).
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: object.metadata ?? {},
  };
}

/** Builds a meta.k8s.io/v1 Table for a list of objects of one resource. */
export function buildTable(args: BuildTableArgs): KubeObject {
  const printer = printerFor(args.group, args.resource, args.printerColumns);
  const includeObject = args.includeObject ?? 'Metadata';
  const rows = args.objects.map((object) => {
    const row: Record<string, unknown> = { cells: printer.cells(object, { nowMs: args.nowMs }) };
    const conditions = printer.conditions?.(object);
    if (conditions) row.conditions = conditions;
    const included = rowObject(object, includeObject);
    if (included !== undefined) row.object = included;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(args.listMeta ?? {}) },
    columnDefinitions: printer.columns.map((column) => ({ ...column })),
    rows,
  };
}

export type { ColumnDefinition, ResourcePrinter } from './format';
export type { PrinterColumn } from './custom-resource';
export {
  humanDuration,
  shortHumanDuration,
  translateTimestampSince,
  parseTimestamp,
  formatRfc3339,
} from './duration';
export { podStatusCells } from './pods';
