import { describe, expect, it } from 'vitest';
import { startEndpointSliceController } from '../controllers/endpointslice.ts';
import { startEndpointSliceMirroringController } from '../controllers/endpointslice-mirroring.ts';
import { resolve } from './dns.ts';
import { setNodeDown, startNetwork } from './index.ts';
import { createHarness } from './testing/harness.ts';
import { startTrafficGenerator } from './traffic-generator.ts';
import { onTraffic, sendRequest } from './traffic.ts';

function setup() {
  const h = createHarness(3);
  startEndpointSliceController(h.controllers);
  startEndpointSliceMirroringController(h.controllers);
  h.startInformers();
  const network = startNetwork(h.cluster);
  const service = (name: string, app: string, ip: string, extra: Record<string, unknown> = {}) =>
    h.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: {
        clusterIP: ip,
        selector: { app },
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        ...extra,
      },
    });
  let ipSeq = 10;
  const pods = (app: string, n: number, extra: Record<string, unknown> = {}) => {
    for (let i = 0; i < n; i++) {
      const node = `worker-${(i % 3) + 1}`;
      h.pod(`${app}-${i}`, { app }, { nodeName: node, ...extra });
      h.setPodStatus('default', `${app}-${i}`, `10.244.${(i % 3) + 1}.${ipSeq++}`, true);
    }
  };
  return { h, network, service, pods };
}

describe('traffic model', () => {
  it('a ClusterIP request from a pod is DNATed by its node and spreads over the replicas', () => {
    const { h, network, service, pods } = setup();
    service('web', 'web', '10.96.0.20');
    pods('web', 3);
    pods('client', 1);
    h.settle(2_000);
    const seen: string[] = [];
    const unsubscribe = onTraffic(network, (r) => seen.push(r.request.to));
    const result = sendRequest(network, { from: { pod: 'default/client-0' }, to: 'web' });
    unsubscribe();
    expect(seen).toEqual(['web']);
    expect(result.outcome.ok).toBe(true);
    expect(result.hops.map((x) => x.kind)).toEqual([
      'client',
      'dns',
      'service',
      'kube-proxy',
      'pod',
    ]);
    expect(result.hops[1].text).toBe('DNS web.default.svc.cluster.local → 10.96.0.20');
    expect(result.hops[3].node).toBe('worker-1');
    const gen = startTrafficGenerator(
      network,
      { from: { pod: 'default/client-0' }, to: 'service/default/web' },
      { ratePerSecond: 50 },
    );
    h.settle(10_000);
    const counts = Object.values(gen.stats().byPod);
    expect(counts).toHaveLength(3);
    expect(gen.stats().served).toBe(500);
    for (const c of counts) expect(c).toBeGreaterThan(100);
    gen.stop();
    // Same seed, same choices: a second cluster gives the identical trace.
    const again = setup();
    again.service('web', 'web', '10.96.0.20');
    again.pods('web', 3);
    again.pods('client', 1);
    again.h.settle(2_000);
    const r2 = sendRequest(again.network, { from: { pod: 'default/client-0' }, to: 'web' });
    expect(r2.hops).toEqual(result.hops);
  });

  it('ClientIP session affinity keeps a client on one pod until the timeout', () => {
    const { h, network, service, pods } = setup();
    service('web', 'web', '10.96.0.20', {
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    });
    pods('web', 3);
    pods('client', 1);
    h.settle(2_000);
    const pick = () => {
      const r = sendRequest(network, {
        from: { pod: 'default/client-0' },
        to: 'service/default/web',
      });
      return r.outcome.ok ? r.outcome.pod : r.outcome.reason;
    };
    const first = pick();
    for (let i = 0; i < 20; i++) {
      h.settle(1_000);
      expect(pick()).toBe(first);
    }
    // After 60 s of silence the entry is reaped and the ladder decides again.
    const after = new Set<string>();
    for (let i = 0; i < 20; i++) {
      h.settle(61_000);
      after.add(pick());
    }
    expect(after.size).toBeGreaterThan(1);
  });

  it('a Service without selector routes to the Endpoints its owner wrote (mirrored into a slice)', () => {
    const { h, network, pods } = setup();
    pods('legacy', 1);
    pods('client', 1);
    h.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'legacy-db', namespace: 'default' },
      spec: { clusterIP: '10.96.0.50', ports: [{ port: 5432, targetPort: 5432 }] },
    });
    h.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'legacy-db', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '10.244.1.10' }], ports: [{ port: 5432 }] }],
    });
    h.settle(2_000);
    const r = sendRequest(network, {
      from: { pod: 'default/client-0' },
      to: 'legacy-db',
      port: 5432,
    });
    expect(r.outcome).toMatchObject({ ok: true, pod: 'legacy-0', port: 5432 });
  });

  it('reports a service without ready endpoints the way users see it', () => {
    const { h, network, service } = setup();
    service('web', 'web', '10.96.0.20');
    h.pod('web-0', { app: 'web' }, { nodeName: 'worker-1' });
    h.setPodStatus('default', 'web-0', '10.244.1.10', false);
    h.settle(2_000);
    const r = sendRequest(network, { from: { pod: 'default/web-0' }, to: 'service/default/web' });
    expect(r.outcome).toMatchObject({
      ok: false,
      kind: 'no-endpoints',
      reason: 'no endpoints available for service "web"',
    });
  });

  it('a NodePort answers on every node, and not on a node that is down', () => {
    const { h, network, service, pods } = setup();
    service('web', 'web', '10.96.0.20', {
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }],
    });
    pods('web', 1);
    h.settle(2_000);
    for (const node of ['control-plane', 'worker-1', 'worker-2', 'worker-3']) {
      const r = sendRequest(network, {
        from: { external: true, via: 'nodeport', node },
        to: 'service/default/web',
      });
      expect(r.outcome).toMatchObject({ ok: true, pod: 'web-0' });
    }
    setNodeDown(h.api, 'worker-2', true);
    const down = sendRequest(network, {
      from: { external: true, via: 'nodeport', node: 'worker-2' },
      to: 'service/default/web',
    });
    expect(down.outcome).toMatchObject({ ok: false, kind: 'node-down' });
  });

  it('LoadBalancer services get an address from the pool and answer on it', () => {
    const { h, network, service, pods } = setup();
    service('web', 'web', '10.96.0.20', {
      type: 'LoadBalancer',
      ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }],
    });
    service('api', 'api', '10.96.0.21', {
      type: 'LoadBalancer',
      ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30081 }],
    });
    pods('web', 2);
    h.settle(2_000);
    const ips = h.api
      .all('services')
      .filter((s) => s.metadata?.namespace === 'default')
      .map(
        (s) =>
          (s.status as { loadBalancer?: { ingress?: { ip: string }[] } }).loadBalancer?.ingress?.[0]
            ?.ip,
      );
    // ingress-nginx's Service took .200 first (it was created at boot).
    expect(ips.sort()).toEqual(['172.18.255.201', '172.18.255.202']);
    const r = sendRequest(network, { from: { external: true }, to: 'service/default/web' });
    expect(r.outcome.ok).toBe(true);
    expect(r.hops.map((x) => x.kind)).toEqual([
      'client',
      'load-balancer',
      'service',
      'kube-proxy',
      'pod',
    ]);
  });

  it('NetworkPolicy denies what it should and nothing else', () => {
    const { h, network, service, pods } = setup();
    service('db', 'db', '10.96.0.30', { ports: [{ name: 'http', port: 5432, targetPort: 5432 }] });
    pods('db', 1, { ports: [{ name: 'pg', containerPort: 5432 }] });
    h.pod('api-0', { app: 'api' }, { nodeName: 'worker-2' });
    h.setPodStatus('default', 'api-0', '10.244.2.50', true);
    h.pod('web-0', { app: 'web' }, { nodeName: 'worker-3' });
    h.setPodStatus('default', 'web-0', '10.244.3.50', true);
    h.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db-from-api', namespace: 'default' },
      spec: {
        podSelector: { matchLabels: { app: 'db' } },
        ingress: [
          { from: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'pg' }] },
        ],
      },
    });
    h.settle(2_000);
    expect(
      sendRequest(network, { from: { pod: 'default/api-0' }, to: 'db', port: 5432 }).outcome.ok,
    ).toBe(true);
    const denied = sendRequest(network, { from: { pod: 'default/web-0' }, to: 'db', port: 5432 });
    expect(denied.outcome).toMatchObject({ ok: false, kind: 'network-policy' });
    expect(denied.outcome.ok ? '' : denied.outcome.reason).toContain('"default/db-from-api"');
    // web is not selected by any policy: it still accepts anything.
    service('web', 'web', '10.96.0.31');
    h.settle(2_000);
    expect(sendRequest(network, { from: { pod: 'default/api-0' }, to: 'web' }).outcome.ok).toBe(
      true,
    );
    // Default-deny egress for api: now api cannot reach db either.
    h.create({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-egress', namespace: 'default' },
      spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'] },
    });
    h.settle();
    const egress = sendRequest(network, {
      from: { pod: 'default/api-0' },
      to: 'service/default/db',
    });
    expect(egress.outcome.ok ? '' : egress.outcome.reason).toContain(
      '"default/deny-egress" (egress',
    );
  });

  it('routes through ingress-nginx by host and path, 404 for no match, and sets the Ingress address', () => {
    const { h, network, service, pods } = setup();
    service('api', 'api', '10.96.0.40');
    service('app', 'app', '10.96.0.41');
    pods('api', 2);
    pods('app', 2);
    // The fake apiserver allocates no ClusterIPs (the real one does).
    h.admin.patch('/api/v1/namespaces/ingress-nginx/services/ingress-nginx-controller', {
      spec: { clusterIP: '10.96.0.100' },
    });
    // The ingress-nginx pod (normally made by the Deployment's ReplicaSet).
    h.pod(
      'ingress-nginx-controller-abc',
      {
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/instance': 'ingress-nginx',
        'app.kubernetes.io/component': 'controller',
      },
      {
        namespace: 'ingress-nginx',
        nodeName: 'worker-1',
        ports: [
          { name: 'http', containerPort: 80 },
          { name: 'https', containerPort: 443 },
        ],
      },
    );
    h.setPodStatus('ingress-nginx', 'ingress-nginx-controller-abc', '10.244.1.200', true);
    h.create({
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
                  backend: { service: { name: 'api', port: { number: 80 } } },
                },
                {
                  path: '/app',
                  pathType: 'Prefix',
                  backend: { service: { name: 'app', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    });
    h.settle(2_000);
    const ing = h.api.all('ingresses')[0] as {
      status?: { loadBalancer?: { ingress?: { ip: string }[] } };
    };
    expect(ing.status?.loadBalancer?.ingress?.[0]?.ip).toBe('172.18.255.200');
    const served: Record<string, number> = {};
    for (let i = 0; i < 8; i++) {
      for (const path of ['/api/users', '/app']) {
        const r = sendRequest(network, {
          from: { external: true },
          to: 'http://shop.example.com' + path,
        });
        expect(r.outcome, JSON.stringify(r.outcome)).toMatchObject({ ok: true });
        if (r.outcome.ok) served[r.outcome.pod] = (served[r.outcome.pod] ?? 0) + 1;
      }
    }
    expect(served).toEqual({ 'api-0': 4, 'api-1': 4, 'app-0': 4, 'app-1': 4 });
    const r = sendRequest(network, {
      from: { external: true },
      to: 'ingress/default/shop',
      path: '/api',
    });
    expect(r.hops.map((x) => x.kind)).toEqual([
      'client',
      'load-balancer',
      'service',
      'kube-proxy',
      'ingress-controller',
      'service',
      'pod',
    ]);
    const miss = sendRequest(network, {
      from: { external: true },
      to: 'http://shop.example.com/apix',
    });
    expect(miss.outcome).toMatchObject({ ok: false, status: 404 });
  });

  it('DNS: search domains, headless pod records, ExternalName', () => {
    const { h, network, service, pods } = setup();
    service('db', 'db', 'None');
    pods('db', 2, { hostname: 'db-x', subdomain: 'db' });
    h.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext', namespace: 'default' },
      spec: { type: 'ExternalName', externalName: 'example.org' },
    });
    h.settle(2_000);
    expect(resolve(network.view, 'db', 'default').addresses).toEqual([
      '10.244.1.10',
      '10.244.2.11',
    ]);
    expect(resolve(network.view, 'db.default', 'kube-system').name).toBe(
      'db.default.svc.cluster.local',
    );
    expect(resolve(network.view, 'db-x.db.default.svc.cluster.local').addresses).toHaveLength(2);
    expect(resolve(network.view, 'ext', 'default').cname).toBe('example.org');
    expect(resolve(network.view, 'nope', 'default').rcode).toBe('NXDOMAIN');
  });
});
