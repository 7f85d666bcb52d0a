/**
 * Network benchmarks (run: `npx tsx scripts/bench-network.ts`): kube-proxy rule programming for
 * 1,000 Services with 10 endpoints each, and requests routed per wall second by the traffic model.
 * Prints plain figures; nothing is asserted.
 */
import { performance } from 'node:perf_hooks';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { buildProxyTable } from '../src/sim/network/proxy-table.ts';
import { iptablesSave } from '../src/sim/network/iptables.ts';
import { startEndpointSliceController } from '../src/sim/controllers/endpointslice.ts';
import { startNetwork } from '../src/sim/network/index.ts';
import { createHarness } from '../src/sim/network/testing/harness.ts';
import { sendRequest } from '../src/sim/network/traffic.ts';

function syntheticCluster(services: number, endpointsPerService: number) {
  const svcs: Service[] = [];
  const slices: EndpointSlice[] = [];
  for (let s = 0; s < services; s++) {
    const name = `svc-${s}`;
    svcs.push({
      metadata: { name, namespace: 'bench' },
      spec: {
        type: s % 10 === 0 ? 'NodePort' : 'ClusterIP',
        clusterIP: `10.96.${Math.floor(s / 250)}.${(s % 250) + 2}`,
        selector: { app: name },
        ports: [
          {
            name: 'http',
            port: 80,
            targetPort: 8080,
            protocol: 'TCP',
            nodePort: s % 10 === 0 ? 30000 + s : undefined,
          },
        ],
      },
    });
    slices.push({
      metadata: {
        name: `${name}-abcde`,
        namespace: 'bench',
        labels: { 'kubernetes.io/service-name': name },
      },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: Array.from({ length: endpointsPerService }, (_, e) => {
        const n = s * endpointsPerService + e;
        return {
          addresses: [`10.${244 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: `worker-${(n % 10) + 1}`,
        };
      }),
    });
  }
  return { svcs, slices };
}

function benchProgramming(): void {
  const { svcs, slices } = syntheticCluster(1_000, 10);
  for (const label of ['cold (chain-name hashes computed)', 'warm (hashes cached)']) {
    const t0 = performance.now();
    const table = buildProxyTable('worker-1', '172.18.0.3', svcs, slices, 0);
    const t1 = performance.now();
    const text = iptablesSave(table);
    const t2 = performance.now();
    console.log(
      `kube-proxy sync, 1,000 services x 10 endpoints, ${label}: build ${(t1 - t0).toFixed(1)} ms, ` +
        `${table.rules.length} rules; iptables-save text ${(t2 - t1).toFixed(1)} ms (${(text.length / 1024).toFixed(0)} KiB)`,
    );
  }
}

function benchTraffic(): void {
  const h = createHarness(3);
  startEndpointSliceController(h.controllers);
  h.startInformers();
  const network = startNetwork(h.cluster, { ingressNginx: false });
  for (let s = 0; s < 50; s++) {
    h.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: 'default' },
      spec: {
        clusterIP: `10.96.1.${s + 2}`,
        selector: { app: `a${s}` },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      },
    });
    for (let p = 0; p < 10; p++) {
      const name = `a${s}-${p}`;
      h.pod(
        name,
        { app: `a${s}` },
        { nodeName: `worker-${(p % 3) + 1}`, ports: [{ name: 'http', containerPort: 8080 }] },
      );
      h.setPodStatus('default', name, `10.244.${(p % 3) + 1}.${s * 10 + p + 2}`, true);
    }
  }
  h.settle(2_000);
  const kinds: [string, () => unknown][] = [
    [
      'pod → ClusterIP by DNS name',
      () => sendRequest(network, { from: { pod: 'default/a0-0' }, to: 'svc-7' }),
    ],
    [
      'outside → NodePort-less service (refused)',
      () => sendRequest(network, { from: { external: true }, to: 'service/default/svc-3' }),
    ],
  ];
  for (const [label, fn] of kinds) {
    const n = 5_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - t0;
    console.log(
      `traffic model, ${label} (500 pods, 50 services): ${Math.round((n / ms) * 1000).toLocaleString('en-US')} requests/s`,
    );
  }
}

benchProgramming();
benchTraffic();
