import { deployment, type Example } from './types.ts';

export const operationsExamples: Example[] = [
  {
    id: 'node-failure',
    title: 'A node fails, and its pods come back elsewhere',
    teaches:
      'When a node stops reporting, the control plane waits, marks it NotReady, then evicts its pods.',
    explanation: [
      'Every kubelet renews a Lease about every 10 s. At 20 s the timeline stops worker-2: its kubelet goes silent, but its pods are not told anything, just as in a real network partition.',
      'After the node-monitor grace period (50 s since Kubernetes 1.32) the node lifecycle controller marks the node NotReady and taints it node.kubernetes.io/unreachable with effect NoExecute.',
      'Pods tolerate that taint for 300 s by default. Then they are evicted, and the Deployment replaces them on the healthy nodes. Starting the node again at 8 minutes removes the taint.',
    ],
    watch:
      'worker-2 turning NotReady about 50 s after it stops, and its pods being replaced about 5 minutes later.',
    files: [{ name: 'web.yaml', text: deployment('web', { replicas: 6 }) }],
    timeline: 'at 20s: stop node worker-2\nat 8m: start node worker-2\n',
  },
  {
    id: 'ha-control-plane',
    title: 'A highly available control plane loses a member',
    teaches:
      'With three control-plane nodes, etcd keeps a quorum of two and the cluster carries on.',
    explanation: [
      'Each control-plane node runs its own kube-apiserver, scheduler, controller manager and an etcd member. etcd needs a majority of members to accept writes: two out of three.',
      'Losing one control-plane node changes nothing you can see: another scheduler and controller manager take over their leases. Losing a second breaks the quorum, and the API refuses writes until a member returns.',
    ],
    watch:
      'The control-plane panel when control-plane-2 stops at 20 s, and the cluster still scaling at 40 s.',
    files: [{ name: 'web.yaml', text: deployment('web') }],
    timeline:
      'at 20s: stop node control-plane-2\nat 40s: kubectl scale deployment/web --replicas=5\nat 90s: start node control-plane-2\n',
    cluster: { controlPlanes: 3 },
  },
  {
    id: 'unschedulable',
    title: 'A pod that cannot be scheduled, and why',
    teaches: 'The scheduler explains a Pending pod node by node in a FailedScheduling event.',
    explanation: [
      'Each worker has 4 CPUs. This pod asks for 6, so no node can hold it. The control-plane node is excluded by its NoSchedule taint.',
      'The scheduler records why in an event: 0/4 nodes are available, one because of the untolerated taint and three for insufficient CPU. It retries when the cluster changes, so lowering the request fixes it.',
    ],
    watch: 'The pod waiting in the Pending lane, and the FailedScheduling event in the timeline.',
    files: [
      {
        name: 'big.yaml',
        text: `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: "6"
          memory: 1Gi
`,
      },
    ],
  },
];
