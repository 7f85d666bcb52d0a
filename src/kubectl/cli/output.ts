/**
 * Shared output of mutating commands: the name printer with an operation
 * (`deployment.apps/web scaled`), dry-run suffixes, and `-o` for the resulting object.
 */
import type { KubeObject } from '../../sim/api/types';
import type { CommandContext } from './context';
import { kindString, type ResourceMapping } from './discovery';
import { KubectlError } from './errors';
import { parseOutput, printObject } from './printers';

export type DryRun = 'none' | 'client' | 'server';

/** Parses `--dry-run` like cmdutil.GetDryRunStrategy (bare flag and `true` mean client). */
export function dryRunOf(ctx: CommandContext): DryRun {
  if (!ctx.flags.has('dry-run')) return 'none';
  const v = ctx.flags.str('dry-run');
  if (v === 'client' || v === 'server' || v === 'none') return v;
  if (v === 'unchanged' || v === 'true' || v === '1' || v === 't') return 'client';
  if (v === 'false' || v === '0' || v === 'f') return 'none';
  throw new KubectlError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** Query parameters for a server-side dry run. */
export function dryRunQuery(d: DryRun): Record<string, string> {
  return d === 'server' ? { dryRun: 'All' } : {};
}

/** Prints `type/name operation` (or the object for `-o yaml|json|name|jsonpath`). */
export function printResult(
  ctx: CommandContext,
  mapping: Pick<ResourceMapping, 'kind' | 'group'>,
  obj: KubeObject | undefined,
  name: string,
  operation: string,
  dryRun: DryRun = 'none',
): void {
  const output = ctx.flags.has('output') ? ctx.flags.str('output') : '';
  const op =
    dryRun === 'client'
      ? `${operation} (dry run)`
      : dryRun === 'server'
        ? `${operation} (server dry run)`
        : operation;
  if (output && output !== 'wide' && obj) {
    const format = parseOutput(output);
    if (format.kind === 'name') ctx.out(`${kindString(mapping)}/${name}\n`);
    // Objects built client-side are Go structs in kubectl: JSON keeps their field order.
    else
      ctx.out(
        printObject(
          dryRun === 'client' ? (goStructOrder(obj) as KubeObject) : obj,
          format,
          () => kindString(mapping),
          dryRun === 'client',
        ),
      );
    return;
  }
  ctx.out(`${kindString(mapping)}/${name} ${op}\n`);
}

/**
 * Key order of the Go structs kubectl builds client-side (TypeMeta, ObjectMeta, DeploymentSpec,
 * Container, ServicePort, HPA spec...): `-o json` of a typed object follows field order, not
 * alphabetical order. One list serves all of them because their shared keys agree on order.
 */
const GO_FIELD_ORDER = [
  'kind',
  'name',
  'generateName',
  'namespace',
  'apiVersion',
  'metadata',
  'creationTimestamp',
  'labels',
  'annotations',
  'image',
  'immutable',
  'data',
  'stringData',
  'binaryData',
  'spec',
  'scaleTargetRef',
  'minReplicas',
  'maxReplicas',
  'targetCPUUtilizationPercentage',
  'replicas',
  'protocol',
  'port',
  'targetPort',
  'containerPort',
  'ports',
  'selector',
  'template',
  'containers',
  'resources',
  'strategy',
  'type',
  'status',
  'loadBalancer',
  'currentReplicas',
  'desiredReplicas',
];

/** Reorders keys recursively into Go struct field order (unknown keys keep their place after). */
export function goStructOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goStructOrder);
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const rank = (k: string) => {
    const i = GO_FIELD_ORDER.indexOf(k);
    return i < 0 ? GO_FIELD_ORDER.length : i;
  };
  const keys = Object.keys(o)
    .map((k, i) => ({ k, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i)
    .map((x) => x.k);
  return Object.fromEntries(keys.map((k) => [k, goStructOrder(o[k])]));
}

/** A Kind's mapping-like description from an object (for objects built client-side). */
export function mappingOf(obj: KubeObject): Pick<ResourceMapping, 'kind' | 'group'> {
  const av = obj.apiVersion ?? '';
  return { kind: obj.kind ?? '', group: av.includes('/') ? av.split('/')[0] : '' };
}

/** base64 of UTF-8 text (btoa works on Latin-1 only). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
