/**
 * `kubectl rollout status|history|undo|restart|pause|resume` (pkg/cmd/rollout,
 * pkg/polymorphichelpers rollout_status.go, history.go, rollback.go, objectrestarter.go,
 * objectpauser.go), with kubectl's exact status messages.
 */
import type { KubeObject, WatchEvent } from '../../../sim/api/types';
import { resourcePath } from '../api';
import { collectTargets, targetPath, type Target } from '../builder';
import {
  type Command,
  type CommandContext,
  FILENAME_FLAG,
  OUTPUT_FLAG,
  SELECTOR_FLAG,
} from '../context';
import { describePodTemplate } from '../describe/pod';
import { DescribeWriter } from '../describe/writer';
import { AggregateError, KubectlError } from '../errors';
import { printResult } from '../output';
import { TabWriter } from '../tabwriter';

/* eslint-disable @typescript-eslint/no-explicit-any -- status viewers read workload JSON */
type Json = any;

const REVISION = 'deployment.kubernetes.io/revision';

/** StatusViewer.Status: the message and whether the rollout is done; throws on a failed rollout. */
export function rolloutStatus(obj: Json, revision = 0): { message: string; done: boolean } {
  const name = obj.metadata?.name;
  const st = obj.status ?? {};
  const generation = obj.metadata?.generation ?? 0;
  if (obj.kind === 'Deployment') {
    if (revision > 0) {
      const rev = Number(obj.metadata?.annotations?.[REVISION] ?? 0);
      if (rev !== revision)
        throw new KubectlError(
          `desired revision (${revision}) is different from the running revision (${rev})`,
        );
    }
    if (generation <= (st.observedGeneration ?? 0)) {
      const progressing = (st.conditions ?? []).find((c: Json) => c.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded')
        throw new KubectlError(`deployment "${name}" exceeded its progress deadline`);
      const replicas = obj.spec?.replicas ?? 1;
      const updated = st.updatedReplicas ?? 0;
      if (updated < replicas)
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
          done: false,
        };
      if ((st.replicas ?? 0) > updated)
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`,
          done: false,
        };
      if ((st.availableReplicas ?? 0) < updated)
        return {
          message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
          done: false,
        };
      return { message: `deployment "${name}" successfully rolled out\n`, done: true };
    }
    return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
  }
  if (obj.kind === 'DaemonSet') {
    if ((obj.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
      throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
    if (generation <= (st.observedGeneration ?? 0)) {
      const desired = st.desiredNumberScheduled ?? 0;
      if ((st.updatedNumberScheduled ?? 0) < desired)
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`,
          done: false,
        };
      if ((st.numberAvailable ?? 0) < desired)
        return {
          message: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n`,
          done: false,
        };
      return { message: `daemon set "${name}" successfully rolled out\n`, done: true };
    }
    return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
  }
  if (obj.kind === 'StatefulSet') {
    const strategy = obj.spec?.updateStrategy ?? { type: 'RollingUpdate' };
    if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate')
      throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
    if (!st.observedGeneration || generation > st.observedGeneration)
      return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
    const replicas = obj.spec?.replicas ?? 1;
    if ((st.readyReplicas ?? 0) < replicas)
      return {
        message: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`,
        done: false,
      };
    if (strategy.rollingUpdate) {
      const partition = strategy.rollingUpdate.partition;
      if (partition !== undefined && (st.updatedReplicas ?? 0) < replicas - partition) {
        return {
          message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`,
          done: false,
        };
      }
      return {
        message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`,
        done: true,
      };
    }
    if (st.updateRevision !== st.currentRevision)
      return {
        message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`,
        done: false,
      };
    return {
      message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`,
      done: true,
    };
  }
  throw new KubectlError(`no status viewer has been implemented for ${obj.kind}`);
}

async function oneTarget(ctx: CommandContext): Promise<Target[]> {
  const targets = await collectTargets(ctx, ctx.flags.positional, {
    files: ctx.flags.list('filename'),
    selector: ctx.flags.has('selector') ? ctx.flags.str('selector') : undefined,
  });
  if (targets.length === 0) throw new KubectlError('required resource not specified');
  return targets;
}

async function runStatus(ctx: CommandContext): Promise<number> {
  const [t] = await oneTarget(ctx);
  const revision = ctx.flags.int('revision', 0);
  const watchIt = ctx.flags.bool('watch', true);
  const kind = t.mapping.kind;
  let obj = { kind, ...(await ctx.api.get<KubeObject>(targetPath(t))) };
  let s = rolloutStatus(obj, revision);
  ctx.out(s.message);
  if (s.done || !watchIt) return 0;
  const env = ctx.env;
  if (env.watch) {
    const max = env.maxWatchEvents ?? Infinity;
    let count = 0;
    let failure: unknown;
    await new Promise<void>((resolve) => {
      let stop: () => void = () => {};
      const finish = () => {
        stop();
        resolve();
      };
      if (env.signal?.aborted) return resolve();
      env.signal?.addEventListener('abort', finish, { once: true });
      stop = env.watch!(
        {
          method: 'GET',
          path: resourcePath(t.mapping, t.namespace),
          query: {
            watch: 'true',
            fieldSelector: `metadata.name=${t.name}`,
            resourceVersion: obj.metadata?.resourceVersion ?? '',
          },
          accept: 'application/json',
        },
        (e: WatchEvent) => {
          if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
          count++;
          try {
            s = rolloutStatus({ kind, ...e.object }, revision);
            ctx.out(s.message);
            if (s.done || count >= max) finish();
          } catch (err) {
            failure = err;
            finish();
          }
        },
      );
    });
    if (failure) throw failure;
    return 0;
  }
  if (env.sleep) {
    for (let i = 0; i < 600 && !s.done && !env.signal?.aborted; i++) {
      await env.sleep(1000);
      obj = { kind, ...(await ctx.api.get<KubeObject>(targetPath(t))) };
      const next = rolloutStatus(obj, revision);
      if (next.message !== s.message) ctx.out(next.message);
      s = next;
    }
  }
  return 0;
}

async function ownedReplicaSets(ctx: CommandContext, t: Target, d: Json): Promise<Json[]> {
  const sel = Object.entries(d.spec?.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await ctx.api.get<{ items?: Json[] }>(
    `/apis/apps/v1/namespaces/${t.namespace}/replicasets`,
    sel ? { labelSelector: sel } : {},
  );
  return (list.items ?? []).filter((rs: Json) =>
    rs.metadata?.ownerReferences?.some((o: Json) => o.uid === d.metadata?.uid),
  );
}

async function runHistory(ctx: CommandContext): Promise<number> {
  const targets = await oneTarget(ctx);
  const revision = ctx.flags.int('revision', 0);
  if (revision < 0) throw new KubectlError(`revision must be a positive integer: ${revision}`);
  for (const t of targets) {
    if (t.mapping.kind !== 'Deployment')
      throw new KubectlError(
        `no history viewer has been implemented for ${t.mapping.kind} in this console`,
      );
    const d = await ctx.api.get<Json>(targetPath(t));
    const history = new Map<number, Json>();
    for (const rs of await ownedReplicaSets(ctx, t, d)) {
      const v = Number(rs.metadata?.annotations?.[REVISION]);
      if (Number.isFinite(v)) history.set(v, rs);
    }
    let text: string;
    if (history.size === 0) text = 'No rollout history found.';
    else if (revision > 0) {
      const rs = history.get(revision);
      if (!rs) throw new KubectlError('unable to find the specified revision');
      const w = new DescribeWriter();
      describePodTemplate(w, rs.spec?.template);
      text = w.toString();
    } else {
      const w = new TabWriter({ minWidth: 0, padding: 2 });
      w.write('REVISION\tCHANGE-CAUSE\n');
      for (const r of [...history.keys()].sort((a, b) => a - b)) {
        w.write(
          `${r}\t${history.get(r).metadata?.annotations?.['kubernetes.io/change-cause'] || '<none>'}\n`,
        );
      }
      text = w.flush();
    }
    printResult(
      ctx,
      t.mapping,
      undefined,
      t.name,
      `${revision > 0 ? `with revision #${revision}` : ''}\n${text}`,
    );
  }
  return 0;
}

const SKIP_ON_ROLLBACK = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

function withoutHash(template: Json): Json {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
  return t;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${k}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

async function runUndo(ctx: CommandContext): Promise<number> {
  const targets = await oneTarget(ctx);
  const toRevision = ctx.flags.int('to-revision', 0);
  for (const t of targets) {
    if (t.mapping.kind !== 'Deployment')
      throw new KubectlError(
        `no rollbacker has been implemented for ${t.mapping.kind} in this console`,
      );
    const d = await ctx.api.get<Json>(targetPath(t));
    const rss = (await ownedReplicaSets(ctx, t, d))
      .map((rs) => ({ rs, v: Number(rs.metadata?.annotations?.[REVISION]) }))
      .filter((x) => Number.isFinite(x.v));
    let target: Json | undefined;
    if (toRevision > 0) {
      target = rss.find((x) => x.v === toRevision)?.rs;
      if (!target)
        throw new KubectlError(`unable to find specified revision ${toRevision} in history`);
    } else {
      const sorted = [...rss].sort((a, b) => b.v - a.v);
      target = sorted[1]?.rs;
      if (!target) throw new KubectlError(`no rollout history found for deployment "${t.name}"`);
    }
    const rev = Number(target.metadata?.annotations?.[REVISION]);
    if (d.spec?.paused)
      throw new KubectlError(
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
      );
    if (
      canonical(withoutHash(target.spec?.template)) === canonical(withoutHash(d.spec?.template))
    ) {
      printResult(
        ctx,
        t.mapping,
        undefined,
        t.name,
        `skipped rollback (current template already matches revision ${rev})`,
      );
      continue;
    }
    const annotations: Record<string, string> = {};
    for (const k of SKIP_ON_ROLLBACK)
      if (d.metadata?.annotations?.[k] !== undefined) annotations[k] = d.metadata.annotations[k];
    for (const [k, v] of Object.entries(
      (target.metadata?.annotations ?? {}) as Record<string, string>,
    ))
      if (!SKIP_ON_ROLLBACK.has(k)) annotations[k] = v;
    await ctx.api.patch(targetPath(t), 'json', [
      { op: 'replace', path: '/spec/template', value: withoutHash(target.spec?.template) },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ]);
    printResult(ctx, t.mapping, undefined, t.name, 'rolled back');
  }
  return 0;
}

/** restart / pause / resume: a patch per object, errors like `error: deployments.apps "web" is already paused`. */
async function runPatchVerb(
  ctx: CommandContext,
  verb: 'restart' | 'pause' | 'resume',
): Promise<number> {
  const targets = await oneTarget(ctx);
  const errors: Error[] = [];
  for (const t of targets) {
    const resourceString = t.mapping.group
      ? `${t.mapping.resource}.${t.mapping.group}`
      : t.mapping.resource;
    const obj = await ctx.api.get<Json>(targetPath(t));
    let patch: Json;
    if (verb === 'restart') {
      if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(t.mapping.kind)) {
        errors.push(new KubectlError(`${resourceString} "${t.name}" restarting is not supported`));
        continue;
      }
      if (obj.spec?.paused) {
        errors.push(
          new KubectlError(
            `${resourceString} "${t.name}" can't restart paused deployment (run rollout resume first)`,
          ),
        );
        continue;
      }
      // objectrestarter.go: time.Now().Format(time.RFC3339) (virtual time here).
      const at = new Date(ctx.env.nowMs()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      patch = {
        spec: {
          template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } },
        },
      };
    } else {
      if (t.mapping.kind !== 'Deployment') {
        errors.push(
          new KubectlError(
            `${resourceString} "${t.name}" ${verb === 'pause' ? 'pausing' : 'resuming'} is not supported`,
          ),
        );
        continue;
      }
      const paused = obj.spec?.paused === true;
      if (verb === 'pause' && paused) {
        errors.push(
          new KubectlError(`error: ${resourceString} "${t.name}" is already paused`, { raw: true }),
        );
        continue;
      }
      if (verb === 'resume' && !paused) {
        errors.push(
          new KubectlError(`error: ${resourceString} "${t.name}" is not paused`, { raw: true }),
        );
        continue;
      }
      patch = { spec: { paused: verb === 'pause' ? true : null } };
    }
    await ctx.api.patch(targetPath(t), 'strategic', patch, { fieldManager: 'kubectl-rollout' });
    printResult(
      ctx,
      t.mapping,
      undefined,
      t.name,
      { restart: 'restarted', pause: 'paused', resume: 'resumed' }[verb],
    );
  }
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

const common = [FILENAME_FLAG, SELECTOR_FLAG, OUTPUT_FLAG];

export const rolloutCommand: Command = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  flags: [],
  subcommands: [
    {
      name: 'history',
      short: 'View rollout history',
      flags: [...common, { name: 'revision', type: 'int' }],
      run: runHistory,
    },
    {
      name: 'pause',
      short: 'Mark the provided resource as paused',
      flags: common,
      run: (ctx) => runPatchVerb(ctx, 'pause'),
    },
    {
      name: 'restart',
      short: 'Restart a resource',
      flags: common,
      run: (ctx) => runPatchVerb(ctx, 'restart'),
    },
    {
      name: 'resume',
      short: 'Resume a paused resource',
      flags: common,
      run: (ctx) => runPatchVerb(ctx, 'resume'),
    },
    {
      name: 'status',
      short: 'Show the status of the rollout',
      flags: [
        ...common,
        { name: 'watch', short: 'w', type: 'bool' },
        { name: 'revision', type: 'int' },
        { name: 'timeout', type: 'string' },
      ],
      run: runStatus,
    },
    {
      name: 'undo',
      short: 'Undo a previous rollout',
      flags: [
        ...common,
        { name: 'to-revision', type: 'int' },
        { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
      ],
      run: runUndo,
    },
  ],
};
