import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../../client/client';
import type { ApiRequest } from '../../sim/api/types';
import { runCommand } from './commands';

function client(body: unknown, status = 200) {
  const seen: ApiRequest[] = [];
  const c: KubeClient = {
    user: 't',
    request: (r) => {
      seen.push(r);
      return Promise.resolve({ status, body });
    },
    watch: () => ({ ready: Promise.resolve({ status: 200, body: null }), stop: () => {} }),
  };
  return { c, seen };
}

describe('console commands', () => {
  it('lists pods in aligned columns', async () => {
    const { c, seen } = client({
      items: [
        { metadata: { name: 'web-1', namespace: 'default' }, status: { phase: 'Pending' } },
        { metadata: { name: 'a', namespace: 'kube-system' }, status: { phase: 'Running' } },
      ],
    });
    const out = await runCommand(c, 'kubectl get po');
    expect(seen[0].path).toBe('/api/v1/pods');
    expect(out.lines).toEqual([
      'NAMESPACE     NAME    STATUS',
      'default       web-1   Pending',
      'kube-system   a       Running',
    ]);
  });

  it('drops the namespace column for nodes', async () => {
    const { c } = client({
      items: [
        {
          kind: 'Node',
          metadata: { name: 'worker-1' },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        },
      ],
    });
    expect((await runCommand(c, 'get nodes')).lines).toEqual([
      'NAME       STATUS',
      'worker-1   Ready',
    ]);
  });

  it('shows raw responses with the query parsed', async () => {
    const { c, seen } = client({ kind: 'Status', message: 'not found' }, 404);
    const out = await runCommand(c, 'GET /api/v1/pods?limit=1');
    expect(seen[0].query).toEqual({ limit: '1' });
    expect(out.ok).toBe(false);
    expect(out.lines[0]).toBe('HTTP 404');
  });
});
