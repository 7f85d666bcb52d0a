/**
 * The `k8s-explorer` command line. `k8s-explorer serve` boots a simulated cluster and serves its
 * Kubernetes API on loopback for real kubectl; it prints (and optionally writes) the kubeconfig
 * that points kubectl at it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Cluster } from '../sim/cluster.ts';
import { MAX_SPEED, MIN_SPEED } from '../sim/runner.ts';
import { startServer, type RunningServer } from './http-server.ts';
import { provideComponentSchemas } from '../sim/apiserver/openapi/index.ts';
import { kubeconfigYaml } from './kubeconfig.ts';
import { generateComponentSchemas } from './openapi-schemas.ts';

export const USAGE = `Usage: k8s-explorer serve [options]

Runs a simulated Kubernetes cluster (apiserver, etcd, scheduler, controllers, kubelets) and serves
its Kubernetes API over plain HTTP, so real kubectl can drive it.

Options:
  --port <n>             port to listen on (default 6443; 0 picks a free port)
  --host <addr>          address to listen on (default 127.0.0.1; the API has no authentication)
  --workers <n>          worker nodes (default 3)
  --control-planes <n>   control-plane nodes (default 1; 3 for HA)
  --seed <n>             seed of the random source: same seed and inputs, same history (default 1)
  --speed <x>            virtual-time speed, ${MIN_SPEED} to ${MAX_SPEED} (default 1)
  --paused               start with virtual time paused (POST /sim/v1/clock {"action":"play"})
  --kubeconfig-out <f>   also write the kubeconfig to this file
  -h, --help             show this help

Simulation controls (outside the Kubernetes API):
  GET  /sim/v1/clock     {"now", "time", "playing", "speed"}
  POST /sim/v1/clock     {"action": "play" | "pause" | "step" | "advance", "ms": 60000, "speed": 10}
`;

export interface ServeOptions {
  port: number;
  host: string;
  workers: number;
  controlPlanes: number;
  seed: number;
  speed: number;
  paused: boolean;
  kubeconfigOut?: string;
}

export type ParsedCli =
  | { command: 'help' }
  | { command: 'serve'; options: ServeOptions }
  | { command: 'error'; message: string };

/** Parses `argv` (without node and the script); errors are values, not exits. */
export function parseCli(argv: string[]): ParsedCli {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        workers: { type: 'string' },
        'control-planes': { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        paused: { type: 'boolean' },
        'kubeconfig-out': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { command: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help' || positionals.length === 0)
    return { command: 'help' };
  if (positionals[0] !== 'serve' || positionals.length > 1) {
    return { command: 'error', message: `unknown command "${positionals.join(' ')}"` };
  }
  const integer = (
    name: string,
    raw: string | undefined,
    fallback: number,
    min: number,
    max: number,
  ): number | string => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      return `--${name} must be an integer from ${min} to ${max} (got "${raw}")`;
    return n;
  };
  const port = integer('port', values.port, 6443, 0, 65535);
  const workers = integer('workers', values.workers, 3, 0, 5000);
  const controlPlanes = integer('control-planes', values['control-planes'], 1, 1, 7);
  const seed = integer('seed', values.seed, 1, 0, 2 ** 32 - 1);
  for (const v of [port, workers, controlPlanes, seed])
    if (typeof v === 'string') return { command: 'error', message: v };
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
    return {
      command: 'error',
      message: `--speed must be a number from ${MIN_SPEED} to ${MAX_SPEED} (got "${values.speed}")`,
    };
  }
  return {
    command: 'serve',
    options: {
      port: port as number,
      host: values.host ?? '127.0.0.1',
      workers: workers as number,
      controlPlanes: controlPlanes as number,
      seed: seed as number,
      speed,
      paused: values.paused ?? false,
      kubeconfigOut: values['kubeconfig-out'],
    },
  };
}

export interface Serving {
  cluster: Cluster;
  server: RunningServer;
  kubeconfig: string;
  /** Resolves once the OpenAPI component schemas are in place (or could not be generated). */
  schemasReady: Promise<void>;
  stop(): Promise<void>;
}

/** Boots the cluster and the HTTP server; writes the kubeconfig file when asked. */
export async function serve(
  options: ServeOptions,
  log: (line: string) => void = () => {},
): Promise<Serving> {
  // Loaded here, not at the top, so `--help` answers without loading the simulation.
  const { createCluster } = await import('../sim/cluster.ts');
  const cluster = createCluster({
    workers: options.workers,
    controlPlanes: options.controlPlanes,
    seed: options.seed,
  });
  cluster.runner.setSpeed(options.speed);
  if (options.paused) cluster.runner.pause();
  const server = await startServer({
    handler: cluster.api,
    runner: cluster.runner,
    host: options.host,
    port: options.port,
    log,
  });
  // Full schemas make `kubectl explain` work; generated in the background (about 2 s) so the
  // server answers at once.
  const schemas = generateComponentSchemas().then(
    (generated) => provideComponentSchemas(generated),
    (error: unknown) =>
      log(
        `OpenAPI schemas not generated: ${error instanceof Error ? error.message : String(error)}`,
      ),
  );
  const kubeconfig = kubeconfigYaml(server.url);
  if (options.kubeconfigOut) writeFileSync(options.kubeconfigOut, kubeconfig, { mode: 0o600 });
  return { cluster, server, kubeconfig, schemasReady: schemas, stop: () => server.close() };
}

/** How to point kubectl at the server, as printed on start. */
export function startBanner(serving: Serving, options: ServeOptions): string {
  const { server, kubeconfig } = serving;
  const nodes = `${options.controlPlanes} control plane${options.controlPlanes === 1 ? '' : 's'}, ${options.workers} worker${options.workers === 1 ? '' : 's'}`;
  const lines = [
    `k8s-explorer: simulated cluster (${nodes}, seed ${options.seed}) serving the Kubernetes API on ${server.url}`,
    '',
  ];
  if (options.kubeconfigOut) {
    const path = resolve(options.kubeconfigOut);
    lines.push(
      `Kubeconfig written to ${path}. Point kubectl at it:`,
      `  export KUBECONFIG=${path}`,
      '  kubectl get nodes',
    );
  } else {
    lines.push(
      'Point kubectl at it with this kubeconfig (or rerun with --kubeconfig-out <file>):',
      '',
      ...kubeconfig
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`),
      '',
      `or, for a single command: kubectl --server ${server.url} get nodes`,
    );
  }
  lines.push(
    '',
    `Virtual time ${options.paused ? 'paused' : `running at ${options.speed}x`}; controls on ${server.url}/sim/v1/clock. Ctrl-C stops.`,
  );
  return lines.join('\n');
}

/** Entry point of bin/k8s-explorer.mjs; resolves to the process exit code once serving stops. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const parsed = parseCli(argv);
  if (parsed.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.command === 'error') {
    process.stderr.write(`k8s-explorer: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const options = parsed.options;
  let serving: Serving;
  try {
    serving = await serve(options, (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(
        `k8s-explorer: port ${options.port} on ${options.host} is in use; pass --port 0 for a free port\n`,
      );
    } else {
      process.stderr.write(
        `k8s-explorer: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    return 1;
  }
  process.stdout.write(`${startBanner(serving, options)}\n`);
  return new Promise<number>((done) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`k8s-explorer: ${signal}, shutting down\n`);
      serving.stop().then(
        () => done(0),
        () => done(1),
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
