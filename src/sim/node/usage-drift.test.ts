/** Usage drift: bounds, determinism, opt-out, limits; through the metrics API and the HPA. */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types.ts';
import { createCluster } from '../cluster.ts';
import { parseQuantity } from '../scheduler/quantity.ts';
import { create, deployment, get, isReady, list, runUntil } from '../scenarios/workload-helpers.ts';
import { podContainerUsage, scrapeTime } from './metrics-server.ts';
import {
  containerSeed,
  cpuNoise,
  driftAmplitude,
  driftedUsage,
  memoryNoise,
  valueNoise,
} from './usage-drift.ts';

const Mi = 2 ** 20;
const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const pod = (uid: string, annotations?: Record<string, string>): Pod => ({
  metadata: { name: `p-${uid}`, namespace: 'default', uid, annotations },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
});
const BASE = { milliCPU: 200, memory: 64 * Mi };
const NO_LIMITS = { milliCPU: 0, memory: 0 };
/** A day of 15 s scrapes. */
const series = (p: Pod, container = 'app', base = BASE, limits = NO_LIMITS) =>
  Array.from({ length: (24 * HOUR) / 15_000 }, (_, i) =>
    driftedUsage(p, container, base, limits, START + i * 15_000),
  );

describe('usage drift', () => {
  it('stays within +-5 % CPU and +-2 % memory over a day, and uses most of that range', () => {
    for (const uid of ['a', 'b', 'c', '9f0c1d2e-0000-4000-8000-000000000001']) {
      const s = series(pod(uid));
      const cpu = s.map((u) => u.milliCPU / BASE.milliCPU - 1);
      const mem = s.map((u) => u.memory / BASE.memory - 1);
      expect(Math.max(...s.map((u) => Math.abs(u.milliCPU - BASE.milliCPU)))).toBeLessThanOrEqual(
        10,
      );
      expect(Math.max(...mem.map(Math.abs))).toBeLessThanOrEqual(0.02 + 4096 / BASE.memory);
      // A wander, not a flat line: over a day it reaches well into its band on both sides.
      expect(Math.max(...cpu)).toBeGreaterThan(0.025);
      expect(Math.min(...cpu)).toBeLessThan(-0.025);
      expect(Math.max(...mem)).toBeGreaterThan(0.01);
      expect(Math.min(...mem)).toBeLessThan(-0.01);
      // Whole millicores, whole 4 KiB pages.
      for (const u of s.slice(0, 50)) {
        expect(Number.isInteger(u.milliCPU)).toBe(true);
        expect(u.memory % 4096).toBe(0);
      }
    }
  });

  it('is smooth: it changes between scrapes, by small steps, and memory moves less than CPU', () => {
    const s = series(pod('smooth'));
    let cpuChanges = 0;
    let maxCpuStep = 0;
    let maxMemStep = 0;
    for (let i = 1; i < s.length; i++) {
      if (s[i].milliCPU !== s[i - 1].milliCPU) cpuChanges++;
      maxCpuStep = Math.max(maxCpuStep, Math.abs(s[i].milliCPU - s[i - 1].milliCPU));
      maxMemStep = Math.max(maxMemStep, Math.abs(s[i].memory - s[i - 1].memory));
    }
    expect(cpuChanges).toBeGreaterThan(s.length * 0.3);
    // The full band is 20m (+-5 % of 200m); one 15 s step moves a fraction of it.
    expect(maxCpuStep).toBeLessThan(6);
    expect(maxMemStep / BASE.memory).toBeLessThan(0.004);
    // Noise functions stay in [-1, 1], even across lattice points and far from the epoch.
    for (let t = 0; t < 10 * HOUR; t += 7_001) {
      for (const v of [valueNoise(7, START + t, 45_000), cpuNoise(7, t), memoryNoise(7, t)])
        expect(Math.abs(v)).toBeLessThanOrEqual(1);
    }
  });

  it('is deterministic per pod uid and differs between pods and containers', () => {
    expect(series(pod('same'))).toEqual(series(pod('same')));
    const a = series(pod('one')).map((u) => u.milliCPU);
    const b = series(pod('two')).map((u) => u.milliCPU);
    const differing = a.filter((v, i) => v !== b[i]).length;
    expect(differing).toBeGreaterThan(a.length * 0.8);
    const sidecar = series(pod('one'), 'sidecar').map((u) => u.milliCPU);
    expect(sidecar.filter((v, i) => v !== a[i]).length).toBeGreaterThan(a.length * 0.8);
    // A pod without a uid is identified by namespace/name.
    const anon: Pod = { metadata: { name: 'x', namespace: 'ns' } };
    expect(containerSeed(anon, 'app')).toBe(containerSeed({ ...anon }, 'app'));
    expect(containerSeed(anon, 'app')).not.toBe(containerSeed(pod('x'), 'app'));
  });

  it('reads the usage-drift annotation: 0/off exact, a percentage, per container', () => {
    expect(driftAmplitude(pod('a'), 'app')).toEqual({ cpu: 0.05, memory: 0.02 });
    for (const off of ['0', '0%', 'off', 'false']) {
      const p = pod('a', { 'sim.k8s-explorer.io/usage-drift': off });
      expect(driftAmplitude(p, 'app')).toEqual({ cpu: 0, memory: 0 });
      expect(new Set(series(p).map((u) => `${u.milliCPU}/${u.memory}`))).toEqual(
        new Set([`${BASE.milliCPU}/${BASE.memory}`]),
      );
    }
    const wide = pod('a', { 'sim.k8s-explorer.io/usage-drift': '20%' });
    expect(driftAmplitude(wide, 'app').cpu).toBeCloseTo(0.2);
    expect(driftAmplitude(wide, 'app').memory).toBeCloseTo(0.08);
    const cpu = series(wide).map((u) => Math.abs(u.milliCPU - BASE.milliCPU));
    expect(Math.max(...cpu)).toBeLessThanOrEqual(40);
    expect(Math.max(...cpu)).toBeGreaterThan(20);
    // Small figures stay within their band too (31.5m would round out of +-5 % of 30m).
    const small = series(pod('small'), 'app', { milliCPU: 30, memory: Mi }).map((u) => u.milliCPU);
    expect(Math.max(...small)).toBe(31);
    expect(Math.min(...small)).toBe(29);
    const perContainer = pod('a', { 'sim.k8s-explorer.io/usage-drift': 'app=0,side=10%' });
    expect(driftAmplitude(perContainer, 'app').cpu).toBe(0);
    expect(driftAmplitude(perContainer, 'side').cpu).toBeCloseTo(0.1);
    // Not named: the default; unreadable: the default.
    expect(driftAmplitude(perContainer, 'other').cpu).toBe(0.05);
    expect(driftAmplitude(pod('a', { 'sim.k8s-explorer.io/usage-drift': 'lots' }), 'app').cpu).toBe(
      0.05,
    );
  });

  it('never drifts over the limits, unless the set figure is already over them', () => {
    const limits = { milliCPU: 200, memory: 64 * Mi };
    const atLimit = series(pod('lim'), 'app', BASE, limits);
    expect(Math.max(...atLimit.map((u) => u.memory))).toBe(64 * Mi);
    expect(Math.max(...atLimit.map((u) => u.milliCPU))).toBe(200);
    expect(Math.min(...atLimit.map((u) => u.memory))).toBeLessThan(64 * Mi);
    // Set over the limit (the container will be OOMKilled): reported as set, drift or not.
    const over = series(pod('lim'), 'app', { milliCPU: 100, memory: 80 * Mi }, limits);
    expect(Math.min(...over.map((u) => u.memory))).toBeGreaterThan(64 * Mi);
  });
});

describe('usage drift on a cluster', () => {
  it('shows in PodMetrics: steady within a scrape window, moving across windows, node sums match', () => {
    const c = createCluster({ workers: 2 });
    const t = c.client('test');
    const d = deployment('web', 3);
    (d.spec as { template: { metadata: Record<string, unknown> } }).template.metadata.annotations =
      { 'sim.k8s-explorer.io/cpu-usage': '400m', 'sim.k8s-explorer.io/memory-usage': '100Mi' };
    create(t, 'apps/v1', 'deployments', d);
    expect(runUntil(c, () => list(t, 'v1', 'pods').filter(isReady).length === 3)).toBe(true);
    const read = () =>
      list(t, 'metrics.k8s.io/v1beta1', 'pods').map((m) => {
        const u = (m.containers as { usage: { cpu: string; memory: string } }[])[0].usage;
        return { cpu: parseQuantity(u.cpu) * 1000, memory: parseQuantity(u.memory) };
      });
    c.clock.advance(15_000 - (c.clock.now() % 15_000));
    const first = read();
    c.clock.advance(10_000);
    expect(read()).toEqual(first);
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      c.clock.advance(15_000);
      for (const u of read()) {
        expect(Math.abs(u.cpu - 400)).toBeLessThanOrEqual(20 + 1e-9);
        expect(Math.abs(u.memory / (100 * Mi) - 1)).toBeLessThanOrEqual(0.02 + 1e-4);
        seen.add(u.cpu);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    // NodeMetrics add up the same drifted figures.
    const pods = list(t, 'v1', 'pods');
    const nodes = list(t, 'metrics.k8s.io/v1beta1', 'nodes', '');
    const at = scrapeTime(c.clock.now());
    for (const n of nodes) {
      const expected = pods
        .filter((p) => (p.spec as { nodeName?: string }).nodeName === n.metadata?.name)
        .flatMap((p) => podContainerUsage(p as Pod, at) ?? [])
        .reduce((sum, x) => sum + x.usage.memory, 0);
      const own = list(t, 'v1', 'pods', '')
        .filter(
          (p) =>
            p.metadata?.namespace !== 'default' &&
            (p.spec as { nodeName?: string }).nodeName === n.metadata?.name,
        )
        .flatMap((p) => podContainerUsage(p as Pod, at) ?? [])
        .reduce((sum, x) => sum + x.usage.memory, 0);
      const reported = parseQuantity((n.usage as { memory: string }).memory);
      expect(reported).toBe(expected + own + 256 * Mi);
    }
  });

  it('keeps an HPA at a steady replica count under constant load', () => {
    const c = createCluster({ workers: 3 });
    const t = c.client('test');
    const d = deployment('steady', 4);
    // 25m of a 50m request: 50 % against a 50 % target, drifting +-5 % (tolerance 10 %).
    (d.spec as { template: { metadata: Record<string, unknown> } }).template.metadata.annotations =
      { 'sim.k8s-explorer.io/cpu-usage': '25m' };
    create(t, 'apps/v1', 'deployments', d);
    expect(runUntil(c, () => list(t, 'v1', 'pods').filter(isReady).length === 4)).toBe(true);
    create(t, 'autoscaling/v2', 'horizontalpodautoscalers', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'steady' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'steady' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
          },
        ],
      },
    });
    const utilizations = new Set<number>();
    for (let i = 0; i < 120; i++) {
      c.clock.advance(15_000);
      expect(get(t, 'apps/v1', 'deployments', 'steady')?.spec?.replicas).toBe(4);
      const hpa = get(t, 'autoscaling/v2', 'horizontalpodautoscalers', 'steady') as KubeObject & {
        status?: {
          currentMetrics?: { resource?: { current?: { averageUtilization?: number } } }[];
        };
      };
      const u = hpa.status?.currentMetrics?.[0]?.resource?.current?.averageUtilization;
      if (u !== undefined) utilizations.add(u);
    }
    // The HPA sees the drift (a few percent either side of 50) but never acts on it.
    expect(utilizations.size).toBeGreaterThan(1);
    for (const u of utilizations) expect(Math.abs(u - 50)).toBeLessThanOrEqual(3);
  });
});
