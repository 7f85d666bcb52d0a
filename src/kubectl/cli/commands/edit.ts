/**
 * `kubectl edit`: there is no terminal editor in the console, so the command fetches the object
 * and returns an EditRequest (path, object, and the YAML kubectl would open, with its comment
 * header). The host opens it in its editor and calls `finishEdit` with the edited text, which
 * sends the change as a JSON merge patch like kubectl does for the edited fields and prints
 * `deployment.apps/web edited` or `Edit cancelled, no changes made.`.
 */
import { parse } from 'yaml';
import type { KubeObject } from '../../../sim/api/types';
import { ApiClient } from '../api';
import { collectTargets, targetPath } from '../builder';
import { type Command, type CommandContext, FILENAME_FLAG, OUTPUT_FLAG } from '../context';
import { kindString } from '../discovery';
import { formatError, KubectlError } from '../errors';
import { toYaml } from '../printers';
import { sanitizeForTerminal } from '../terminal';
import type { EditRequest, KubectlEnv, KubectlResult } from '../types';

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

async function runEdit(ctx: CommandContext): Promise<number> {
  const targets = await collectTargets(ctx, ctx.flags.positional, {
    files: ctx.flags.list('filename'),
  });
  if (targets.length === 0)
    throw new KubectlError(
      'error: one or more resources must be specified as <resource> <name> or <resource>/<name>',
      { raw: true },
    );
  if (targets.length > 1)
    throw new KubectlError(
      'editing several objects at once is not supported in this console; edit them one by one',
    );
  const t = targets[0];
  const path = targetPath(t);
  const object = await ctx.api.get<KubeObject>(path);
  const typed = {
    apiVersion: t.mapping.group ? `${t.mapping.group}/${t.mapping.version}` : t.mapping.version,
    kind: t.mapping.kind,
    ...object,
  };
  // kubectl edit hides managedFields (--show-managed-fields=false).
  if (typed.metadata?.managedFields) {
    typed.metadata = { ...typed.metadata };
    delete typed.metadata.managedFields;
  }
  ctx.edit = { path, object: typed, yaml: HEADER + toYaml(typed) };
  return 0;
}

/** Structural equality of JSON values (key order ignored). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** Merge patch turning `from` into `to` (RFC 7386: removed keys become null, arrays replaced). */
export function mergePatchBetween(from: unknown, to: unknown): unknown {
  if (
    typeof from !== 'object' ||
    from === null ||
    Array.isArray(from) ||
    typeof to !== 'object' ||
    to === null ||
    Array.isArray(to)
  ) {
    return deepEqual(from, to) ? undefined : to;
  }
  const out: Record<string, unknown> = {};
  const a = from as Record<string, unknown>;
  const b = to as Record<string, unknown>;
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  for (const k of Object.keys(b)) {
    if (!(k in a)) out[k] = b[k];
    else {
      const d = mergePatchBetween(a[k], b[k]);
      if (d !== undefined) out[k] = d;
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Saves an edit: patches the object with what changed and reports like kubectl edit. */
export async function finishEdit(
  request: EditRequest,
  editedText: string,
  env: KubectlEnv,
): Promise<KubectlResult> {
  const stripped = editedText
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
  if (stripped.trim() === '')
    return { stdout: '', stderr: 'Edit cancelled, saved file was empty.\n', exitCode: 0 };
  let edited: KubeObject;
  try {
    edited = parse(stripped) as KubeObject;
  } catch (e) {
    return { stdout: '', stderr: `error: ${(e as Error).message}\n`, exitCode: 1 };
  }
  const patch = mergePatchBetween(request.object, edited) as Record<string, unknown> | undefined;
  const av = request.object.apiVersion ?? '';
  const group = av.includes('/') ? av.split('/')[0] : '';
  const name = `${kindString({ kind: request.object.kind ?? '', group })}/${request.object.metadata?.name ?? ''}`;
  if (!patch) return { stdout: '', stderr: 'Edit cancelled, no changes made.\n', exitCode: 0 };
  try {
    await new ApiClient(env).patch(request.path, 'merge', patch, {
      fieldManager: 'kubectl-edit',
      fieldValidation: 'Strict',
    });
    return { stdout: sanitizeForTerminal(`${name} edited\n`), stderr: '', exitCode: 0 };
  } catch (e) {
    const msg = formatError(e);
    return {
      stdout: '',
      stderr: sanitizeForTerminal(
        `error: ${name.split('/')[0]} "${request.object.metadata?.name ?? ''}" could not be patched: ${msg.replace(/^error: /, '')}`,
      ),
      exitCode: 1,
    };
  }
}

export const editCommand: Command = {
  name: 'edit',
  short: 'Edit a resource on the server',
  usage: 'kubectl edit (RESOURCE/NAME | -f FILENAME) [options]',
  flags: [
    FILENAME_FLAG,
    OUTPUT_FLAG,
    { name: 'validate', type: 'string', noOptDefault: 'strict' },
    { name: 'subresource', type: 'string' },
  ],
  run: runEdit,
};
