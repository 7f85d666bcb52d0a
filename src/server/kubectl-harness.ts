/**
 * Test support for the kubectl compatibility tests: a simulated cluster served in-process on a free
 * port, a temporary kubeconfig and kubectl cache, and helpers that run the real kubectl binary
 * against it. Virtual time is paused; tests move it with `advance`, so outputs are reproducible.
 */
import { expect } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cluster } from '../sim/cluster.ts';
import { startServer, type RunningServer } from './http-server.ts';
import { provideComponentSchemas } from '../sim/apiserver/openapi/index.ts';
import { kubeconfigYaml } from './kubeconfig.ts';
import { generateComponentSchemas } from './openapi-schemas.ts';

/** The kubectl binary under test (`KUBECTL` overrides /usr/bin/kubectl). */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** Whether the kubectl binary exists and is executable. */
export function kubectlAvailable(): boolean {
  try {
    accessSync(KUBECTL, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** What to do without kubectl: in CI a missing kubectl is a failure, elsewhere a visible skip. */
export const MISSING_KUBECTL = `kubectl not found at ${KUBECTL}: install it (apt-get install -y kubectl) or set KUBECTL=/path/to/kubectl`;

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to kubectl's stdin (for `-f -`). */
  input?: string;
  /** Kills kubectl after this many ms (default 30 s). */
  timeoutMs?: number;
}

export interface Harness {
  cluster: Cluster;
  server: RunningServer;
  kubeconfigPath: string;
  /** Runs kubectl to completion. */
  kubectl(args: string[], options?: RunOptions): Promise<KubectlResult>;
  /** Starts a long-running kubectl (`get --watch`); read its output with `lines`. */
  spawnKubectl(args: string[]): WatchedProcess;
  /** Moves virtual time forward, running every timer on the way. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export interface WatchedProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with all stdout lines once `predicate` holds for them (rejects after `timeoutMs`). */
  waitFor(predicate: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  stop(): void;
}

/** Starts a cluster, serves it on 127.0.0.1:0 and writes a kubeconfig for it. */
export async function startHarness(
  options: { workers?: number; seed?: number } = {},
): Promise<Harness> {
  const { createCluster } = await import('../sim/cluster.ts');
  provideComponentSchemas(await generateComponentSchemas());
  const cluster = createCluster({ workers: options.workers ?? 3, seed: options.seed ?? 7 });
  cluster.runner.pause();
  const server = await startServer({
    handler: cluster.api,
    runner: cluster.runner,
    port: 0,
    log: (line) => console.error(`k8s-explorer serve: ${line}`),
  });
  const dir = mkdtempSync(join(tmpdir(), 'k8s-explorer-kubectl-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfigYaml(server.url));
  const cacheDir = join(dir, 'cache');
  const baseArgs = ['--kubeconfig', kubeconfigPath, '--cache-dir', cacheDir];
  // HOME points into the temp dir so no user config (aliases, kuberc, plugins) changes the output.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfigPath };
  const children = new Set<ChildProcessWithoutNullStreams>();

  const kubectl = (args: string[], runOptions: RunOptions = {}): Promise<KubectlResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(KUBECTL, [...baseArgs, ...args], { env });
      children.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), runOptions.timeoutMs ?? 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        children.delete(child);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(runOptions.input ?? '');
    });

  const spawnKubectl = (args: string[]): WatchedProcess => {
    const child = spawn(KUBECTL, [...baseArgs, ...args], { env });
    children.add(child);
    child.on('close', () => children.delete(child));
    child.stdin.end();
    let text = '';
    let stderr = '';
    const waiters: (() => void)[] = [];
    const lines = () => text.split('\n').filter((line) => line !== '');
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const waiter of [...waiters]) waiter();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return {
      child,
      waitFor: (predicate, timeoutMs = 15_000) =>
        new Promise((resolve, reject) => {
          const check = () => {
            if (!predicate(lines())) return;
            waiters.splice(waiters.indexOf(check), 1);
            clearTimeout(timer);
            resolve(lines());
          };
          const timer = setTimeout(() => {
            waiters.splice(waiters.indexOf(check), 1);
            reject(
              new Error(
                `kubectl ${args.join(' ')}: condition not met; stdout:\n${text}\nstderr:\n${stderr}`,
              ),
            );
          }, timeoutMs);
          waiters.push(check);
          check();
        }),
      stop: () => child.kill('SIGTERM'),
    };
  };

  return {
    cluster,
    server,
    kubeconfigPath,
    kubectl,
    spawnKubectl,
    advance: (ms) => cluster.runner.advance(ms),
    close: async () => {
      for (const child of children) child.kill('SIGKILL');
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-container Deployment manifest in namespace `demo`. */
export const deployment = (
  name: string,
  replicas: number | string,
  image = 'nginx:1.27',
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: demo
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: app
        image: ${image}
`;

/** The output lines of a successful command (fails the test with kubectl's stderr otherwise). */
export function ok(result: KubectlResult): string[] {
  expect(result.stderr, `kubectl failed (exit ${result.code})`).toBe('');
  expect(result.code).toBe(0);
  return result.stdout.trimEnd().split('\n');
}

/** Splits a table line into its columns (kubectl pads with at least three spaces). */
export const columns = (line: string) => line.trim().split(/\s{2,}/);
