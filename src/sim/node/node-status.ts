/**
 * The Node object a kubelet registers and the status it posts (pkg/kubelet/kubelet_node_status.go,
 * nodestatus/setters.go): capacity/allocatable, the four conditions with their upstream reasons
 * and messages, addresses and nodeInfo, as `kubectl get nodes -o wide` shows them.
 */
import type { KubeObject } from '../api/types.ts';
import { formatTimestamp } from '../clock.ts';
import { CONTAINER_RUNTIME_VERSION, KUBERNETES_VERSION, type NodeSpec } from '../topology.ts';
import { stableHex } from './container-runtime.ts';

/**
 * Node conditions as a kubelet posts them: healthy, except MemoryPressure when the eviction
 * manager reports it (nodestatus.MemoryPressureCondition's reasons and messages).
 */
export function healthyConditions(
  nowMs: number,
  previous: { type?: string; status?: string; lastTransitionTime?: string }[] = [],
  memoryPressure = false,
) {
  const now = formatTimestamp(nowMs);
  const c = (type: string, status: string, reason: string, message: string) => {
    const old = previous.find((p) => p.type === type);
    return {
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: now,
      lastTransitionTime:
        old && old.status === status && old.lastTransitionTime ? old.lastTransitionTime : now,
    };
  };
  return [
    memoryPressure
      ? c(
          'MemoryPressure',
          'True',
          'KubeletHasInsufficientMemory',
          'kubelet has insufficient memory available',
        )
      : c(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
    c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** The Node object a kubelet registers for `spec`. */
export function nodeObject(spec: NodeSpec, nowMs: number): KubeObject {
  const allocatable = { ...spec.capacity };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: { ...spec.labels },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
      },
    },
    spec: {
      podCIDR: spec.podCIDR,
      podCIDRs: [spec.podCIDR],
      providerID: `kind://docker/kubernetes/${spec.name}`,
      ...(spec.taints.length ? { taints: spec.taints.map((t) => ({ ...t })) } : {}),
    },
    status: {
      capacity: { ...spec.capacity, 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' },
      allocatable: { ...allocatable, 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' },
      conditions: healthyConditions(nowMs),
      addresses: [
        { type: 'InternalIP', address: spec.internalIP },
        { type: 'Hostname', address: spec.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: stableHex(`machine/${spec.name}`, 32),
        systemUUID: stableHex(`uuid/${spec.name}`, 32).replace(
          /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
          '$1-$2-$3-$4-$5',
        ),
        bootID: stableHex(`boot/${spec.name}`, 32).replace(
          /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
          '$1-$2-$3-$4-$5',
        ),
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-28-amd64',
        containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        kubeProxyVersion: KUBERNETES_VERSION,
      },
      images: [],
    },
  };
}

/** The node's Lease in kube-node-lease (pkg/kubelet/nodelease; leaseDurationSeconds 40). */
export function leaseObject(
  nodeName: string,
  nodeUid: string | undefined,
  nowMs: number,
): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: 'kube-node-lease',
      ...(nodeUid
        ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }] }
        : {}),
    },
    spec: {
      holderIdentity: nodeName,
      leaseDurationSeconds: 40,
      renewTime: microTime(nowMs),
    },
  };
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  // eslint-disable-next-line no-restricted-globals
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
