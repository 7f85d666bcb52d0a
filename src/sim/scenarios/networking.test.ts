/** Networking scenarios on a full simulated cluster (apiserver, scheduler, kubelets, controllers). */
import { describe, expect, it } from 'vitest';
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types.ts';
import { apiPath } from '../client.ts';
import { createCluster, type Cluster } from '../cluster.ts';
import { startTrafficGenerator } from '../network/traffic-generator.ts';
import { sendRequest } from '../network/traffic.ts';

const ADMIN = 'kubernetes-admin';

function must<T>(r: { ok: true; value: T } | { ok: false; status: { message?: string } }): T {
  if (!r.ok) throw new Error(r.status.message);
  return r.value;
}

function deployment(
  name: string,
  replicas: number,
  extra: { image?: string; readinessDelay?: number } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: extra.image ?? 'nginx:1.27',
              ports: [{ name: 'http', containerPort: 80 }],
              ...(extra.readinessDelay !== undefined
                ? {
                    readinessProbe: {
                      httpGet: { path: '/', port: 80 },
                      initialDelaySeconds: extra.readinessDelay,
                      periodSeconds: 2,
                    },
                  }
                : {}),
            },
          ],
        },
      },
    },
  };
}

function service(name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { app: name },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      ...extra,
    },
  };
}

function setup(workers = 3) {
  const cluster = createCluster({ workers });
  const admin = cluster.client(ADMIN);
  const apply = (obj: KubeObject) => {
    const [group, version] = obj.apiVersion!.includes('/')
      ? obj.apiVersion!.split('/')
      : ['', obj.apiVersion!];
    const plural = {
      Deployment: 'deployments',
      Service: 'services',
      Ingress: 'ingresses',
      NetworkPolicy: 'networkpolicies',
    }[obj.kind as 'Service'];
    return must(
      admin.create(apiPath(group ? `${group}/${version}` : version, plural, 'default'), obj),
    );
  };
  const pods = (app: string) =>
    must(admin.list<KubeObject>(apiPath('v1', 'pods', 'default'))).items.filter(
      (p) => p.metadata?.labels?.app === app,
    ) as unknown as Pod[];
  const ready = (p: Pod) =>
    (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const runUntil = (done: () => boolean, maxMs = 300_000) => {
    const end = cluster.clock.now() + maxMs;
    while (!done() && cluster.clock.now() < end) cluster.clock.advance(500);
    return done();
  };
  return { cluster, admin, apply, pods, ready, runUntil };
}

function endpointIPs(cluster: Cluster, name: string): string[] {
  const ep = must(
    cluster.client(ADMIN).get<KubeObject>(apiPath('v1', 'endpoints', 'default', name)),
  ) as unknown as Endpoints;
  return (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
}

describe('networking scenarios', () => {
  it('endpoints follow readiness and deletions; the ClusterIP survives every pod being replaced; kube-proxy matches', () => {
    const { cluster, admin, apply, pods, ready, runUntil } = setup();
    apply(deployment('web', 3));
    const svc = apply(service('web')) as unknown as Service;
    const clusterIP = svc.spec?.clusterIP;
    expect(clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(runUntil(() => pods('web').filter(ready).length === 3)).toBe(true);
    cluster.clock.advance(2_000);
    const before = pods('web')
      .map((p) => p.status?.podIP ?? '')
      .sort();
    expect(endpointIPs(cluster, 'web')).toEqual(before);
    // Every node's kube-proxy dispatches to exactly the ready endpoints.
    for (const node of cluster.nodes) {
      const sp = cluster.network.proxies
        .get(node.name)!
        .rules()
        .servicePorts.get('default/web:http/TCP')!;
      expect(sp.clusterIP).toBe(clusterIP);
      expect(sp.clusterEndpoints.map((e) => e.ip).sort()).toEqual(before);
    }
    // Replace every pod.
    for (const p of pods('web')) admin.delete(apiPath('v1', 'pods', 'default', p.metadata?.name));
    expect(
      runUntil(() => {
        const now = pods('web');
        return (
          now.length === 3 && now.every((p) => ready(p) && !before.includes(p.status?.podIP ?? ''))
        );
      }),
    ).toBe(true);
    cluster.clock.advance(2_000);
    const after = pods('web')
      .map((p) => p.status?.podIP ?? '')
      .sort();
    expect(after.some((ip) => before.includes(ip))).toBe(false);
    expect(endpointIPs(cluster, 'web')).toEqual(after);
    const again = must(
      admin.get<KubeObject>(apiPath('v1', 'services', 'default', 'web')),
    ) as unknown as Service;
    expect(again.spec?.clusterIP).toBe(clusterIP);
    const sp = cluster.network.proxies
      .get('worker-2')!
      .rules()
      .servicePorts.get('default/web:http/TCP')!;
    expect(sp.clusterEndpoints.map((e) => e.ip).sort()).toEqual(after);
    // Traffic to the same ClusterIP now lands on the new pods.
    const client = pods('web')[0];
    const r = sendRequest(cluster.network, {
      from: { pod: `default/${client.metadata?.name}` },
      to: `http://${clusterIP}/`,
    });
    expect(r.outcome.ok && after.includes(r.outcome.ip)).toBe(true);
  });

  it('a NodePort answers on every node', () => {
    const { cluster, apply, pods, ready, runUntil } = setup();
    apply(deployment('web', 2));
    apply(service('web', { type: 'NodePort' }));
    expect(runUntil(() => pods('web').filter(ready).length === 2)).toBe(true);
    cluster.clock.advance(2_000);
    for (const node of cluster.nodes) {
      const r = sendRequest(cluster.network, {
        from: { external: true, via: 'nodeport', node: node.name },
        to: 'service/default/web',
      });
      expect(r.outcome.ok, `${node.name}: ${JSON.stringify(r.outcome)}`).toBe(true);
    }
  });

  it('traffic through an Ingress with /api and /app reaches the right pods and spreads over replicas', () => {
    const { cluster, apply, pods, ready, runUntil } = setup();
    apply(deployment('api', 2));
    apply(deployment('app', 3));
    apply(service('api'));
    apply(service('app'));
    apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop', namespace: 'default' },
      spec: {
        rules: [
          {
            host: 'shop.example.com',
            http: {
              paths: [
                {
                  path: '/api',
                  pathType: 'Prefix',
                  backend: { service: { name: 'api', port: { name: 'http' } } },
                },
                {
                  path: '/app',
                  pathType: 'Prefix',
                  backend: { service: { name: 'app', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    });
    expect(
      runUntil(
        () => pods('api').filter(ready).length === 2 && pods('app').filter(ready).length === 3,
      ),
    ).toBe(true);
    // ingress-nginx's pod becomes ready (readinessProbe initialDelaySeconds 10) and publishes its address.
    const address = () => {
      const ing = must(
        cluster
          .client(ADMIN)
          .get<KubeObject>(apiPath('networking.k8s.io/v1', 'ingresses', 'default', 'shop')),
      );
      return (ing.status as { loadBalancer?: { ingress?: { ip?: string }[] } }).loadBalancer
        ?.ingress?.[0]?.ip;
    };
    expect(runUntil(() => address() !== undefined)).toBe(true);
    expect(address()).toBe('172.18.255.200');
    cluster.clock.advance(2_000);
    const api = startTrafficGenerator(
      cluster.network,
      { from: { external: true }, to: 'http://shop.example.com/api/orders' },
      { ratePerSecond: 20 },
    );
    const app = startTrafficGenerator(
      cluster.network,
      { from: { external: true }, to: 'http://shop.example.com/app' },
      { ratePerSecond: 30 },
    );
    cluster.clock.advance(10_000);
    api.stop();
    app.stop();
    const apiPods = Object.keys(api.stats().byPod).sort();
    const appPods = Object.keys(app.stats().byPod).sort();
    expect(apiPods).toEqual(
      pods('api')
        .map((p) => `default/${p.metadata?.name}`)
        .sort(),
    );
    expect(appPods).toEqual(
      pods('app')
        .map((p) => `default/${p.metadata?.name}`)
        .sort(),
    );
    expect(api.stats().failed + app.stats().failed).toBe(0);
    // ingress-nginx's round robin: the replicas' counts differ by at most one.
    const counts = Object.values(app.stats().byPod);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(app.stats().sent).toBe(300);
    const miss = sendRequest(cluster.network, {
      from: { external: true },
      to: 'http://shop.example.com/admin',
    });
    expect(miss.outcome).toMatchObject({ ok: false, status: 404 });
  });

  it('traffic during a rolling update never reaches a pod before it is ready', () => {
    const { cluster, admin, apply, pods, ready, runUntil } = setup();
    apply(deployment('web', 3, { readinessDelay: 5 }));
    apply(service('web'));
    apply(deployment('client', 1));
    expect(
      runUntil(
        () => pods('web').filter(ready).length === 3 && pods('client').filter(ready).length === 1,
      ),
    ).toBe(true);
    cluster.clock.advance(2_000);
    // When did each pod first become Ready (seen through the API, as the test's own watch)?
    const firstReady = new Map<string, number>();
    const note = () => {
      for (const p of pods('web'))
        if (ready(p) && !firstReady.has(p.metadata?.name ?? ''))
          firstReady.set(p.metadata?.name ?? '', cluster.clock.now());
    };
    note();
    const violations: string[] = [];
    const gen = startTrafficGenerator(
      cluster.network,
      { from: { pod: `default/${pods('client')[0].metadata?.name}` }, to: 'web' },
      { ratePerSecond: 20 },
    );
    gen.subscribe((result) => {
      note();
      if (!result.outcome.ok) return;
      const at = firstReady.get(result.outcome.pod);
      if (at === undefined || at > result.at)
        violations.push(`${result.outcome.pod} at ${result.at}`);
    });
    const oldPods = new Set(pods('web').map((p) => p.metadata?.name));
    must(
      admin.patch(apiPath('apps/v1', 'deployments', 'default', 'web'), {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'nginx:1.28',
                  ports: [{ name: 'http', containerPort: 80 }],
                  readinessProbe: {
                    httpGet: { path: '/', port: 80 },
                    initialDelaySeconds: 5,
                    periodSeconds: 2,
                  },
                },
              ],
            },
          },
        },
      }),
    );
    expect(
      runUntil(() => {
        note();
        const now = pods('web');
        return now.length === 3 && now.every((p) => ready(p) && !oldPods.has(p.metadata?.name));
      }, 600_000),
    ).toBe(true);
    cluster.clock.advance(5_000);
    gen.stop();
    expect(violations).toEqual([]);
    const served = Object.keys(gen.stats().byPod);
    // Load moved from the old replicas to the new ones.
    expect(served.filter((p) => !oldPods.has(p.split('/')[1])).length).toBe(3);
    expect(gen.stats().served).toBeGreaterThan(gen.stats().sent * 0.9);
  });

  it('a NetworkPolicy denies what it should and nothing else, DNS egress included', () => {
    const { cluster, apply, pods, ready, runUntil } = setup();
    apply(deployment('web', 2));
    apply(deployment('client', 1));
    apply(deployment('intruder', 1));
    apply(service('web'));
    expect(
      runUntil(
        () =>
          pods('web').filter(ready).length === 2 &&
          pods('client').filter(ready).length === 1 &&
          pods('intruder').filter(ready).length === 1,
      ),
    ).toBe(true);
    const from = (app: string) => ({ pod: `default/${pods(app)[0].metadata?.name}` });
    apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-from-client', namespace: 'default' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { app: 'client' } } }],
            ports: [{ port: 'http' }],
          },
        ],
      },
    });
    cluster.clock.advance(2_000);
    expect(sendRequest(cluster.network, { from: from('client'), to: 'web' }).outcome.ok).toBe(true);
    const denied = sendRequest(cluster.network, { from: from('intruder'), to: 'web' });
    expect(denied.outcome).toMatchObject({ ok: false, kind: 'network-policy' });
    expect(denied.outcome.ok ? '' : denied.outcome.reason).toContain('"default/web-from-client"');
    // Default-deny egress for the client breaks its DNS lookups...
    apply({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'client-egress', namespace: 'default' },
      spec: {
        podSelector: { matchLabels: { app: 'client' } },
        policyTypes: ['Egress'],
        egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
      },
    });
    cluster.clock.advance(1_000);
    const noDns = sendRequest(cluster.network, { from: from('client'), to: 'web' });
    expect(noDns.outcome.ok ? '' : noDns.outcome.reason).toMatch(
      /^dial tcp: lookup web on 10\.96\.0\.10:53: i\/o timeout/,
    );
    // ...but the ClusterIP still works (the egress rule allows the web pods after DNAT).
    const ip = (
      must(
        cluster.client(ADMIN).get<KubeObject>(apiPath('v1', 'services', 'default', 'web')),
      ) as unknown as Service
    ).spec?.clusterIP;
    expect(
      sendRequest(cluster.network, { from: from('client'), to: `http://${ip}/` }).outcome.ok,
    ).toBe(true);
    // Nothing else changed: the intruder still reaches unselected pods.
    expect(
      sendRequest(cluster.network, { from: from('intruder'), to: `service/default/web` }).outcome
        .ok,
    ).toBe(false);
    const clientIP = pods('client')[0].status?.podIP;
    expect(
      sendRequest(cluster.network, { from: from('intruder'), to: `http://${clientIP}/` }).outcome
        .ok,
    ).toBe(true);
  });
});
