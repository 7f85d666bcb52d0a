import { describe, expect, it } from 'vitest';
import { startEndpointSliceController } from '../controllers/endpointslice.ts';
import { computeProbability, formatRule, iptablesSave, portProtoHash } from './iptables.ts';
import { kubeProxyRules, startNetwork } from './index.ts';
import { createHarness } from './testing/harness.ts';

function setup(replicas = 3) {
  const h = createHarness(2);
  startEndpointSliceController(h.controllers);
  h.startInformers();
  const network = startNetwork(h.cluster, { ingressNginx: false });
  h.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      type: 'NodePort',
      clusterIP: '10.96.0.20',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
    },
  });
  for (let i = 1; i <= replicas; i++) {
    h.pod(`web-${i}`, { app: 'web' }, { nodeName: `worker-${((i - 1) % 2) + 1}` });
    h.setPodStatus('default', `web-${i}`, `10.244.${((i - 1) % 2) + 1}.${10 + i}`, true);
  }
  h.settle(2_000);
  return { h, network };
}

describe('kube-proxy (iptables mode)', () => {
  it('names chains like upstream', () => {
    expect(portProtoHash('default/kubernetes:https', 'tcp')).toBe('NPX46M4PTMTKRN6Y');
    expect(portProtoHash('kube-system/kube-dns:dns', 'udp')).toBe('TCOU7JCQXEZGVUNU');
    expect(computeProbability(3)).toBe('0.3333333333');
    expect(computeProbability(2)).toBe('0.5000000000');
  });

  it('programs KUBE-SVC → KUBE-SEP with the probability ladder on every node', () => {
    const { h } = setup();
    for (const node of ['control-plane', 'worker-1', 'worker-2']) {
      const table = kubeProxyRules(h.api, node)!;
      const sp = table.servicePorts.get('default/web:http/TCP')!;
      expect(sp.svcChain).toBe('KUBE-SVC-' + portProtoHash('default/web:http', 'tcp'));
      expect(sp.clusterEndpoints.map((e) => e.address)).toEqual([
        '10.244.1.11:8080',
        '10.244.1.13:8080',
        '10.244.2.12:8080',
      ]);
      const svcRules = table.rules.filter(
        (r) => r.chain === sp.svcChain && r.jump.startsWith('KUBE-SEP-'),
      );
      expect(svcRules.map((r) => r.matches?.at(-1) ?? 'last')).toEqual([
        '0.3333333333',
        '0.5000000000',
        'last',
      ]);
      expect(table.byNodePort.get('30080/TCP')).toBe('default/web:http/TCP');
    }
    const text = iptablesSave(kubeProxyRules(h.api, 'worker-1')!);
    expect(text).toContain(
      `-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-`,
    );
    expect(text).toContain(
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j KUBE-EXT-',
    );
    expect(text).toMatch(
      /-A KUBE-SEP-\w+ -p tcp -m comment --comment "default\/web:http" -m tcp -j DNAT --to-destination 10\.244\.1\.11:8080/,
    );
    expect(text.split('\n').filter((l) => l === 'COMMIT')).toHaveLength(2);
  });

  it('rejects in the filter table when a service has no endpoints', () => {
    const { h } = setup(0);
    const table = kubeProxyRules(h.api, 'worker-1')!;
    const reject = table.rules.find((r) => r.jump === 'REJECT')!;
    expect(formatRule(reject)).toBe(
      '-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
  });

  it('batches changes: at most one sync per minSyncPeriod, and a stopped proxy keeps stale rules', () => {
    const { h, network } = setup(1);
    const proxy = network.proxies.get('worker-1')!;
    h.pod('web-9', { app: 'web' }, { nodeName: 'worker-1' });
    h.setPodStatus('default', 'web-9', '10.244.1.99', true);
    h.settle();
    const syncsBefore = proxy.syncs;
    h.settle(2_000);
    expect(proxy.syncs - syncsBefore).toBeLessThanOrEqual(1);
    expect(proxy.rules().servicePorts.get('default/web:http/TCP')!.clusterEndpoints).toHaveLength(
      2,
    );
    proxy.stop();
    h.setPodStatus('default', 'web-9', '10.244.1.99', false);
    h.settle(5_000);
    expect(proxy.rules().servicePorts.get('default/web:http/TCP')!.clusterEndpoints).toHaveLength(
      2,
    );
    proxy.start();
    h.settle(1_000);
    expect(proxy.rules().servicePorts.get('default/web:http/TCP')!.clusterEndpoints).toHaveLength(
      1,
    );
  });

  it('writes ClientIP affinity with the recent module (10800 s)', () => {
    const { h } = setup(2);
    h.admin.patch('/api/v1/namespaces/default/services/web', {
      spec: { sessionAffinity: 'ClientIP' },
    });
    h.settle(2_000);
    const text = iptablesSave(kubeProxyRules(h.api, 'worker-1')!);
    expect(text).toMatch(
      /-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-\w+ --mask 255\.255\.255\.255 --rsource -j KUBE-SEP-/,
    );
    expect(text).toMatch(
      /-m recent --set --name KUBE-SEP-\w+ --mask 255\.255\.255\.255 --rsource -m tcp -j DNAT/,
    );
  });
});
