/**
 * Printers of persistent volumes and claims, events and resource quotas as kube-apiserver 1.32
 * prints them (pkg/printers/internalversion/printers.go).
 */
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from './duration';
import {
  accessModesAsString,
  ageColumn,
  col,
  field,
  nameColumn,
  num,
  quantity,
  record,
  str,
  ageOf as age,
  nameOf as name,
  type ResourcePrinter,
} from './format';

/** GetPersistentVolume(Claim)Class: the beta annotation wins over storageClassName. */
function storageClassOf(object: KubeObject, className: unknown): string {
  const annotation = object.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return annotation !== undefined ? annotation : str(className);
}

export const persistentVolumePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Capacity',
      'string',
      "capacity is the description of the persistent volume's resources and capacity.",
    ),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col(
      'Reclaim Policy',
      'string',
      'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.',
    ),
    col(
      'Status',
      'string',
      'phase indicates if a volume is available, bound to a claim, or released by a claim.',
    ),
    col(
      'Claim',
      'string',
      'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.',
    ),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col(
      'Reason',
      'string',
      'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
    ),
    ageColumn(),
    col(
      'VolumeMode',
      'string',
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.',
      1,
    ),
  ],
  cells(pv, { nowMs }) {
    const claimRef = field(pv.spec, 'claimRef');
    const claim =
      claimRef === undefined
        ? ''
        : `${str(field(claimRef, 'namespace'))}/${str(field(claimRef, 'name'))}`;
    const volumeMode = field(pv.spec, 'volumeMode');
    const vac = field(pv.spec, 'volumeAttributesClassName');
    return [
      name(pv),
      quantity(field(pv.spec, 'capacity', 'storage')),
      accessModesAsString(field(pv.spec, 'accessModes')),
      str(field(pv.spec, 'persistentVolumeReclaimPolicy')),
      pv.metadata?.deletionTimestamp !== undefined ? 'Terminating' : str(field(pv.status, 'phase')),
      claim,
      storageClassOf(pv, field(pv.spec, 'storageClassName')),
      typeof vac === 'string' ? vac : '<unset>',
      str(field(pv.status, 'reason')),
      age(pv, nowMs),
      typeof volumeMode === 'string' ? volumeMode : '<unset>',
    ];
  },
};

export const persistentVolumeClaimPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col(
      'Volume',
      'string',
      'volumeName is the binding reference to the PersistentVolume backing this claim.',
    ),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col(
      'Access Modes',
      'string',
      'accessModes contains the actual access modes the volume backing the PVC has.',
    ),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    col(
      'VolumeMode',
      'string',
      'volumeMode defines what type of volume is required by the claim.',
      1,
    ),
  ],
  cells(pvc, { nowMs }) {
    const volumeName = str(field(pvc.spec, 'volumeName'));
    const bound = volumeName !== '';
    const volumeMode = field(pvc.spec, 'volumeMode');
    const vac = field(pvc.spec, 'volumeAttributesClassName');
    return [
      name(pvc),
      pvc.metadata?.deletionTimestamp !== undefined
        ? 'Terminating'
        : str(field(pvc.status, 'phase')),
      volumeName,
      bound ? quantity(field(pvc.status, 'capacity', 'storage')) : '',
      bound ? accessModesAsString(field(pvc.status, 'accessModes')) : '',
      storageClassOf(pvc, field(pvc.spec, 'storageClassName')),
      typeof vac === 'string' ? vac : '<unset>',
      age(pvc, nowMs),
      typeof volumeMode === 'string' ? volumeMode : '<unset>',
    ];
  },
};

/**
 * events.k8s.io/v1 Events are stored as core Events and printed by the same printer: map the
 * renamed fields back (regarding, note, deprecated* fields, reportingController).
 */
export function eventsV1ToCore(event: KubeObject): KubeObject {
  return {
    ...event,
    involvedObject: event.regarding,
    message: event.note,
    source: event.deprecatedSource,
    firstTimestamp: event.deprecatedFirstTimestamp,
    lastTimestamp: event.deprecatedLastTimestamp,
    count: event.deprecatedCount,
    reportingComponent: event.reportingController,
  };
}

export const eventsV1Printer: ResourcePrinter = {
  get columns() {
    return eventPrinter.columns;
  },
  cells: (event, context) => eventPrinter.cells(eventsV1ToCore(event), context),
};

export const eventPrinter: ResourcePrinter = {
  columns: [
    col(
      'Last Seen',
      'string',
      'The time at which the most recent occurrence of this event was recorded.',
    ),
    col(
      'Type',
      'string',
      'Type of this event (Normal, Warning), new types could be added in the future',
    ),
    col(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    col('Object', 'string', 'The object that this event is about.'),
    col(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
      1,
    ),
    col(
      'Source',
      'string',
      'The component reporting this event. Should be a short machine understandable string.',
      1,
    ),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col(
      'First Seen',
      'string',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      1,
    ),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    { ...nameColumn(), priority: 1 },
  ],
  cells(event, { nowMs }) {
    const firstSeen =
      event.firstTimestamp !== undefined && event.firstTimestamp !== null
        ? translateTimestampSince(event.firstTimestamp, nowMs)
        : translateTimestampSince(event.eventTime, nowMs);
    let lastSeen =
      event.lastTimestamp !== undefined && event.lastTimestamp !== null
        ? translateTimestampSince(event.lastTimestamp, nowMs)
        : firstSeen;
    let count = num(event.count);
    if (event.series !== undefined && event.series !== null) {
      lastSeen = translateTimestampSince(field(event.series, 'lastObservedTime'), nowMs);
      count = num(field(event.series, 'count'));
    } else if (count === 0) {
      count = 1; // Singleton events of the events.k8s.io API carry no count.
    }
    const kind = str(field(event.involvedObject, 'kind')).toLowerCase();
    const objectName = str(field(event.involvedObject, 'name'));
    const component = str(field(event.source, 'component')) || str(event.reportingComponent);
    const instance = str(field(event.source, 'host')) || str(event.reportingInstance);
    return [
      lastSeen,
      str(event.type),
      str(event.reason),
      objectName.length > 0 ? `${kind}/${objectName}` : kind,
      str(field(event.involvedObject, 'fieldPath')),
      instance.length === 0 ? component : `${component}, ${instance}`,
      str(event.message).trim(),
      firstSeen,
      count,
      name(event),
    ];
  },
};

export const resourceQuotaPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    col(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    ageColumn(),
  ],
  cells(quota, { nowMs }) {
    const hard = record(field(quota.status, 'hard'));
    const used = record(field(quota.status, 'used'));
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort()) {
      const text = `${resource}: ${quantity(used[resource])}/${quantity(hard[resource])}`;
      const pieces = resource.split('.');
      (pieces.length > 1 && pieces[0] === 'limits' ? limits : requests).push(text);
    }
    return [name(quota), requests.join(', '), limits.join(', '), age(quota, nowMs)];
  },
};
