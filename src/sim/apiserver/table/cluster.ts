/**
 * Printers of networking, storage, RBAC, scheduling, coordination and admission resources as
 * kube-apiserver 1.32 prints them (pkg/printers/internalversion/printers.go).
 */
import type { KubeObject } from '../../api/types';
import { humanDuration } from './duration';
import {
  ageColumn,
  col,
  field,
  formatLabelSelector,
  list,
  nameColumn,
  num,
  str,
  ageOf as age,
  nameOf as name,
  type ResourcePrinter,
} from './format';

/** formatHosts: up to three hosts, `*` when no rule names a host. */
function formatHosts(rules: unknown[]): string {
  const hosts: string[] = [];
  const max = 3;
  let more = false;
  for (const rule of rules) {
    if (hosts.length === max) more = true;
    const host = str(field(rule, 'host'));
    if (!more && host.length > 0) hosts.push(host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${rules.length - max} more...` : hosts.join(',');
}

function ingressAddress(ingress: KubeObject): string {
  const values = new Set<string>();
  for (const entry of list(field(ingress.status, 'loadBalancer', 'ingress'))) {
    const ip = str(field(entry, 'ip'));
    const hostname = str(field(entry, 'hostname'));
    if (ip !== '') values.add(ip);
    else if (hostname !== '') values.add(hostname);
  }
  return [...values].sort().join(',');
}

export const ingressPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    col(
      'Hosts',
      'string',
      'Hosts that incoming requests are matched against before the ingress rule',
    ),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  cells(ingress, { nowMs }) {
    const className = field(ingress.spec, 'ingressClassName');
    return [
      name(ingress),
      typeof className === 'string' ? className : '<none>',
      formatHosts(list(field(ingress.spec, 'rules'))),
      ingressAddress(ingress),
      list(field(ingress.spec, 'tls')).length > 0 ? '80, 443' : '80',
      age(ingress, nowMs),
    ];
  },
};

export const ingressClassPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  cells(ingressClass, { nowMs }) {
    const parameters = field(ingressClass.spec, 'parameters');
    let text = '<none>';
    if (parameters !== undefined && parameters !== null) {
      const apiGroup = field(parameters, 'apiGroup');
      text = `${str(field(parameters, 'kind'))}${typeof apiGroup === 'string' ? `.${apiGroup}` : ''}/${str(field(parameters, 'name'))}`;
    }
    return [
      name(ingressClass),
      str(field(ingressClass.spec, 'controller')),
      text,
      age(ingressClass, nowMs),
    ];
  },
};

export const networkPolicyPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'),
    ageColumn(),
  ],
  cells: (policy, { nowMs }) => [
    name(policy),
    formatLabelSelector(field(policy.spec, 'podSelector') ?? {}),
    age(policy, nowMs),
  ],
};

/** formatDiscoveryPorts / formatDiscoveryEndpoints via listWithMoreString. */
function listWithMore(items: string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}

export const endpointSlicePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice.',
    ),
    col(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice.',
    ),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn(),
  ],
  cells(slice, { nowMs }) {
    const ports = list(slice.ports).map((port) => {
      const number = field(port, 'port');
      if (typeof number === 'number') return String(number);
      const portName = field(port, 'name');
      return typeof portName === 'string' ? portName : '*';
    });
    const addresses = list(slice.endpoints).flatMap((endpoint) =>
      list(field(endpoint, 'addresses')).map(str),
    );
    return [
      name(slice),
      str(slice.addressType),
      listWithMore(ports),
      listWithMore(addresses),
      age(slice, nowMs),
    ];
  },
};

function isDefaultStorageClass(object: KubeObject): boolean {
  const annotations = object.metadata?.annotations ?? {};
  return (
    annotations['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

export const storageClassPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    col(
      'ReclaimPolicy',
      'string',
      'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.',
    ),
    col(
      'VolumeBindingMode',
      'string',
      'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.',
    ),
    col(
      'AllowVolumeExpansion',
      'string',
      'allowVolumeExpansion shows whether the storage class allow volume expand.',
    ),
    ageColumn(),
  ],
  cells(sc, { nowMs }) {
    const reclaimPolicy = field(sc, 'reclaimPolicy');
    const bindingMode = field(sc, 'volumeBindingMode');
    return [
      isDefaultStorageClass(sc) ? `${name(sc)} (default)` : name(sc),
      str(sc.provisioner),
      typeof reclaimPolicy === 'string' ? reclaimPolicy : 'Delete',
      typeof bindingMode === 'string' ? bindingMode : 'Immediate',
      sc.allowVolumeExpansion === true,
      age(sc, nowMs),
    ];
  },
};

export const priorityClassPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Value', 'integer', 'value represents the integer value of this priority class.'),
    col(
      'Global-Default',
      'boolean',
      'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.',
    ),
    ageColumn(),
    col(
      'PreemptionPolicy',
      'string',
      'preemptionPolicy is the Policy for preempting pods with lower priority.',
      1,
    ),
  ],
  cells: (pc, { nowMs }) => [
    name(pc),
    num(pc.value),
    pc.globalDefault === true,
    age(pc, nowMs),
    str(pc.preemptionPolicy),
  ],
};

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts, each joined by ", ". */
function subjectCells(subjects: unknown[]): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const subject of subjects) {
    const subjectName = str(field(subject, 'name'));
    switch (field(subject, 'kind')) {
      case 'ServiceAccount':
        serviceAccounts.push(`${str(field(subject, 'namespace'))}/${subjectName}`);
        break;
      case 'User':
        users.push(subjectName);
        break;
      case 'Group':
        groups.push(subjectName);
        break;
    }
  }
  return [users.join(', '), groups.join(', '), serviceAccounts.join(', ')];
}

function bindingPrinter(kind: string): ResourcePrinter {
  return {
    columns: [
      nameColumn(),
      col(
        'Role',
        'string',
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.',
      ),
      ageColumn(),
      col('Users', 'string', `Users in the ${kind}`, 1),
      col('Groups', 'string', `Groups in the ${kind}`, 1),
      col('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, 1),
    ],
    cells: (binding, { nowMs }) => [
      name(binding),
      `${str(field(binding.roleRef, 'kind'))}/${str(field(binding.roleRef, 'name'))}`,
      age(binding, nowMs),
      ...subjectCells(list(binding.subjects)),
    ],
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding');

export const leasePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Holder',
      'string',
      'holderIdentity contains the identity of the holder of a current lease.',
    ),
    ageColumn(),
  ],
  cells: (lease, { nowMs }) => [
    name(lease),
    str(field(lease.spec, 'holderIdentity')),
    age(lease, nowMs),
  ],
};

export const runtimeClassPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Handler',
      'string',
      'handler specifies the underlying runtime and configuration that the CRI implementation will use.',
    ),
    ageColumn(),
  ],
  cells: (rc, { nowMs }) => [name(rc), str(rc.handler), age(rc, nowMs)],
};

export const webhookConfigurationPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Webhooks',
      'integer',
      'Webhooks indicates the number of webhooks registered in this configuration',
    ),
    ageColumn(),
  ],
  cells: (config, { nowMs }) => [name(config), list(config.webhooks).length, age(config, nowMs)],
};

export const csiNodePrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col('Drivers', 'integer', 'Drivers indicates the number of CSI drivers registered on the node'),
    ageColumn(),
  ],
  cells: (node, { nowMs }) => [
    name(node),
    list(field(node.spec, 'drivers')).length,
    age(node, nowMs),
  ],
};

export const volumeAttachmentPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    col(
      'Attacher',
      'string',
      'attacher indicates the name of the volume driver that MUST handle this request.',
      0,
      'name',
    ),
    col(
      'PV',
      'string',
      'persistentVolumeName represents the name of the persistent volume to attach.',
    ),
    col('Node', 'string', 'nodeName represents the node that the volume should be attached to.'),
    col('Attached', 'boolean', 'attached indicates the volume is successfully attached.'),
    ageColumn(),
  ],
  cells: (va, { nowMs }) => [
    name(va),
    str(field(va.spec, 'attacher')),
    str(field(va.spec, 'source', 'persistentVolumeName')),
    str(field(va.spec, 'nodeName')),
    field(va.status, 'attached') === true,
    age(va, nowMs),
  ],
};

/** extractCSRStatus: Denied/Approved/Pending, then ",Failed" and ",Issued". */
function csrCondition(csr: KubeObject): string {
  const types = new Set(list(field(csr.status, 'conditions')).map((c) => str(field(c, 'type'))));
  let status = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) status += ',Failed';
  if (str(field(csr.status, 'certificate')).length > 0) status += ',Issued';
  return status;
}

export const certificateSigningRequestPrinter: ResourcePrinter = {
  columns: [
    nameColumn(),
    ageColumn(),
    col(
      'SignerName',
      'string',
      'signerName indicates the requested signer, and is a qualified name.',
    ),
    col(
      'Requestor',
      'string',
      'request contains an x509 certificate signing request encoded in a "CERTIFICATE REQUEST" PEM block.',
    ),
    col(
      'RequestedDuration',
      'string',
      'expirationSeconds is the requested duration of validity of the issued certificate.',
    ),
    col(
      'Condition',
      'string',
      'conditions applied to the request. Known conditions are "Approved", "Denied", and "Failed".',
    ),
  ],
  cells(csr, { nowMs }) {
    const expiration = field(csr.spec, 'expirationSeconds');
    return [
      name(csr),
      age(csr, nowMs),
      str(field(csr.spec, 'signerName')) || '<none>',
      str(field(csr.spec, 'username')),
      typeof expiration === 'number' ? humanDuration(expiration * 1000) : '<none>',
      csrCondition(csr),
    ];
  },
};
