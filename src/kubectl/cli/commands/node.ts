/**
 * Node maintenance: `cordon`, `uncordon`, `drain` (pkg/cmd/drain, pkg/drain: pod filters in
 * upstream order, evictions through pods/eviction, waiting for the pods to go) and `taint`
 * (pkg/cmd/taint: `key=value:Effect`, `key[:Effect]-`).
 */
import type { KubeObject } from '../../../sim/api/types';
import { collectTargets, targetPath, type Target } from '../builder';
import {
  type Command,
  type CommandContext,
  DRY_RUN_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
} from '../context';
import { AggregateError, KubectlError, StatusError } from '../errors';
import { dryRunOf, printResult } from '../output';
import { taintString } from '../describe/writer';

/* eslint-disable @typescript-eslint/no-explicit-any -- node and pod JSON */
type Json = any;

async function nodeTargets(ctx: CommandContext): Promise<Target[]> {
  const args = ctx.flags.positional;
  const selector = ctx.flags.has('selector') ? ctx.flags.str('selector') : undefined;
  if (args.length === 0 && selector === undefined)
    throw new KubectlError(
      `USAGE: ${ctx.commandPath.replace(/^kubectl /, '')} NODE [flags]\nSee '${ctx.commandPath} -h' for help and examples`,
    );
  const targets = await collectTargets(
    ctx,
    args.length > 0 ? (args[0].includes('/') ? args : ['nodes', ...args]) : ['nodes'],
    { selector, all: selector !== undefined },
  );
  for (const t of targets) {
    if (t.mapping.group !== '' || t.mapping.resource !== 'nodes')
      throw new KubectlError(`error: expected resource of type node, got "${t.mapping.resource}"`, {
        raw: true,
      });
  }
  return targets;
}

/** Cordons or uncordons; returns the nodes it could act on. */
async function cordon(ctx: CommandContext, targets: Target[], desired: boolean): Promise<Target[]> {
  const dry = dryRunOf(ctx);
  const ok: Target[] = [];
  for (const t of targets) {
    try {
      const node = await ctx.api.get<Json>(targetPath(t));
      if ((node.spec?.unschedulable === true) === desired) {
        printResult(
          ctx,
          t.mapping,
          undefined,
          t.name,
          desired ? 'already cordoned' : 'already uncordoned',
          dry,
        );
      } else {
        if (dry !== 'client')
          await ctx.api.patch(
            targetPath(t),
            'strategic',
            { spec: { unschedulable: desired ? true : null } },
            dry === 'server' ? { dryRun: 'All' } : {},
          );
        printResult(ctx, t.mapping, undefined, t.name, desired ? 'cordoned' : 'uncordoned', dry);
      }
      ok.push(t);
    } catch (e) {
      ctx.err(
        `error: unable to ${desired ? 'cordon' : 'uncordon'} node "${t.name}": ${e instanceof Error ? e.message : String(e)}\n`,
      );
    }
  }
  return ok;
}

const nodeFlags = [SELECTOR_FLAG, OUTPUT_FLAG, DRY_RUN_FLAG];

export const cordonCommand: Command = {
  name: 'cordon',
  short: 'Mark node as unschedulable',
  usage: 'kubectl cordon NODE [options]',
  flags: nodeFlags,
  run: async (ctx) => void (await cordon(ctx, await nodeTargets(ctx), true)),
};

export const uncordonCommand: Command = {
  name: 'uncordon',
  short: 'Mark node as schedulable',
  usage: 'kubectl uncordon NODE [options]',
  flags: nodeFlags,
  run: async (ctx) => void (await cordon(ctx, await nodeTargets(ctx), false)),
};

type Verdict = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

/** pkg/drain filters.go, in order: deleted, DaemonSet, mirror, local storage, unreplicated. */
function classify(ctx: CommandContext, pod: Json): Verdict {
  const f = ctx.flags;
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const controller = (pod.metadata?.ownerReferences ?? []).find((o: Json) => o.controller);
  const filters: (() => Verdict)[] = [
    () =>
      pod.metadata?.deletionTimestamp && f.int('skip-wait-for-delete-timeout', 0) > 0
        ? { delete: false, reason: 'Skip' }
        : { delete: true, reason: 'Okay' },
    () => {
      if (controller?.kind !== 'DaemonSet') return { delete: true, reason: 'Okay' };
      if (!f.bool('ignore-daemonsets'))
        return {
          delete: false,
          reason: 'Error',
          message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)',
        };
      return { delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' };
    },
    () =>
      pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined
        ? { delete: false, reason: 'Skip' }
        : { delete: true, reason: 'Okay' },
    () => {
      const hasEmptyDir = (pod.spec?.volumes ?? []).some((v: Json) => v.emptyDir);
      if (!hasEmptyDir || finished) return { delete: true, reason: 'Okay' };
      if (!f.bool('delete-emptydir-data') && !f.bool('delete-local-data'))
        return {
          delete: false,
          reason: 'Error',
          message: 'Pods with local storage (use --delete-emptydir-data to override)',
        };
      return { delete: true, reason: 'Warning', message: 'deleting Pods with local storage' };
    },
    () => {
      if (finished || controller) return { delete: true, reason: 'Okay' };
      if (!f.bool('force'))
        return {
          delete: false,
          reason: 'Error',
          message: 'cannot delete Pods that declare no controller (use --force to override)',
        };
      return {
        delete: true,
        reason: 'Warning',
        message: 'deleting Pods that declare no controller',
      };
    },
  ];
  let verdict: Verdict = { delete: true, reason: 'Okay' };
  for (const filter of filters) {
    verdict = filter();
    if (!verdict.delete) break;
  }
  return verdict;
}

function grouped(
  items: { pod: Json; verdict: Verdict }[],
  reason: Verdict['reason'],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { pod, verdict } of items) {
    if (verdict.reason !== reason) continue;
    const key = verdict.message || 'unexpected error';
    out.set(key, [...(out.get(key) ?? []), `${pod.metadata?.namespace}/${pod.metadata?.name}`]);
  }
  return out;
}

async function drainNode(ctx: CommandContext, t: Target): Promise<void> {
  const all = await ctx.api.get<{ items?: Json[] }>('/api/v1/pods', {
    fieldSelector: `spec.nodeName=${t.name}`,
  });
  const pods = (all.items ?? []).filter((p: Json) => p.spec?.nodeName === t.name);
  const items = pods.map((pod: Json) => ({ pod, verdict: classify(ctx, pod) }));
  const errors = [...grouped(items, 'Error')].map(
    ([msg, names]) => `cannot delete ${msg}: ${names.join(', ')}`,
  );
  if (errors.length > 0)
    throw new KubectlError(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  const warnings = [...grouped(items, 'Warning')].map(
    ([msg, names]) => `${msg}: ${names.join(', ')}`,
  );
  if (warnings.length > 0) ctx.err(`Warning: ${warnings.join('; ')}\n`);
  const toEvict = items.filter((i) => i.verdict.delete).map((i) => i.pod);
  const dry = dryRunOf(ctx);
  if (dry === 'client') {
    for (const p of toEvict)
      ctx.out(`evicting pod ${p.metadata?.namespace}/${p.metadata?.name} (dry run)\n`);
    return;
  }
  const grace = ctx.flags.int('grace-period', -1);
  const pending = new Map<string, Json>();
  for (const p of toEvict) {
    const ns = p.metadata?.namespace;
    const name = p.metadata?.name;
    ctx.out(`evicting pod ${ns}/${name}${dry === 'server' ? ' (server dry run)' : ''}\n`);
    for (let attempt = 0; ; attempt++) {
      try {
        if (ctx.flags.bool('disable-eviction')) {
          await ctx.api.delete(
            `/api/v1/namespaces/${ns}/pods/${name}`,
            grace >= 0 ? { gracePeriodSeconds: grace } : undefined,
          );
        } else {
          await ctx.api.create(`/api/v1/namespaces/${ns}/pods/${name}/eviction`, {
            apiVersion: 'policy/v1',
            kind: 'Eviction',
            metadata: { name, namespace: ns },
            ...(grace >= 0 || dry === 'server'
              ? {
                  deleteOptions: {
                    ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
                    ...(dry === 'server' ? { dryRun: ['All'] } : {}),
                  },
                }
              : {}),
          });
        }
        pending.set(`${ns}/${name}`, p);
        break;
      } catch (e) {
        if (e instanceof StatusError && e.status.code === 404) break;
        if (
          e instanceof StatusError &&
          e.status.code === 429 &&
          ctx.env.sleep &&
          attempt < 60 &&
          !ctx.env.signal?.aborted
        ) {
          ctx.err(
            `error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${e.message}\n`,
          );
          await ctx.env.sleep(5000);
          continue;
        }
        throw new KubectlError(
          `error when evicting pods/"${name}" -n "${ns}": ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
  }
  if (dry === 'server') return;
  // waitForDelete: poll each second until the pod is gone or replaced (a new UID).
  const verb = ctx.flags.bool('disable-eviction') ? 'deleted' : 'evicted';
  for (let i = 0; pending.size > 0; i++) {
    for (const [key, p] of [...pending]) {
      const [ns, name] = key.split('/');
      const live = await ctx.api.tryGet<KubeObject>(`/api/v1/namespaces/${ns}/pods/${name}`);
      if (!live || live.metadata?.uid !== p.metadata?.uid || !ctx.env.sleep) {
        printResult(ctx, { kind: 'Pod', group: '' }, undefined, name, verb);
        pending.delete(key);
      }
    }
    if (pending.size === 0 || !ctx.env.sleep || i > 600 || ctx.env.signal?.aborted) break;
    await ctx.env.sleep(1000);
  }
}

async function runDrain(ctx: CommandContext): Promise<number> {
  const targets = await cordon(ctx, await nodeTargets(ctx), true);
  const remaining: string[] = [];
  const fatal: Error[] = [];
  for (const t of targets) {
    try {
      await drainNode(ctx, t);
      printResult(ctx, t.mapping, undefined, t.name, 'drained', dryRunOf(ctx));
    } catch (e) {
      ctx.err(
        `error: unable to drain node "${t.name}" due to error: ${e instanceof Error ? e.message : String(e)}, continuing command...\n`,
      );
      remaining.push(t.name);
      fatal.push(e as Error);
    }
  }
  if (remaining.length > 0) {
    ctx.err(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
    throw new AggregateError(fatal);
  }
  return 0;
}

export const drainCommand: Command = {
  name: 'drain',
  short: 'Drain node in preparation for maintenance',
  usage: 'kubectl drain NODE [options]',
  flags: [
    ...nodeFlags,
    { name: 'ignore-daemonsets', type: 'bool' },
    { name: 'delete-emptydir-data', type: 'bool' },
    { name: 'delete-local-data', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'grace-period', type: 'int' },
    { name: 'timeout', type: 'string' },
    { name: 'disable-eviction', type: 'bool' },
    { name: 'skip-wait-for-delete-timeout', type: 'int' },
    { name: 'pod-selector', type: 'string' },
  ],
  run: runDrain,
};

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** parseTaints (pkg/cmd/taint/utils.go): additions `key[=value]:Effect`, removals `key[:Effect]-`. */
export function parseTaintSpecs(specs: string[]): {
  add: Taint[];
  remove: { key: string; effect?: string }[];
} {
  const add: Taint[] = [];
  const remove: { key: string; effect?: string }[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1);
      const [key, effect] = body.split(':');
      if (effect !== undefined && !EFFECTS.includes(effect))
        throw new KubectlError(`invalid taint effect: ${effect}, unsupported taint effect`);
      remove.push({ key: key.split('=')[0], ...(effect ? { effect } : {}) });
      continue;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) throw new KubectlError(`invalid taint spec: ${spec}`);
    const effect = spec.slice(colon + 1);
    if (!EFFECTS.includes(effect))
      throw new KubectlError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = spec.slice(0, colon);
    const eq = kv.indexOf('=');
    const taint: Taint =
      eq < 0 ? { key: kv, effect } : { key: kv.slice(0, eq), value: kv.slice(eq + 1), effect };
    if (!taint.key) throw new KubectlError(`invalid taint spec: ${spec}`);
    if (add.some((t) => t.key === taint.key && t.effect === taint.effect))
      throw new KubectlError(
        `duplicated taints with the same key and effect: ${JSON.stringify(taint)}`,
      );
    add.push(taint);
  }
  return { add, remove };
}

async function runTaint(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  const args = f.positional;
  const specStart = args.findIndex(
    (a, i) => i > 0 && (a.includes(':') || a.endsWith('-') || a.includes('=')),
  );
  if (specStart < 0 && !f.bool('all') && !f.has('selector'))
    throw new KubectlError('at least one taint update is required');
  const resourceArgs = specStart < 0 ? args : args.slice(0, specStart);
  const specs = specStart < 0 ? [] : args.slice(specStart);
  if (specs.length === 0) throw new KubectlError('at least one taint update is required');
  const { add, remove } = parseTaintSpecs(specs);
  for (const r of remove) {
    if (add.some((a) => a.key === r.key && (!r.effect || a.effect === r.effect))) {
      throw new KubectlError(
        `can not both modify and remove the following taint(s) in the same command: ${r.key}${r.effect ? `=${r.effect}` : ''}`,
      );
    }
  }
  const [type] = resourceArgs;
  const mapping =
    resourceArgs.length > 0 ? await ctx.discovery.resolve(type.split('/')[0]) : undefined;
  if (mapping && (mapping.group !== '' || mapping.resource !== 'nodes'))
    throw new KubectlError(
      `invalid resource type ${type.split('/')[0]}, only node types are supported`,
    );
  const targets = await collectTargets(ctx, resourceArgs.length > 0 ? resourceArgs : ['nodes'], {
    selector: f.has('selector') ? f.str('selector') : undefined,
    all: f.bool('all'),
  });
  const overwrite = f.bool('overwrite');
  const errors: Error[] = [];
  for (const t of targets) {
    try {
      const node = await ctx.api.get<Json>(targetPath(t));
      const old: Taint[] = node.spec?.taints ?? [];
      if (!overwrite) {
        const exists = add
          .filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect))
          .map((a) => `${a.key}`);
        if (exists.length > 0)
          throw new KubectlError(
            `node ${t.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`,
          );
      }
      // reorganizeTaints: new ones first, then the old ones not replaced, minus removals.
      let next: Taint[] = [...add];
      let added = false;
      for (const o of old) {
        if (add.some((a) => a.key === o.key && a.effect === o.effect)) continue;
        next.push(o);
      }
      added = add.length > 0;
      const missing: string[] = [];
      let deleted = false;
      for (const r of remove) {
        const before = next.length;
        next = next.filter((x) => !(x.key === r.key && (!r.effect || x.effect === r.effect)));
        if (next.length === before)
          missing.push(`taint "${r.effect ? `${r.key}:${r.effect}` : r.key}" not found`);
        else deleted = true;
      }
      if (missing.length > 0)
        throw new KubectlError(missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`);
      const op = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
      const dry = dryRunOf(ctx);
      if (dry !== 'client')
        await ctx.api.patch(
          targetPath(t),
          'merge',
          { spec: { taints: next.length ? next : null } },
          { fieldManager: 'kubectl-taint' },
        );
      printResult(ctx, t.mapping, undefined, t.name, op, dry);
    } catch (e) {
      errors.push(e as Error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

export const taintCommand: Command = {
  name: 'taint',
  short: 'Update the taints on one or more nodes',
  usage:
    'kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]',
  flags: [
    ...nodeFlags,
    { name: 'overwrite', type: 'bool' },
    { name: 'all', type: 'bool' },
    { name: 'validate', type: 'string', noOptDefault: 'strict' },
  ],
  run: runTaint,
};

export { taintString };
