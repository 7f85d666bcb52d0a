/**
 * Helpers for the real-world fixture tests (test/fixtures/manifests, see its CATALOGUE.md): apply
 * files the way the app's console does (`kubectl apply -f -`), read `kubectl get` rows, and look
 * up events, endpoints and pods on a simulated cluster.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runKubectl } from '../../src/kubectl/cli/index.ts';
import { simEnv } from '../../src/kubectl/cli/testing/sim-env.ts';
import type { Cluster } from '../../src/sim/cluster.ts';
import { list, type Obj } from '../../src/sim/scenarios/workload-helpers.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/manifests');

/** Reads a fixture file by its catalogue name (`kubernetes__website/content__en__...yaml`). */
export function fixture(file: string): string {
  return readFileSync(resolve(FIXTURES, file), 'utf8');
}

/** Runs one kubectl command line against the cluster (stdin for `-f -`). */
export async function kubectl(
  cluster: Cluster,
  command: string,
  stdin?: string,
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  return runKubectl(command, simEnv(cluster, stdin === undefined ? {} : { stdin }));
}

/**
 * `kubectl apply -f -` of each file in order, as the console does, with `gapMs` of virtual time
 * after each (a CRD must be Established before its custom resources are applied). Returns the
 * output lines; throws with kubectl's stderr if an apply fails.
 */
export async function applyFixtures(
  cluster: Cluster,
  files: readonly string[],
  gapMs = 2000,
): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) {
    const result = await kubectl(cluster, 'apply -f -', fixture(file));
    if (result.exitCode !== 0) throw new Error(`${file}: ${result.stderr}`);
    lines.push(...result.stdout.trimEnd().split('\n'));
    cluster.clock.advance(gapMs);
  }
  return lines;
}

/**
 * The rows of a `kubectl get` table, each split into its columns (kubectl separates columns with
 * at least two spaces, and no cell holds two spaces in a row).
 */
export async function getRows(cluster: Cluster, args: string): Promise<string[][]> {
  const result = await kubectl(cluster, `get ${args}`);
  if (result.exitCode !== 0) throw new Error(`kubectl get ${args}: ${result.stderr}`);
  return result.stdout
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s{2,}/));
}

/** The first row of `kubectl get <args>`, keyed by column header. */
export async function getRow(cluster: Cluster, args: string): Promise<Record<string, string>> {
  const result = await kubectl(cluster, `get ${args}`);
  if (result.exitCode !== 0) throw new Error(`kubectl get ${args}: ${result.stderr}`);
  const [header, first] = result.stdout.trimEnd().split('\n');
  // Columns start where the header's names start (kubectl's tabwriter pads to the header).
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => [m[0], m.index] as const);
  const row: Record<string, string> = {};
  starts.forEach(([name, start], i) => {
    const end = i + 1 < starts.length ? starts[i + 1][1] : undefined;
    row[name] = (first ?? '').slice(start, end).trim();
  });
  return row;
}

/** Events about one object (`kind`, `name`), oldest first, as `reason: message`. */
export function eventsFor(cluster: Cluster, kind: string, name: string, namespace = 'default') {
  return list(cluster.client('test'), 'v1', 'events', namespace)
    .filter((e) => {
      const ref = e.involvedObject as { kind?: string; name?: string } | undefined;
      return ref?.kind === kind && ref?.name === name;
    })
    .sort((a, b) =>
      String(a.lastTimestamp ?? a.eventTime ?? '').localeCompare(
        String(b.lastTimestamp ?? b.eventTime ?? ''),
      ),
    )
    .map((e) => ({
      type: String(e.type),
      reason: String(e.reason),
      message: String(e.message),
      count: Number(e.count ?? 1),
    }));
}

/** Pods whose name starts with `prefix`. */
export function podsNamed(cluster: Cluster, prefix: string, namespace = 'default'): Obj[] {
  return list(cluster.client('test'), 'v1', 'pods', namespace).filter((p) =>
    (p.metadata?.name ?? '').startsWith(prefix),
  );
}

/** Ready addresses of a Service's Endpoints object, with their ports. */
export function endpointAddresses(
  cluster: Cluster,
  service: string,
  namespace = 'default',
): { ready: { ip: string; hostname?: string }[]; notReady: number; ports: number[] } {
  const ep = list(cluster.client('test'), 'v1', 'endpoints', namespace).find(
    (e) => e.metadata?.name === service,
  ) as
    | (Obj & {
        subsets?: {
          addresses?: { ip: string; hostname?: string }[];
          notReadyAddresses?: unknown[];
          ports?: { port: number }[];
        }[];
      })
    | undefined;
  const subsets = ep?.subsets ?? [];
  return {
    ready: subsets.flatMap((s) => s.addresses ?? []),
    notReady: subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0),
    ports: [...new Set(subsets.flatMap((s) => (s.ports ?? []).map((p) => p.port)))].sort(
      (a, b) => a - b,
    ),
  };
}
