import { describe, expect, it } from 'vitest';
import type { ChangeSummary } from '../../worker/protocol';
import { describeChange, explainChange, explainEvent } from './explain';

const change = (
  revision: number,
  kind: string,
  name: string,
  user: string,
  type: ChangeSummary['type'] = 'MODIFIED',
  details: string[] = [],
): ChangeSummary => ({
  revision,
  type,
  apiVersion: 'v1',
  kind,
  namespace: 'default',
  name,
  user,
  atMs: revision * 100,
  details,
});

describe('explain', () => {
  it('names the component, the rule and what followed a scheduling decision', () => {
    const bind = change(10, 'Pod', 'web-1', 'default-scheduler', 'MODIFIED', ['nodeName=worker-1']);
    const all = [
      bind,
      change(11, 'Pod', 'web-1', 'kubelet/worker-1', 'MODIFIED', ['podIP=10.244.1.7']),
      change(12, 'Pod', 'other', 'kubelet/worker-2'),
      change(13, 'EndpointSlice', 'web-abcde', 'endpointslice-controller'),
    ];
    const explanation = explainChange(bind, all);
    expect(explanation.what).toBe('Pod default/web-1 updated by kube-scheduler: nodeName=worker-1');
    expect(explanation.why).toContain('bound it to the best node');
    expect(explanation.next).toEqual([
      'Pod default/web-1 updated by kubelet on worker-1: podIP=10.244.1.7',
      'EndpointSlice default/web-abcde updated by kube-controller-manager (endpointslice-controller)',
    ]);
  });

  it('follows a Deployment to its ReplicaSet and pods by name', () => {
    const created = change(5, 'Deployment', 'web', 'k8s-explorer-ui', 'ADDED');
    const rs = change(6, 'ReplicaSet', 'web-7d4b9c', 'deployment-controller', 'ADDED');
    const pod = change(7, 'Pod', 'web-7d4b9c-x2x8q', 'replicaset-controller', 'ADDED');
    expect(explainChange(created, [created, rs, pod]).next).toHaveLength(2);
    expect(explainChange(rs, [created, rs, pod]).why).toContain('25 %');
    expect(explainChange(pod, [created, rs, pod]).why).toContain('spec.replicas');
  });

  it('gives node failures their real default timings', () => {
    const notReady = change(20, 'Node', 'worker-2', 'node-controller', 'MODIFIED', [
      'Ready True->Unknown',
    ]);
    notReady.namespace = undefined;
    const { why } = explainChange(notReady, [notReady]);
    expect(why).toContain('50 s');
    expect(why).toContain('300 s');
    expect(describeChange(notReady)).toBe(
      'Node worker-2 updated by kube-controller-manager (node-controller): Ready True->Unknown',
    );
  });

  it('explains Events by reason', () => {
    const event = {
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      source: { component: 'kubelet' },
      involvedObject: { kind: 'Pod', name: 'crash', namespace: 'default' },
    };
    const explanation = explainEvent(event);
    expect(explanation.what).toContain('kubelet reported BackOff on Pod default/crash');
    expect(explanation.why).toContain('5 minutes');
  });
});
