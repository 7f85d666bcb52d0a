/**
 * Who did it: the user (client identity) recorded on a change, mapped to the component drawn in the
 * diagram. Controllers all run inside kube-controller-manager (one process, many control loops),
 * kubelets and kube-proxies run on their node, and anything else (kubectl, the editor) is "you".
 */

export type ActorKind =
  | 'kube-apiserver'
  | 'etcd'
  | 'kube-scheduler'
  | 'kube-controller-manager'
  | 'cloud-controller-manager'
  | 'kubelet'
  | 'kube-proxy'
  | 'ingress-controller'
  | 'user';

export interface Actor {
  kind: ActorKind;
  /** The node the component runs on (kubelet, kube-proxy). */
  node?: string;
  /** The control loop inside the process, e.g. `replicaset-controller`. */
  loop?: string;
  /** How the timeline names it. */
  label: string;
}

/** Controllers the cloud-controller-manager runs rather than kube-controller-manager. */
const CLOUD_LOOPS = new Set([
  'cloud-controller-manager',
  'service-controller',
  'route-controller',
  'cloud-node-controller',
  'cloud-node-lifecycle-controller',
]);

/** Maps a change's `user` to the component that made it. */
export function actorOf(user: string): Actor {
  const [head, rest] = user.includes('/')
    ? [user.slice(0, user.indexOf('/')), user.slice(user.indexOf('/') + 1)]
    : [user, ''];
  if (head === 'kubelet') return { kind: 'kubelet', node: rest, label: `kubelet on ${rest}` };
  if (head === 'kube-proxy')
    return { kind: 'kube-proxy', node: rest, label: `kube-proxy on ${rest}` };
  if (user === 'default-scheduler' || user === 'kube-scheduler' || head === 'default-scheduler') {
    return { kind: 'kube-scheduler', label: 'kube-scheduler' };
  }
  if (CLOUD_LOOPS.has(head))
    return {
      kind: 'cloud-controller-manager',
      loop: head,
      label: `cloud-controller-manager (${head})`,
    };
  if (head.includes('ingress')) return { kind: 'ingress-controller', label: head };
  if (head === 'kube-apiserver' || head.startsWith('system:apiserver')) {
    return { kind: 'kube-apiserver', label: 'kube-apiserver' };
  }
  if (head === 'kube-controller-manager')
    return { kind: 'kube-controller-manager', label: 'kube-controller-manager' };
  if (head.endsWith('-controller') || head.endsWith('-collector') || head === 'node-controller') {
    return {
      kind: 'kube-controller-manager',
      loop: head,
      label: `kube-controller-manager (${head})`,
    };
  }
  return { kind: 'user', label: user ? `you (${user})` : 'you' };
}

/** The id of the drawn component an actor lights up: `kube-scheduler`, `kubelet/worker-1`. */
export function actorComponentId(actor: Actor): string | undefined {
  if (actor.kind === 'user') return undefined;
  return actor.node ? `${actor.kind}/${actor.node}` : actor.kind;
}
