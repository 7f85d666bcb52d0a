import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangeSummary } from '../../worker/protocol';
import { activityStore, recordChanges } from './activity-store';

const change = (revision: number, kind: string, user: string): ChangeSummary => ({
  revision,
  type: 'MODIFIED',
  apiVersion: 'v1',
  kind,
  namespace: 'default',
  name: 'x',
  user,
  atMs: revision * 1000,
  details: [],
});

describe('activity store', () => {
  beforeEach(() => activityStore.setState({ changes: [], pulses: {}, traffic: [], revision: 0 }));

  it('lists changes and lights up the component that made each, then the apiserver and etcd', () => {
    recordChanges([change(5, 'Pod', 'default-scheduler'), change(6, 'Pod', 'kubelet/worker-1')]);
    const state = activityStore.getState();
    expect(state.changes.map((c) => c.revision)).toEqual([5, 6]);
    expect(state.pulses).toEqual({
      'kube-scheduler': 1,
      'kubelet/worker-1': 1,
      'kube-apiserver': 1,
      etcd: 1,
    });
    expect(state.revision).toBe(6);
  });

  it('skips heartbeats and Event objects but still follows the revision', () => {
    recordChanges([change(7, 'Lease', 'kubelet/worker-1'), change(8, 'Event', 'kubelet/worker-1')]);
    const state = activityStore.getState();
    expect(state.changes).toEqual([]);
    expect(state.pulses).toEqual({});
    expect(state.revision).toBe(8);
  });
});
