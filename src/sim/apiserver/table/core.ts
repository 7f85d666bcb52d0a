/**
 * Printers of core/v1 resources as kube-apiserver 1.32 prints them
 * (pkg/printers/internalversion/printers.go): nodes, namespaces, services, endpoints, configmaps,
 * secrets, service accounts, persistent volumes and claims, events, resource quotas.
 */
import type { KubeObject } from '../../api/types';
import {
  ageColumn,
  col,
  field,
  formatLabels,
  list,
  nameColumn,
  num,
  record,
  str,
  ageOf as age,
  nameOf as name,
  type ResourcePrinter,
} from './format';

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
    col(
      'OS-Image',
      'string',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      1,
    ),
    col(
      'Kernel-Version',
      'string',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    col(
      'Container-Runtime',
      'string',
      'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      1,
    ),
  ],
  cells(node, { nowMs }) {
    // Only the Ready condition is shown: Ready, NotReady (False or Unknown), or Unknown when absent.
    const ready = list(field(node.status, 'conditions'))
      .filter((c) => field(c, 'type') === 'Ready')
      .pop();
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
    return nodePort > 0
      ? `${num(field(port, 'port'))}:${nodePort}/${protocol}`
      : `${num(field(port, 'port'))}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

export const servicePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service and is usually assigned randomly.',
    ),
    col(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    col(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      1,
    ),
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
  columns: [
    nameColumn(),
    col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    ageColumn(),
  ],
  cells: (endpoints, { nowMs }) => [
    name(endpoints),
    formatEndpoints(endpoints),
    age(endpoints, nowMs),
  ],
};

export const configMapPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Data', 'string', 'Data contains the configuration data.'),
    ageColumn(),
  ],
  cells: (cm, { nowMs }) => [
    name(cm),
    Object.keys(record(cm.data)).length + Object.keys(record(cm.binaryData)).length,
    age(cm, nowMs),
  ],
};

export const secretPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    col('Data', 'string', 'Data contains the secret data.'),
    ageColumn(),
  ],
  // The API server counts `data` only; stringData is merged into data on write.
  cells: (secret, { nowMs }) => [
    name(secret),
    str(secret.type),
    Object.keys(record(secret.data)).length,
    age(secret, nowMs),
  ],
};

export const serviceAccountPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    ageColumn(),
  ],
  cells: (sa, { nowMs }) => [name(sa), list(sa.secrets).length, age(sa, nowMs)],
};
