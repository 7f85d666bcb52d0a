/**
 * Printers of core/v1 resources as kube-apiserver 1.32 prints them
 * (pkg/printers/internalversion/printers.go): nodes, namespaces, services, endpoints, configmaps,
 * secrets, service accounts, persistent volumes and claims, events, resource quotas.
 */
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from './duration';
import {
  accessModesAsString,
  ageColumn,
  col,
  field,
  formatLabels,
  list,
  nameColumn,
  num,
  quantity,
  record,
  str,
  type ResourcePrinter,
} from './format';

const age = (object: KubeObject, nowMs: number) => translateTimestampSince(object.metadata?.creationTimestamp, nowMs);
const name = (object: KubeObject) => object.metadata?.name ?? '';

/** findNodeRoles: `node-role.kubernetes.io/<role>` labels and the legacy `kubernetes.io/role`. */
function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role.length > 0) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  const address = list(field(node.status, 'addresses')).find((a) => field(a, 'type') === type);
  return address === undefined ? '<none>' : str(field(address, 'address'));
}

export const nodePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(node, { nowMs }) {
    // Only the Ready condition is shown: Ready, NotReady (False or Unknown), or Unknown when absent.
    const ready = list(field(node.status, 'conditions')).filter((c) => field(c, 'type') === 'Ready').pop();
    const status: string[] = [];
    if (ready !== undefined) status.push(field(ready, 'status') === 'True' ? 'Ready' : 'NotReady');
    if (status.length === 0) status.push('Unknown');
    if (field(node.spec, 'unschedulable') === true) status.push('SchedulingDisabled');
    const info = field(node.status, 'nodeInfo');
    return [
      name(node),
      status.join(','),
      nodeRoles(node),
      age(node, nowMs),
      str(field(info, 'kubeletVersion')),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      str(field(info, 'osImage')) || '<unknown>',
      str(field(info, 'kernelVersion')) || '<unknown>',
      str(field(info, 'containerRuntimeVersion')) || '<unknown>',
    ];
  },
};

export const namespacePrinter: ResourcePrinter = {
  columns: [nameColumn(), col('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells: (ns, { nowMs }) => [name(ns), str(field(ns.status, 'phase')), age(ns, nowMs)],
};

/** loadBalancerStatusStringer (wide): sorted unique IPs or hostnames. */
function loadBalancerIngress(status: unknown): string[] {
  const values = new Set<string>();
  for (const ingress of list(field(status, 'ingress'))) {
    const ip = str(field(ingress, 'ip'));
    const hostname = str(field(ingress, 'hostname'));
    if (ip !== '') values.add(ip);
    else if (hostname !== '') values.add(hostname);
  }
  return [...values].sort();
}

/** getServiceExternalIP. */
function serviceExternalIP(service: KubeObject): string {
  const externalIPs = list(field(service.spec, 'externalIPs')).map(str);
  switch (field(service.spec, 'type')) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(field(service.status, 'loadBalancer'));
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return str(field(service.spec, 'externalName'));
    default:
      return '<unknown>';
  }
}

/** makePortString: `80/TCP`, `80:30080/TCP`, comma separated. */
function servicePorts(service: KubeObject): string {
  const pieces = list(field(service.spec, 'ports')).map((port) => {
    const protocol = str(field(port, 'protocol'));
    const nodePort = num(field(port, 'nodePort'));
    return nodePort > 0 ? `${num(field(port, 'port'))}:${nodePort}/${protocol}` : `${num(field(port, 'port'))}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

export const servicePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells(service, { nowMs }) {
    const clusterIPs = list(field(service.spec, 'clusterIPs')).map(str);
    return [
      name(service),
      str(field(service.spec, 'type')),
      clusterIPs.length > 0 ? clusterIPs[0] : '<none>',
      serviceExternalIP(service),
      servicePorts(service),
      age(service, nowMs),
      formatLabels(field(service.spec, 'selector')),
    ];
  },
};

/** formatEndpoints: up to three `ip:port`, then `+ N more...`; `<none>` without subsets. */
export function formatEndpoints(endpoints: KubeObject): string {
  const subsets = list(endpoints.subsets);
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const subset of subsets) {
    const addresses = list(field(subset, 'addresses'));
    const ports = list(field(subset, 'ports'));
    if (ports.length === 0) {
      // Headless services may have no ports.
      count += addresses.length;
      for (const address of addresses) {
        if (shown.length === max) {
          more = true;
          break;
        }
        shown.push(str(field(address, 'ip')));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const address of addresses) {
        if (shown.length === max) {
          more = true;
          break;
        }
        const ip = str(field(address, 'ip'));
        // net.JoinHostPort brackets IPv6 addresses.
        shown.push(`${ip.includes(':') ? `[${ip}]` : ip}:${num(field(port, 'port'))}`);
      }
    }
  }
  const text = shown.join(',');
  return more ? `${text} + ${count - max} more...` : text;
}

export const endpointsPrinter: ResourcePrinter = {
  columns: [nameColumn(), col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), ageColumn()],
  cells: (endpoints, { nowMs }) => [name(endpoints), formatEndpoints(endpoints), age(endpoints, nowMs)],
};

export const configMapPrinter: ResourcePrinter = {
  columns: [nameColumn(), col('Data', 'string', 'Data contains the configuration data.'), ageColumn()],
  cells: (cm, { nowMs }) => [name(cm), Object.keys(record(cm.data)).length + Object.keys(record(cm.binaryData)).length, age(cm, nowMs)],
};

export const secretPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    col('Data', 'string', 'Data contains the secret data.'),
    ageColumn(),
  ],
  // The API server counts `data` only; stringData is merged into data on write.
  cells: (secret, { nowMs }) => [name(secret), str(secret.type), Object.keys(record(secret.data)).length, age(secret, nowMs)],
};

export const serviceAccountPrinter: ResourcePrinter = {
  columns: [nameColumn(), col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageColumn()],
  cells: (sa, { nowMs }) => [name(sa), list(sa.secrets).length, age(sa, nowMs)],
};

/** GetPersistentVolume(Claim)Class: the beta annotation wins over storageClassName. */
function storageClassOf(object: KubeObject, className: unknown): string {
  const annotation = object.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return annotation !== undefined ? annotation : str(className);
}

export const persistentVolumePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    ageColumn(),
    col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells(pv, { nowMs }) {
    const claimRef = field(pv.spec, 'claimRef');
    const claim = claimRef === undefined ? '' : `${str(field(claimRef, 'namespace'))}/${str(field(claimRef, 'name'))}`;
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
    col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn(),
    col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(pvc, { nowMs }) {
    const volumeName = str(field(pvc.spec, 'volumeName'));
    const bound = volumeName !== '';
    const volumeMode = field(pvc.spec, 'volumeMode');
    const vac = field(pvc.spec, 'volumeAttributesClassName');
    return [
      name(pvc),
      pvc.metadata?.deletionTimestamp !== undefined ? 'Terminating' : str(field(pvc.status, 'phase')),
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

export const eventPrinter: ResourcePrinter = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.', 1),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    { ...nameColumn(), priority: 1 },
  ],
  cells(event, { nowMs }) {
    const firstSeen =
      event.firstTimestamp !== undefined && event.firstTimestamp !== null
        ? translateTimestampSince(event.firstTimestamp, nowMs)
        : translateTimestampSince(event.eventTime, nowMs);
    let lastSeen = event.lastTimestamp !== undefined && event.lastTimestamp !== null ? translateTimestampSince(event.lastTimestamp, nowMs) : firstSeen;
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
    col('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'string', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
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
