/**
 * `kubectl scale`, `autoscale` and `expose` (pkg/cmd/scale, autoscale, expose): scale through the
 * `scale` subresource, create an autoscaling/v1 HorizontalPodAutoscaler, and create a Service from
 * a workload's selector and container ports.
 */
import type { KubeObject } from '../../../sim/api/types';
import { resourcePath } from '../api';
import { collectTargets, targetPath } from '../builder';
import {
  type Command,
  type CommandContext,
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
} from '../context';
import { AggregateError, KubectlError } from '../errors';
import { dryRunOf, dryRunQuery, printResult } from '../output';

async function runScale(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const replicas = f.int('replicas', -1);
  if (!f.has('replicas') || replicas < 0)
    throw new KubectlError(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
  const targets = await collectTargets(ctx, f.positional, {
    files: f.list('filename'),
    selector: f.has('selector') ? f.str('selector') : undefined,
    all: f.bool('all'),
  });
  if (targets.length === 0) throw new KubectlError('no objects passed to scale');
  const dry = dryRunOf(ctx);
  const errors: Error[] = [];
  for (const t of targets) {
    try {
      if (f.has('current-replicas')) {
        const scale = await ctx.api.get<{ spec?: { replicas?: number } }>(targetPath(t, 'scale'));
        const current = f.int('current-replicas', -1);
        if (current >= 0 && (scale.spec?.replicas ?? 0) !== current) {
          throw new KubectlError(
            `Expected replicas to be ${current}, was ${scale.spec?.replicas ?? 0}`,
          );
        }
      }
      if (dry !== 'client')
        await ctx.api.patch(
          targetPath(t, 'scale'),
          'merge',
          { spec: { replicas } },
          { fieldManager: 'kubectl-scale', ...dryRunQuery(dry) },
        );
      printResult(ctx, t.mapping, undefined, t.name, 'scaled', dry);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

export const scaleCommand: Command = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  usage:
    'kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
  flags: [
    FILENAME_FLAG,
    SELECTOR_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'replicas', type: 'int' },
    { name: 'current-replicas', type: 'int' },
    { name: 'all', type: 'bool' },
    { name: 'resource-version', type: 'string' },
    { name: 'timeout', type: 'string' },
  ],
  run: runScale,
};

async function runAutoscale(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const max = f.int('max', -1);
  const min = f.int('min', -1);
  if (max < 1)
    throw new KubectlError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (min > max)
    throw new KubectlError(
      `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`,
    );
  const targets = await collectTargets(ctx, f.positional, { files: f.list('filename') });
  if (targets.length === 0) throw new KubectlError('no objects passed to autoscale');
  const dry = dryRunOf(ctx);
  for (const t of targets) {
    if (
      !['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(t.mapping.kind)
    ) {
      throw new KubectlError(
        `cannot autoscale a ${t.mapping.kind}: cannot autoscale a ${t.mapping.kind}`,
      );
    }
    const cpu = f.int('cpu-percent', -1);
    // Go struct field order (autoscaling/v1): kubectl prints the typed object in that order.
    const hpa: KubeObject = {
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: f.str('name') || t.name, creationTimestamp: null as unknown as string },
      spec: {
        scaleTargetRef: {
          kind: t.mapping.kind,
          name: t.name,
          apiVersion: t.mapping.group
            ? `${t.mapping.group}/${t.mapping.version}`
            : t.mapping.version,
        },
        ...(min >= 0 ? { minReplicas: min } : {}),
        maxReplicas: max,
        ...(cpu >= 0 ? { targetCPUUtilizationPercentage: cpu } : {}),
      },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    };
    const created =
      dry === 'client'
        ? hpa
        : await ctx.api.create(
            resourcePath(
              {
                group: 'autoscaling',
                version: 'v1',
                resource: 'horizontalpodautoscalers',
                namespaced: true,
              },
              t.namespace,
            ),
            hpa,
            { fieldManager: 'kubectl-autoscale', ...dryRunQuery(dry) },
          );
    printResult(
      ctx,
      { kind: 'HorizontalPodAutoscaler', group: 'autoscaling' },
      created,
      created.metadata?.name ?? t.name,
      'autoscaled',
      dry,
    );
  }
  return 0;
}

export const autoscaleCommand: Command = {
  name: 'autoscale',
  short: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  usage:
    'kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]',
  flags: [
    FILENAME_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'min', type: 'int' },
    { name: 'max', type: 'int' },
    { name: 'cpu-percent', type: 'int' },
    { name: 'name', type: 'string' },
  ],
  run: runAutoscale,
};

/* eslint-disable @typescript-eslint/no-explicit-any -- walking workload JSON */
function selectorOf(obj: any): Record<string, string> {
  if (obj.kind === 'Pod') return obj.metadata?.labels ?? {};
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController')
    return obj.spec?.selector ?? {};
  const sel = obj.spec?.selector;
  if (sel?.matchExpressions?.length)
    throw new KubectlError(
      `couldn't retrieve selectors via --selector flag or introspection: ${obj.kind.toLowerCase()}s "${obj.metadata?.name}" has a selector with matchExpressions, which cannot be converted to a map-based selector`,
    );
  return sel?.matchLabels ?? {};
}

function portsOf(obj: any): { port: number; protocol: string }[] {
  if (obj.kind === 'Service')
    return (obj.spec?.ports ?? []).map((p: any) => ({
      port: p.port,
      protocol: p.protocol ?? 'TCP',
    }));
  const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
  return (spec?.containers ?? []).flatMap((c: any) =>
    (c.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' })),
  );
}

async function runExpose(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const targets = await collectTargets(ctx, f.positional, { files: f.list('filename') });
  if (targets.length === 0) throw new KubectlError('no objects passed to expose');
  const dry = dryRunOf(ctx);
  for (const t of targets) {
    const obj = { ...(await ctx.api.get<KubeObject>(targetPath(t))), kind: t.mapping.kind };
    const selector = f.has('selector')
      ? Object.fromEntries(
          f
            .str('selector')
            .split(',')
            .map((kv) => kv.split('=')),
        )
      : selectorOf(obj);
    if (Object.keys(selector).length === 0)
      throw new KubectlError("couldn't retrieve selectors via --selector flag or introspection");
    let ports: { name?: string; port: number; protocol: string; targetPort: number | string }[];
    const protocol = f.str('protocol') || 'TCP';
    if (f.has('port')) {
      const port = f.int('port', 0);
      ports = [
        {
          protocol,
          port,
          targetPort: f.has('target-port')
            ? /^\d+$/.test(f.str('target-port'))
              ? Number(f.str('target-port'))
              : f.str('target-port')
            : port,
        },
      ];
    } else {
      const found = portsOf(obj);
      if (found.length === 0)
        throw new KubectlError("couldn't find port via --port flag or introspection");
      ports = found.map((p, i) => ({
        ...(found.length > 1 ? { name: `port-${i + 1}` } : {}),
        protocol: p.protocol,
        port: p.port,
        targetPort: f.has('target-port') ? f.str('target-port') : p.port,
      }));
    }
    const name = f.str('name') || t.name;
    const type = f.str('type');
    const svc: KubeObject = {
      kind: 'Service',
      apiVersion: 'v1',
      metadata: {
        name,
        creationTimestamp: null as unknown as string,
        ...(obj.metadata?.labels ? { labels: obj.metadata.labels } : {}),
      },
      spec: { ports, selector, ...(type ? { type } : {}) },
      status: { loadBalancer: {} },
    };
    const created =
      dry === 'client'
        ? svc
        : await ctx.api.create(
            resourcePath(
              { group: '', version: 'v1', resource: 'services', namespaced: true },
              t.namespace,
            ),
            svc,
            { fieldManager: 'kubectl-expose', ...dryRunQuery(dry) },
          );
    printResult(ctx, { kind: 'Service', group: '' }, created, name, 'exposed', dry);
  }
  return 0;
}

export const exposeCommand: Command = {
  name: 'expose',
  short:
    'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  usage:
    'kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
  flags: [
    FILENAME_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'port', type: 'int' },
    { name: 'target-port', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'selector', type: 'string' },
    { name: 'labels', short: 'l', type: 'string' },
  ],
  run: runExpose,
};
