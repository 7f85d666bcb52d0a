/**
 * Node agents. Placeholder wiring until the kubelet lands: each node registers its Node object
 * under the kubelet's name, as a kubelet does on start.
 */
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import type { ClusterContext } from '../component.ts';
import { CONTAINER_RUNTIME_VERSION, KUBERNETES_VERSION, type NodeSpec } from '../topology.ts';
import { formatTimestamp } from '../clock.ts';

/** The Node object a kubelet registers for `spec`. */
export function nodeObject(spec: NodeSpec, nowMs: number): KubeObject {
  const now = formatTimestamp(nowMs);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: { ...spec.labels },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: {
      podCIDR: spec.podCIDR,
      podCIDRs: [spec.podCIDR],
      ...(spec.taints.length ? { taints: spec.taints } : {}),
    },
    status: {
      capacity: { ...spec.capacity },
      allocatable: { ...spec.capacity },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: spec.internalIP },
        { type: 'Hostname', address: spec.name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        kernelVersion: '6.1.0-28-amd64',
        containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
        kubeletVersion: KUBERNETES_VERSION,
        kubeProxyVersion: KUBERNETES_VERSION,
      },
    },
  };
}

/** Starts the node agents of every node in the topology. */
export function startNodes(ctx: ClusterContext): void {
  for (const spec of ctx.nodes) {
    const client = ctx.client(`kubelet/${spec.name}`);
    client.create(apiPath('v1', 'nodes'), nodeObject(spec, ctx.clock.now()));
  }
}
