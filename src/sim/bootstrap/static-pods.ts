/**
 * kubeadm's static pods (cmd/kubeadm/app/phases/controlplane, etcd): the kubelet of each
 * control-plane node runs them from /etc/kubernetes/manifests and publishes a mirror pod for each,
 * named `<component>-<node>`, owned by the Node, with the kubernetes.io/config.* annotations,
 * hostNetwork on the node's IP and priority class system-node-critical.
 */
import type { KubeObject } from '../api/types.ts';
import { formatTimestamp } from '../clock.ts';
import { stableHex } from '../node/container-runtime.ts';
import { KUBERNETES_VERSION, type NodeSpec } from '../topology.ts';

export const ETCD_VERSION = '3.5.16-0';
export const IMAGE_REPOSITORY = 'registry.k8s.io';

interface Component {
  name: string;
  image: string;
  cpu: string;
  memory?: string;
  command: string[];
  probePort: number;
  probePath: string;
  scheme: 'HTTP' | 'HTTPS';
}

function components(node: NodeSpec, controlPlanes: NodeSpec[]): Component[] {
  const ip = node.internalIP;
  const etcdServers = 'https://127.0.0.1:2379';
  const initialCluster = controlPlanes
    .map((n) => `${n.name}=https://${n.internalIP}:2380`)
    .join(',');
  return [
    {
      name: 'etcd',
      image: `${IMAGE_REPOSITORY}/etcd:${ETCD_VERSION}`,
      cpu: '100m',
      memory: '100Mi',
      command: [
        'etcd',
        `--advertise-client-urls=https://${ip}:2379`,
        '--data-dir=/var/lib/etcd',
        `--initial-advertise-peer-urls=https://${ip}:2380`,
        `--initial-cluster=${initialCluster}`,
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
        `--name=${node.name}`,
      ],
      probePort: 2381,
      probePath: '/health?exclude=NOSPACE&serializable=true',
      scheme: 'HTTP',
    },
    {
      name: 'kube-apiserver',
      image: `${IMAGE_REPOSITORY}/kube-apiserver:${KUBERNETES_VERSION}`,
      cpu: '250m',
      command: [
        'kube-apiserver',
        `--advertise-address=${ip}`,
        '--allow-privileged=true',
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
        `--etcd-servers=${etcdServers}`,
        '--secure-port=6443',
        '--service-cluster-ip-range=10.96.0.0/12',
      ],
      probePort: 6443,
      probePath: '/livez',
      scheme: 'HTTPS',
    },
    {
      name: 'kube-controller-manager',
      image: `${IMAGE_REPOSITORY}/kube-controller-manager:${KUBERNETES_VERSION}`,
      cpu: '200m',
      command: [
        'kube-controller-manager',
        '--allocate-node-cidrs=true',
        '--cluster-cidr=10.244.0.0/16',
        '--leader-elect=true',
        '--service-cluster-ip-range=10.96.0.0/12',
        '--use-service-account-credentials=true',
      ],
      probePort: 10257,
      probePath: '/healthz',
      scheme: 'HTTPS',
    },
    {
      name: 'kube-scheduler',
      image: `${IMAGE_REPOSITORY}/kube-scheduler:${KUBERNETES_VERSION}`,
      cpu: '100m',
      command: ['kube-scheduler', '--bind-address=127.0.0.1', '--leader-elect=true'],
      probePort: 10259,
      probePath: '/livez',
      scheme: 'HTTPS',
    },
  ];
}

/** The mirror pods the kubelet of control-plane node `node` publishes. */
export function mirrorPods(
  node: NodeSpec,
  nodeUid: string | undefined,
  controlPlanes: NodeSpec[],
  nowMs: number,
): KubeObject[] {
  return components(node, controlPlanes).map((c) => {
    const hash = stableHex(`${c.name}/${node.name}`, 32);
    const annotations: Record<string, string> = {
      'kubernetes.io/config.hash': hash,
      'kubernetes.io/config.mirror': hash,
      'kubernetes.io/config.seen': formatTimestamp(nowMs).replace('Z', '.000000000Z'),
      'kubernetes.io/config.source': 'file',
    };
    if (c.name === 'kube-apiserver')
      annotations['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint'] =
        `${node.internalIP}:6443`;
    if (c.name === 'etcd')
      annotations['kubeadm.kubernetes.io/etcd.advertise-client-urls'] =
        `https://${node.internalIP}:2379`;
    const probe = (failureThreshold: number, periodSeconds = 10) => ({
      httpGet: {
        host:
          c.name === 'etcd'
            ? '127.0.0.1'
            : c.name === 'kube-apiserver'
              ? node.internalIP
              : '127.0.0.1',
        path: c.probePath,
        port: c.probePort,
        scheme: c.scheme,
      },
      initialDelaySeconds: 10,
      periodSeconds,
      timeoutSeconds: 15,
      failureThreshold,
    });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${c.name}-${node.name}`,
        namespace: 'kube-system',
        labels: { component: c.name, tier: 'control-plane' },
        annotations,
        ...(nodeUid
          ? {
              ownerReferences: [
                { apiVersion: 'v1', kind: 'Node', name: node.name, uid: nodeUid, controller: true },
              ],
            }
          : {}),
      },
      spec: {
        nodeName: node.name,
        hostNetwork: true,
        priorityClassName: 'system-node-critical',
        priority: 2000001000,
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        terminationGracePeriodSeconds: 30,
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        containers: [
          {
            name: c.name,
            image: c.image,
            imagePullPolicy: 'IfNotPresent',
            command: c.command,
            resources: { requests: { cpu: c.cpu, ...(c.memory ? { memory: c.memory } : {}) } },
            livenessProbe: probe(8),
            startupProbe: probe(24),
            ...(c.name === 'kube-apiserver'
              ? {
                  readinessProbe: {
                    ...probe(3, 1),
                    initialDelaySeconds: 0,
                    httpGet: {
                      host: node.internalIP,
                      path: '/readyz',
                      port: 6443,
                      scheme: 'HTTPS',
                    },
                  },
                }
              : {}),
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
      },
    };
  });
}

/** Images kubeadm pre-pulls on every control-plane node. */
export function controlPlaneImages(): string[] {
  return [
    `${IMAGE_REPOSITORY}/etcd:${ETCD_VERSION}`,
    `${IMAGE_REPOSITORY}/kube-apiserver:${KUBERNETES_VERSION}`,
    `${IMAGE_REPOSITORY}/kube-controller-manager:${KUBERNETES_VERSION}`,
    `${IMAGE_REPOSITORY}/kube-scheduler:${KUBERNETES_VERSION}`,
    `${IMAGE_REPOSITORY}/pause:3.10`,
  ];
}
