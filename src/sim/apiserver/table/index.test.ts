import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { buildTable } from './index';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const created = (secondsAgo: number) =>
  new Date(now - secondsAgo * 1000).toISOString().replace('.000Z', 'Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  creationTimestamp: created(3 * 3600 + 120),
  ...extra,
});

function table(
  group: string,
  resource: string,
  objects: KubeObject[],
  printerColumns?: Parameters<typeof buildTable>[0]['printerColumns'],
) {
  const result = buildTable({ group, resource, objects, nowMs: now, printerColumns });
  const columns = (result.columnDefinitions as Array<{ name: string; priority: number }>).map(
    (c) => (c.priority ? `${c.name}*` : c.name),
  );
  const rows = (result.rows as Array<{ cells: unknown[] }>).map((r) => r.cells);
  return { columns, rows };
}

describe('server-side tables (golden rows, Kubernetes 1.32 printers)', () => {
  it('nodes', () => {
    const node: KubeObject = {
      metadata: meta('cp-1', {
        labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' },
      }),
      spec: { unschedulable: true },
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: 'True' },
        ],
        addresses: [
          { type: 'InternalIP', address: '172.18.0.2' },
          { type: 'Hostname', address: 'cp-1' },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.32.0',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kernelVersion: '6.1.0',
          containerRuntimeVersion: 'containerd://1.7.22',
        },
      },
    };
    const notReady: KubeObject = {
      metadata: meta('w-1'),
      status: { conditions: [{ type: 'Ready', status: 'Unknown' }], nodeInfo: {} },
    };
    const { columns, rows } = table('', 'nodes', [node, notReady]);
    expect(columns).toEqual([
      'Name',
      'Status',
      'Roles',
      'Age',
      'Version',
      'Internal-IP*',
      'External-IP*',
      'OS-Image*',
      'Kernel-Version*',
      'Container-Runtime*',
    ]);
    expect(rows).toEqual([
      [
        'cp-1',
        'Ready,SchedulingDisabled',
        'control-plane,master',
        '3h2m',
        'v1.32.0',
        '172.18.0.2',
        '<none>',
        'Debian GNU/Linux 12 (bookworm)',
        '6.1.0',
        'containerd://1.7.22',
      ],
      [
        'w-1',
        'NotReady',
        '<none>',
        '3h2m',
        '',
        '<none>',
        '<none>',
        '<unknown>',
        '<unknown>',
        '<unknown>',
      ],
    ]);
  });

  it('services', () => {
    const services: KubeObject[] = [
      {
        metadata: meta('web'),
        spec: {
          type: 'ClusterIP',
          clusterIPs: ['10.96.0.20'],
          ports: [{ port: 80, protocol: 'TCP' }],
          selector: { app: 'web' },
        },
      },
      {
        metadata: meta('np'),
        spec: {
          type: 'NodePort',
          clusterIPs: ['10.96.0.21'],
          ports: [
            { port: 80, nodePort: 30080, protocol: 'TCP' },
            { port: 53, nodePort: 30053, protocol: 'UDP' },
          ],
        },
      },
      {
        metadata: meta('lb'),
        spec: {
          type: 'LoadBalancer',
          clusterIPs: ['10.96.0.22'],
          ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
        },
        status: { loadBalancer: {} },
      },
      {
        metadata: meta('lb2'),
        spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.23'], ports: [] },
        status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }] } },
      },
      { metadata: meta('ext'), spec: { type: 'ExternalName', externalName: 'example.com' } },
    ];
    const { columns, rows } = table('', 'services', services);
    expect(columns).toEqual([
      'Name',
      'Type',
      'Cluster-IP',
      'External-IP',
      'Port(s)',
      'Age',
      'Selector*',
    ]);
    expect(rows).toEqual([
      ['web', 'ClusterIP', '10.96.0.20', '<none>', '80/TCP', '3h2m', 'app=web'],
      ['np', 'NodePort', '10.96.0.21', '<none>', '80:30080/TCP,53:30053/UDP', '3h2m', '<none>'],
      ['lb', 'LoadBalancer', '10.96.0.22', '<pending>', '443:31443/TCP', '3h2m', '<none>'],
      ['lb2', 'LoadBalancer', '10.96.0.23', '192.0.2.10', '<none>', '3h2m', '<none>'],
      ['ext', 'ExternalName', '<none>', 'example.com', '<none>', '3h2m', '<none>'],
    ]);
  });

  it('endpoints (three shown, then "+ N more...")', () => {
    const endpoints: KubeObject = {
      metadata: meta('web'),
      subsets: [
        {
          addresses: [
            { ip: '10.0.0.1' },
            { ip: '10.0.0.2' },
            { ip: '10.0.0.3' },
            { ip: '10.0.0.4' },
          ],
          ports: [{ port: 8080 }],
        },
      ],
    };
    const empty: KubeObject = { metadata: meta('none') };
    expect(table('', 'endpoints', [endpoints, empty]).rows).toEqual([
      ['web', '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...', '3h2m'],
      ['none', '<none>', '3h2m'],
    ]);
  });

  it('deployments, replicasets, statefulsets, daemonsets', () => {
    const template = {
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27' },
          { name: 'log', image: 'fluent-bit:3' },
        ],
      },
    };
    const deployment: KubeObject = {
      metadata: meta('web'),
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(table('apps', 'deployments', [deployment])).toEqual({
      columns: [
        'Name',
        'Ready',
        'Up-to-date',
        'Available',
        'Age',
        'Containers*',
        'Images*',
        'Selector*',
      ],
      rows: [['web', '2/3', 3, 2, '3h2m', 'web,log', 'nginx:1.27,fluent-bit:3', 'app=web']],
    });
    const replicaSet: KubeObject = {
      metadata: meta('web-5d4f8'),
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '5d4f8' } },
        template,
      },
      status: { replicas: 3, readyReplicas: 1 },
    };
    expect(table('apps', 'replicasets', [replicaSet]).rows).toEqual([
      [
        'web-5d4f8',
        3,
        3,
        1,
        '3h2m',
        'web,log',
        'nginx:1.27,fluent-bit:3',
        'app=web,pod-template-hash=5d4f8',
      ],
    ]);
    const statefulSet: KubeObject = {
      metadata: meta('db'),
      spec: { replicas: 3, template },
      status: { readyReplicas: 3 },
    };
    expect(table('apps', 'statefulsets', [statefulSet])).toEqual({
      columns: ['Name', 'Ready', 'Age', 'Containers*', 'Images*'],
      rows: [['db', '3/3', '3h2m', 'web,log', 'nginx:1.27,fluent-bit:3']],
    });
    const daemonSet: KubeObject = {
      metadata: meta('proxy'),
      spec: {
        selector: { matchLabels: { k8s: 'proxy' } },
        template: {
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            containers: [{ name: 'p', image: 'kube-proxy:v1.32.0' }],
          },
        },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    };
    expect(table('apps', 'daemonsets', [daemonSet])).toEqual({
      columns: [
        'Name',
        'Desired',
        'Current',
        'Ready',
        'Up-to-date',
        'Available',
        'Node Selector',
        'Age',
        'Containers*',
        'Images*',
        'Selector*',
      ],
      rows: [
        [
          'proxy',
          3,
          3,
          2,
          3,
          2,
          'kubernetes.io/os=linux',
          '3h2m',
          'p',
          'kube-proxy:v1.32.0',
          'k8s=proxy',
        ],
      ],
    });
  });

  it('jobs and cronjobs', () => {
    const jobTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5' }] } };
    const running: KubeObject = {
      metadata: meta('pi'),
      spec: {
        completions: 3,
        parallelism: 1,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } },
        template: jobTemplate,
      },
      status: { succeeded: 1, startTime: created(75) },
    };
    const complete: KubeObject = {
      metadata: meta('done'),
      spec: { parallelism: 2, template: jobTemplate },
      status: {
        succeeded: 1,
        startTime: created(600),
        completionTime: created(588),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    };
    const { columns, rows } = table('batch', 'jobs', [running, complete]);
    expect(columns).toEqual([
      'Name',
      'Status',
      'Completions',
      'Duration',
      'Age',
      'Containers*',
      'Images*',
      'Selector*',
    ]);
    expect(rows).toEqual([
      [
        'pi',
        'Running',
        '1/3',
        '75s',
        '3h2m',
        'pi',
        'perl:5',
        'batch.kubernetes.io/controller-uid=u1',
      ],
      ['done', 'Complete', '1/1 of 2', '12s', '3h2m', 'pi', 'perl:5', '<none>'],
    ]);
    const cronJob: KubeObject = {
      metadata: meta('hello'),
      spec: {
        schedule: '*/1 * * * *',
        suspend: false,
        jobTemplate: { spec: { template: jobTemplate } },
      },
      status: { active: [{ name: 'hello-1' }], lastScheduleTime: created(42) },
    };
    expect(table('batch', 'cronjobs', [cronJob])).toEqual({
      columns: [
        'Name',
        'Schedule',
        'Timezone',
        'Suspend',
        'Active',
        'Last Schedule',
        'Age',
        'Containers*',
        'Images*',
        'Selector*',
      ],
      rows: [
        ['hello', '*/1 * * * *', '<none>', 'False', 1, '42s', '3h2m', 'pi', 'perl:5', '<none>'],
      ],
    });
  });

  it('namespaces, configmaps, secrets, service accounts', () => {
    expect(
      table('', 'namespaces', [{ metadata: meta('default'), status: { phase: 'Active' } }]).rows,
    ).toEqual([['default', 'Active', '3h2m']]);
    expect(
      table('', 'configmaps', [
        { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } },
      ]).rows,
    ).toEqual([['cfg', 3, '3h2m']]);
    expect(
      table('', 'secrets', [{ metadata: meta('s'), type: 'Opaque', data: { password: 'cA==' } }]),
    ).toEqual({
      columns: ['Name', 'Type', 'Data', 'Age'],
      rows: [['s', 'Opaque', 1, '3h2m']],
    });
    expect(table('', 'serviceaccounts', [{ metadata: meta('default') }]).rows).toEqual([
      ['default', 0, '3h2m'],
    ]);
  });

  it('persistent volumes and claims', () => {
    const pv: KubeObject = {
      metadata: meta('pv-1'),
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'standard',
        claimRef: { namespace: 'default', name: 'data' },
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Bound' },
    };
    expect(table('', 'persistentvolumes', [pv])).toEqual({
      columns: [
        'Name',
        'Capacity',
        'Access Modes',
        'Reclaim Policy',
        'Status',
        'Claim',
        'StorageClass',
        'VolumeAttributesClass',
        'Reason',
        'Age',
        'VolumeMode*',
      ],
      rows: [
        [
          'pv-1',
          '1Gi',
          'RWO,RWX',
          'Retain',
          'Bound',
          'default/data',
          'standard',
          '<unset>',
          '',
          '3h2m',
          'Filesystem',
        ],
      ],
    });
    const pending: KubeObject = {
      metadata: meta('data'),
      spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } },
      status: { phase: 'Pending' },
    };
    const bound: KubeObject = {
      metadata: meta('bound'),
      spec: { volumeName: 'pv-1', volumeMode: 'Filesystem' },
      status: { phase: 'Bound', capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
    };
    expect(table('', 'persistentvolumeclaims', [pending, bound]).rows).toEqual([
      ['data', 'Pending', '', '', '', 'standard', '<unset>', '3h2m', '<unset>'],
      ['bound', 'Bound', 'pv-1', '1Gi', 'RWO', '', '<unset>', '3h2m', 'Filesystem'],
    ]);
  });

  it('events', () => {
    const event: KubeObject = {
      metadata: meta('web-1.17a'),
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{web}' },
      reason: 'Pulled',
      message: 'Successfully pulled image "nginx"\n',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: created(600),
      lastTimestamp: created(30),
      count: 4,
    };
    expect(table('', 'events', [event])).toEqual({
      columns: [
        'Last Seen',
        'Type',
        'Reason',
        'Object',
        'Subobject*',
        'Source*',
        'Message',
        'First Seen*',
        'Count*',
        'Name*',
      ],
      rows: [
        [
          '30s',
          'Normal',
          'Pulled',
          'pod/web-1',
          'spec.containers{web}',
          'kubelet, node-1',
          'Successfully pulled image "nginx"',
          '10m',
          4,
          'web-1.17a',
        ],
      ],
    });
  });

  it('events.k8s.io events print like core events', () => {
    const event: KubeObject = {
      metadata: meta('e1'),
      regarding: { kind: 'Node', name: 'worker-1' },
      note: 'Node worker-1 status is now: NodeReady',
      reason: 'NodeReady',
      type: 'Normal',
      reportingController: 'kubelet',
      reportingInstance: 'worker-1',
      eventTime: created(90),
    };
    expect(table('events.k8s.io', 'events', [event]).rows).toEqual([
      [
        '90s',
        'Normal',
        'NodeReady',
        'node/worker-1',
        '',
        'kubelet, worker-1',
        'Node worker-1 status is now: NodeReady',
        '90s',
        1,
        'e1',
      ],
    ]);
  });

  it('ingresses, storage classes, HPAs, PDBs, priority classes, role bindings, leases', () => {
    expect(
      table('networking.k8s.io', 'ingresses', [
        {
          metadata: meta('web'),
          spec: {
            ingressClassName: 'nginx',
            rules: [{ host: 'a.example' }, { host: 'b.example' }],
            tls: [{}],
          },
          status: { loadBalancer: { ingress: [{ ip: '172.18.0.3' }] } },
        },
      ]).rows,
    ).toEqual([['web', 'nginx', 'a.example,b.example', '172.18.0.3', '80, 443', '3h2m']]);
    expect(
      table('storage.k8s.io', 'storageclasses', [
        {
          metadata: meta('standard', {
            annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
          }),
          provisioner: 'rancher.io/local-path',
          volumeBindingMode: 'WaitForFirstConsumer',
        },
      ]).rows,
    ).toEqual([
      [
        'standard (default)',
        'rancher.io/local-path',
        'Delete',
        'WaitForFirstConsumer',
        false,
        '3h2m',
      ],
    ]);
    const hpa: KubeObject = {
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
      status: {
        currentReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 23 } } },
        ],
      },
    };
    expect(table('autoscaling', 'horizontalpodautoscalers', [hpa]).rows).toEqual([
      ['web', 'Deployment/web', 'cpu: 23%/50%', '1', 10, 3, '3h2m'],
    ]);
    expect(
      table('policy', 'poddisruptionbudgets', [
        { metadata: meta('pdb'), spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } },
      ]).rows,
    ).toEqual([['pdb', '2', 'N/A', 1, '3h2m']]);
    expect(
      table('scheduling.k8s.io', 'priorityclasses', [
        {
          metadata: meta('system-cluster-critical'),
          value: 2000000000,
          globalDefault: false,
          preemptionPolicy: 'PreemptLowerPriority',
        },
      ]).rows,
    ).toEqual([['system-cluster-critical', 2000000000, false, '3h2m', 'PreemptLowerPriority']]);
    expect(
      table('rbac.authorization.k8s.io', 'rolebindings', [
        {
          metadata: meta('rb'),
          roleRef: { kind: 'Role', name: 'reader' },
          subjects: [
            { kind: 'User', name: 'alice' },
            { kind: 'ServiceAccount', namespace: 'ci', name: 'bot' },
          ],
        },
      ]).rows,
    ).toEqual([['rb', 'Role/reader', '3h2m', 'alice', '', 'ci/bot']]);
    expect(
      table('coordination.k8s.io', 'leases', [
        { metadata: meta('node-1'), spec: { holderIdentity: 'node-1' } },
      ]).rows,
    ).toEqual([['node-1', 'node-1', '3h2m']]);
  });

  it('certificate signing requests', () => {
    const csr: KubeObject = {
      metadata: meta('node-csr-1'),
      spec: {
        signerName: 'kubernetes.io/kube-apiserver-client-kubelet',
        username: 'system:node:worker-1',
        expirationSeconds: 86400,
      },
      status: { conditions: [{ type: 'Approved', status: 'True' }], certificate: 'LS0t' },
    };
    expect(table('certificates.k8s.io', 'certificatesigningrequests', [csr]).rows).toEqual([
      [
        'node-csr-1',
        '3h2m',
        'kubernetes.io/kube-apiserver-client-kubelet',
        'system:node:worker-1',
        '24h',
        'Approved,Issued',
      ],
    ]);
  });

  it('falls back to Name and Created At for built-in resources without a printer', () => {
    expect(
      table('rbac.authorization.k8s.io', 'clusterroles', [{ metadata: meta('admin') }]),
    ).toEqual({
      columns: ['Name', 'Created At'],
      rows: [['admin', '2026-01-01T08:58:00Z']],
    });
  });

  it('prints custom resources with Age by default and with additionalPrinterColumns', () => {
    const widget: KubeObject = {
      metadata: meta('w1'),
      spec: { size: 3, color: 'blue' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    expect(table('example.com', 'widgets', [widget])).toEqual({
      columns: ['Name', 'Age'],
      rows: [['w1', '3h2m']],
    });
    const columns = [
      { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Color', type: 'string', jsonPath: '.spec.color', priority: 1 },
      { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ];
    expect(table('example.com', 'widgets', [widget], columns)).toEqual({
      columns: ['Name', 'Size', 'Ready', 'Color*', 'Missing', 'Age'],
      rows: [['w1', 3, 'True', 'blue', null, '3h2m']],
    });
  });

  it('carries list metadata and the full object when asked', () => {
    const result = buildTable({
      group: '',
      resource: 'namespaces',
      objects: [{ kind: 'Namespace', metadata: meta('a') }],
      nowMs: now,
      includeObject: 'Object',
      listMeta: { resourceVersion: '42' },
    });
    expect(result.metadata).toEqual({ resourceVersion: '42' });
    expect((result.rows as Array<{ object: unknown }>)[0].object).toEqual({
      kind: 'Namespace',
      metadata: meta('a'),
    });
    const none = buildTable({
      group: '',
      resource: 'namespaces',
      objects: [{ metadata: meta('a') }],
      nowMs: now,
      includeObject: 'None',
    });
    expect((none.rows as Array<Record<string, unknown>>)[0]).not.toHaveProperty('object');
  });
});
