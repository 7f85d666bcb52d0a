/**
 * `kubectl delete` (pkg/cmd/delete/delete.go): by TYPE NAME, TYPE/NAME, -f, -l or --all, with
 * `--cascade` (background|foreground|orphan), `--grace-period`, `--now`, `--force`; prints
 * `deployment.apps "web" deleted`, and waits for the objects to disappear when the host can wait.
 */
import { collectTargets, targetPath, type Target } from '../builder';
import {
  type Command,
  type CommandContext,
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  SELECTOR_FLAG,
} from '../context';
import { kindString } from '../discovery';
import { AggregateError, KubectlError, StatusError } from '../errors';
import { dryRunOf, dryRunQuery } from '../output';

function propagation(cascade: string): string {
  switch (cascade) {
    case 'background':
    case 'true':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
    case 'false':
      return 'Orphan';
  }
  throw new KubectlError(
    `invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan"`,
  );
}

async function waitGone(ctx: CommandContext, targets: Target[]): Promise<void> {
  const sleep = ctx.env.sleep;
  if (!sleep) return;
  // delete.go waits with a watch until each object is gone (--timeout 0 = a week); here polling
  // once per simulated second, for at most ten minutes of simulated time.
  for (let i = 0; i < 600 && targets.length > 0; i++) {
    const remaining: Target[] = [];
    for (const t of targets) if (await ctx.api.tryGet(targetPath(t))) remaining.push(t);
    targets = remaining;
    if (targets.length === 0 || ctx.env.signal?.aborted) return;
    await sleep(1000);
  }
}

async function runDelete(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (f.bool('now') && f.has('grace-period'))
    throw new KubectlError('--now and --grace-period cannot be specified together');
  const all = f.bool('all');
  const selector = f.has('selector') ? f.str('selector') : undefined;
  if (all && selector !== undefined)
    throw new KubectlError('cannot set --all and --selector at the same time');
  let grace = f.has('grace-period') ? f.int('grace-period', -1) : -1;
  if (f.bool('now')) grace = 1;
  if (f.bool('force') && grace > 0)
    throw new KubectlError(
      '--force and --grace-period greater than 0 cannot be specified together',
    );
  if (f.bool('force') && grace < 0) grace = 0;
  const output = f.str('output');
  if (output && output !== 'name')
    throw new KubectlError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  const files = f.list('filename');
  if (files.length === 0 && f.positional.length === 0) {
    throw new KubectlError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const targets = await collectTargets(ctx, f.positional, {
    files,
    selector,
    all,
    allNamespaces: f.bool('all-namespaces'),
  });
  if (targets.length === 0) {
    ctx.out('No resources found\n');
    return 0;
  }
  if (grace === 0) {
    ctx.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  }
  const dry = dryRunOf(ctx);
  const body: Record<string, unknown> = {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: propagation(f.str('cascade', 'background')),
  };
  if (grace >= 0) body.gracePeriodSeconds = grace;
  if (dry === 'server') body.dryRun = ['All'];
  const errors: Error[] = [];
  const deleted: Target[] = [];
  for (const t of targets) {
    try {
      if (dry !== 'client') await ctx.api.delete(targetPath(t), body, dryRunQuery(dry));
      deleted.push(t);
      const kind = kindString(t.mapping);
      let op = grace === 0 ? 'force deleted' : 'deleted';
      if (dry === 'client') op += ' (dry run)';
      if (dry === 'server') op += ' (server dry run)';
      ctx.out(output === 'name' ? `${kind}/${t.name}\n` : `${kind} "${t.name}" ${op}\n`);
    } catch (e) {
      if (f.bool('ignore-not-found') && e instanceof StatusError && e.status.code === 404) continue;
      errors.push(e as Error);
    }
  }
  if (f.bool('wait', true) && dry === 'none') await waitGone(ctx, deleted);
  if (errors.length > 0) throw new AggregateError(errors);
  return 0;
}

export const deleteCommand: Command = {
  name: 'delete',
  short:
    'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  usage:
    'kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]',
  flags: [
    FILENAME_FLAG,
    SELECTOR_FLAG,
    DRY_RUN_FLAG,
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'cascade', type: 'string', noOptDefault: 'background' },
    { name: 'grace-period', type: 'int' },
    { name: 'now', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'wait', type: 'bool' },
    { name: 'timeout', type: 'string' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'recursive', short: 'R', type: 'bool' },
  ],
  run: runDelete,
};
