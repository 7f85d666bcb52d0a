import { describe, expect, it } from 'vitest';
import { actorComponentId, actorOf } from './actors';

describe('actorOf', () => {
  it('maps component identities to the drawn components', () => {
    expect(actorOf('default-scheduler').kind).toBe('kube-scheduler');
    expect(actorOf('kubelet/worker-2')).toMatchObject({ kind: 'kubelet', node: 'worker-2' });
    expect(actorComponentId(actorOf('kubelet/worker-2'))).toBe('kubelet/worker-2');
    expect(actorComponentId(actorOf('kube-proxy/worker-1'))).toBe('kube-proxy/worker-1');
    expect(actorOf('replicaset-controller')).toMatchObject({
      kind: 'kube-controller-manager',
      loop: 'replicaset-controller',
    });
    expect(actorOf('endpointslice-controller').kind).toBe('kube-controller-manager');
    expect(actorOf('node-controller').kind).toBe('kube-controller-manager');
    expect(actorOf('cloud-controller-manager').kind).toBe('cloud-controller-manager');
  });

  it('treats clients that are not cluster components as the user', () => {
    expect(actorOf('k8s-explorer-ui').kind).toBe('user');
    expect(actorOf('kubectl-client-side-apply').kind).toBe('user');
    expect(actorComponentId(actorOf('kubectl'))).toBeUndefined();
  });
});
