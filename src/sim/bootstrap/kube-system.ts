/**
 * The add-ons `kubeadm init` installs (cmd/kubeadm/app/phases/addons): the kube-proxy DaemonSet
 * with its ConfigMap and ServiceAccount, CoreDNS (a 2-replica Deployment, its ConfigMap, and the
 * `kube-dns` Service on 10.96.0.10, the 10th address of the service subnet), plus the ConfigMaps
 * kubeadm leaves behind (kubeadm-config, kubelet-config, cluster-info in kube-public).
 * The workload controllers create the pods; the scheduler and kubelets run them.
 */
import type { KubeObject } from '../api/types.ts';
import { KUBERNETES_VERSION } from '../topology.ts';
import { IMAGE_REPOSITORY } from './static-pods.ts';

export const COREDNS_VERSION = 'v1.11.3';
export const CLUSTER_DNS_IP = '10.96.0.10';

const ns = 'kube-system';

const corefile = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

/** The kube-system objects, in creation order: `[apiVersion/resource path parts, object]`. */
export function kubeSystemObjects(): {
  apiVersion: string;
  resource: string;
  namespace?: string;
  object: KubeObject;
}[] {
  const cm = (name: string, data: Record<string, string>, namespace = ns) => ({
    apiVersion: 'v1',
    resource: 'configmaps',
    namespace,
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data },
  });
  const sa = (name: string) => ({
    apiVersion: 'v1',
    resource: 'serviceaccounts',
    namespace: ns,
    object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ns } },
  });
  return [
    cm('kubeadm-config', {
      ClusterConfiguration: `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nkubernetesVersion: ${KUBERNETES_VERSION}\nnetworking:\n  dnsDomain: cluster.local\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n`,
    }),
    cm('kubelet-config', {
      kubelet:
        'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nclusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\n',
    }),
    cm(
      'cluster-info',
      {
        kubeconfig:
          'apiVersion: v1\nclusters:\n- cluster:\n    server: https://control-plane:6443\n  name: ""\nkind: Config\n',
      },
      'kube-public',
    ),
    sa('kube-proxy'),
    sa('coredns'),
    cm('kube-proxy', {
      'config.conf':
        'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\nmode: iptables\n',
    }),
    cm('coredns', { Corefile: corefile }),
    {
      apiVersion: 'apps/v1',
      resource: 'daemonsets',
      namespace: ns,
      object: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'kube-proxy', namespace: ns, labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
          template: {
            metadata: { labels: { 'k8s-app': 'kube-proxy' } },
            spec: {
              priorityClassName: 'system-node-critical',
              serviceAccountName: 'kube-proxy',
              hostNetwork: true,
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              tolerations: [{ operator: 'Exists' }],
              containers: [
                {
                  name: 'kube-proxy',
                  image: `${IMAGE_REPOSITORY}/kube-proxy:${KUBERNETES_VERSION}`,
                  imagePullPolicy: 'IfNotPresent',
                  command: [
                    '/usr/local/bin/kube-proxy',
                    '--config=/var/lib/kube-proxy/config.conf',
                    '--hostname-override=$(NODE_NAME)',
                  ],
                  env: [
                    {
                      name: 'NODE_NAME',
                      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
                    },
                  ],
                  securityContext: { privileged: true },
                  volumeMounts: [{ name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' }],
                },
              ],
              volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } }],
            },
          },
        },
      },
    },
    {
      apiVersion: 'apps/v1',
      resource: 'deployments',
      namespace: ns,
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'coredns', namespace: ns, labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          replicas: 2,
          selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
          template: {
            metadata: { labels: { 'k8s-app': 'kube-dns' } },
            spec: {
              priorityClassName: 'system-cluster-critical',
              serviceAccountName: 'coredns',
              nodeSelector: { 'kubernetes.io/os': 'linux' },
              tolerations: [
                { key: 'CriticalAddonsOnly', operator: 'Exists' },
                { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
              ],
              affinity: {
                podAntiAffinity: {
                  preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                      weight: 100,
                      podAffinityTerm: {
                        labelSelector: {
                          matchExpressions: [
                            { key: 'k8s-app', operator: 'In', values: ['kube-dns'] },
                          ],
                        },
                        topologyKey: 'kubernetes.io/hostname',
                      },
                    },
                  ],
                },
              },
              containers: [
                {
                  name: 'coredns',
                  image: `${IMAGE_REPOSITORY}/coredns/coredns:${COREDNS_VERSION}`,
                  imagePullPolicy: 'IfNotPresent',
                  args: ['-conf', '/etc/coredns/Corefile'],
                  resources: {
                    limits: { memory: '170Mi' },
                    requests: { cpu: '100m', memory: '70Mi' },
                  },
                  ports: [
                    { name: 'dns', containerPort: 53, protocol: 'UDP' },
                    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
                  ],
                  livenessProbe: {
                    httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
                    initialDelaySeconds: 60,
                    timeoutSeconds: 5,
                    successThreshold: 1,
                    failureThreshold: 5,
                  },
                  readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
                  volumeMounts: [
                    { name: 'config-volume', mountPath: '/etc/coredns', readOnly: true },
                  ],
                },
              ],
              dnsPolicy: 'Default',
              volumes: [
                {
                  name: 'config-volume',
                  configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] },
                },
              ],
            },
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      resource: 'services',
      namespace: ns,
      object: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: {
          name: 'kube-dns',
          namespace: ns,
          labels: {
            'k8s-app': 'kube-dns',
            'kubernetes.io/cluster-service': 'true',
            'kubernetes.io/name': 'CoreDNS',
          },
          annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
        },
        spec: {
          selector: { 'k8s-app': 'kube-dns' },
          clusterIP: CLUSTER_DNS_IP,
          ports: [
            { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
            { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
            { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
          ],
        },
      },
    },
  ];
}

/** Images every node has (kind-style preloaded node image). */
export function preloadedImages(): string[] {
  return [
    `${IMAGE_REPOSITORY}/kube-proxy:${KUBERNETES_VERSION}`,
    `${IMAGE_REPOSITORY}/coredns/coredns:${COREDNS_VERSION}`,
    `${IMAGE_REPOSITORY}/pause:3.10`,
  ];
}
