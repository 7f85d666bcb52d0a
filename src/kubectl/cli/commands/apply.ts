/**
 * `kubectl apply -f` (client-side apply): objects from the named buffers or stdin, each applied
 * with the three-way merge in ../../apply.ts; `created` / `configured` / `unchanged` lines on
 * stdout, warnings and errors on stderr, exit code 1 when any object failed.
 */
import type { KubeObject } from '../../../sim/api/types';
import { applyObject } from '../../apply';
import { KUBECTL_USER } from '../api';
import {
  type Command,
  type CommandContext,
  DRY_RUN_FLAG,
  FILENAME_FLAG,
  OUTPUT_FLAG,
} from '../context';
import { KubectlError } from '../errors';
import { readFiles } from '../manifests';
import { dryRunOf } from '../output';
import { parseOutput, printObject } from '../printers';
import { kindString } from '../discovery';

async function runApply(ctx: CommandContext): Promise<number> {
  const f = ctx.flags;
  if (f.bool('server-side'))
    throw new KubectlError(
      'server-side apply is not supported by this simulator; use client-side apply (omit --server-side)',
    );
  const files = f.list('filename');
  if (files.length === 0)
    throw new KubectlError('error: must specify one of -f and -k', { raw: true });
  const dryRun = dryRunOf(ctx);
  const validate = f.str('validate', 'strict');
  const fieldValidation =
    validate === 'false' || validate === 'ignore'
      ? 'Ignore'
      : validate === 'warn'
        ? 'Warn'
        : 'Strict';
  const output = f.has('output') ? parseOutput(f.str('output')) : undefined;
  let failed = false;
  const errors: string[] = [];
  for (const { object, source } of readFiles(ctx.env, files)) {
    const mapping = await ctx.discovery.forKind(object.apiVersion ?? '', object.kind ?? '');
    const result = await applyObject(object, {
      request: (req) => ctx.env.request({ user: KUBECTL_USER, ...req }),
      resolveResource: () =>
        mapping
          ? {
              pathPrefix: mapping.group
                ? `/apis/${mapping.group}/${mapping.version}`
                : `/api/${mapping.version}`,
              resource: mapping.resource,
              namespaced: mapping.namespaced,
            }
          : undefined,
      namespace: ctx.namespace,
      enforceNamespace: ctx.explicitNamespace,
      dryRun,
      fieldValidation,
      source: source === '-' ? 'STDIN' : source,
    });
    for (const w of result.warnings) ctx.err(`${w}\n`);
    if (result.ok) {
      if (output && !(output.kind === 'table')) {
        const obj: KubeObject = result.object;
        ctx.out(
          output.kind === 'name'
            ? `${result.message.split(' ')[0]}\n`
            : printObject(obj, output, () =>
                mapping ? kindString(mapping) : (obj.kind ?? '').toLowerCase(),
              ),
        );
      } else ctx.out(`${result.message}\n`);
    } else {
      failed = true;
      errors.push(result.message);
    }
  }
  for (const e of errors) ctx.err(e.endsWith('\n') ? e : `${e}\n`);
  return failed ? 1 : 0;
}

export const applyCommand: Command = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  usage: 'kubectl apply (-f FILENAME | -k DIRECTORY) [options]',
  flags: [
    FILENAME_FLAG,
    OUTPUT_FLAG,
    DRY_RUN_FLAG,
    { name: 'validate', type: 'string', noOptDefault: 'strict' },
    { name: 'server-side', type: 'bool' },
    { name: 'force-conflicts', type: 'bool' },
    { name: 'field-manager', type: 'string' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
  ],
  run: runApply,
};
