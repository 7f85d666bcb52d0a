import { it } from 'vitest';
import { createCluster } from '../cluster.ts';
import { apiPath } from '../client.ts';

it('probe', () => {
  const c = createCluster({ workers: 2 });
  const client = c.client('test');
  const r = client.create(apiPath('apps/v1', 'deployments', 'default'), {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  console.log('create', r.ok, !r.ok && r.status);
  c.clock.advance(60_000);
  const pods = client.list(apiPath('v1', 'pods', 'default'));
  console.log(pods.ok && pods.value.items.map((p) => [p.metadata?.name, (p.status as {phase?: string})?.phase, (p.spec as {nodeName?: string})?.nodeName]));
  const d = client.get(apiPath('apps/v1', 'deployments', 'default', 'web'));
  console.log(JSON.stringify(d.ok && d.value.status));
  const ev = client.list(apiPath('v1', 'events', 'default'));
  console.log(ev.ok && ev.value.items.map((e) => `${(e.source as {component?: string})?.component} ${e.reason} ${e.message}`));
  const sa = client.list(apiPath('v1', 'serviceaccounts'));
  console.log(sa.ok && sa.value.items.map((e) => `${e.metadata?.namespace}/${e.metadata?.name}`));
  const cm = client.list(apiPath('v1', 'configmaps'));
  console.log(cm.ok && cm.value.items.map((e) => `${e.metadata?.namespace}/${e.metadata?.name}`));
  console.log([...c.components.keys()]);
});
