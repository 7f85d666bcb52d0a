/**
 * Tab completion for the console: commands, sub-commands, flags, flag values (namespaces, output
 * formats), resource types and resource names (listed from the server), like kubectl's cobra
 * completion (`kubectl __complete`). Returns replacements for the word under the cursor.
 */
import { resourcePath } from './api';
import { GLOBAL_FLAGS } from './args';
import { apiFor } from './context';
import { COMMANDS } from './registry';
import type { Command } from './context';
import type { KubectlEnv } from './types';
import type { KubeObject } from '../../sim/api/types';

const OUTPUT_FORMATS = ['json', 'yaml', 'wide', 'name', 'jsonpath=', 'custom-columns='];
/** Commands whose positional arguments are TYPE [NAME...] or TYPE/NAME. */
const RESOURCE_COMMANDS = new Set([
  'get',
  'describe',
  'delete',
  'edit',
  'label',
  'annotate',
  'patch',
  'scale',
  'autoscale',
  'expose',
  'image',
  'history',
  'pause',
  'restart',
  'resume',
  'status',
  'undo',
  'explain',
]);
/** Commands whose first positional is a name of a fixed type. */
const FIXED_TYPE: Record<string, string> = {
  logs: 'pods',
  cordon: 'nodes',
  uncordon: 'nodes',
  drain: 'nodes',
  node: 'nodes',
  pod: 'pods',
};

/** Splits the line before the cursor into finished words and the word being typed. */
function wordsBefore(line: string, cursor: number): { words: string[]; current: string } {
  const before = line.slice(0, cursor);
  const words = before.split(/\s+/).filter((w) => w.length > 0);
  const current = /\s$/.test(before) || before === '' ? '' : (words.pop() ?? '');
  return { words, current };
}

async function names(env: KubectlEnv, type: string, namespace: string): Promise<string[]> {
  const { api, discovery } = apiFor(env);
  try {
    const m = await discovery.resolve(type);
    const list = await api.get<{ items?: KubeObject[] }>(resourcePath(m, namespace));
    return (list.items ?? []).map((o) => o.metadata?.name ?? '').filter(Boolean);
  } catch {
    return [];
  }
}

async function resourceTypes(env: KubectlEnv): Promise<string[]> {
  try {
    const all = await apiFor(env).discovery.resources();
    return [
      ...new Set(all.filter((r) => r.preferred && r.verbs.includes('list')).map((r) => r.resource)),
    ].sort();
  } catch {
    return [];
  }
}

const match = (prefix: string, list: string[]) => [
  ...new Set(list.filter((c) => c.startsWith(prefix))),
];

/** Completion candidates for the word at `cursor` in a `kubectl ...` line. */
export async function completeKubectl(
  line: string,
  cursor: number,
  env: KubectlEnv,
): Promise<string[]> {
  const { words, current } = wordsBefore(line, cursor);
  if (words[0] === 'kubectl' || words[0] === 'k') words.shift();
  // Walk the command tree over the finished words; remember flags and their values.
  let list: Command[] = COMMANDS;
  let command: Command | undefined;
  const positional: string[] = [];
  let namespace = env.namespace ?? 'default';
  let pendingFlag: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (pendingFlag) {
      if (pendingFlag === 'namespace') namespace = w;
      pendingFlag = undefined;
      continue;
    }
    if (w.startsWith('-')) {
      const eq = w.indexOf('=');
      const name = w.startsWith('--') ? w.slice(2, eq < 0 ? undefined : eq) : w.slice(1, 2);
      const spec = [...(command?.flags ?? []), ...GLOBAL_FLAGS].find(
        (f) => f.name === name || f.short === name,
      );
      const inlineValue = w.startsWith('--') ? eq >= 0 : w.length > 2;
      if (spec && spec.type !== 'bool' && spec.noOptDefault === undefined && !inlineValue)
        pendingFlag = spec.name;
      if (spec?.name === 'namespace' && inlineValue)
        namespace = w.startsWith('--') ? w.slice(eq + 1) : w.slice(2).replace(/^=/, '');
      continue;
    }
    const sub =
      positional.length === 0
        ? list.find((c) => c.name === w || c.aliases?.includes(w))
        : undefined;
    if (sub) {
      command = sub;
      list = sub.subcommands ?? [];
      continue;
    }
    positional.push(w);
  }
  if (pendingFlag === 'namespace') return match(current, await names(env, 'namespaces', ''));
  if (pendingFlag === 'output') return match(current, OUTPUT_FORMATS);
  if (pendingFlag) return [];
  if (current.startsWith('-')) {
    if (current.startsWith('--namespace=') || current.startsWith('-n=')) {
      const head = current.slice(0, current.indexOf('=') + 1);
      return (await names(env, 'namespaces', ''))
        .filter((n) => (head + n).startsWith(current))
        .map((n) => head + n);
    }
    if (current.startsWith('--output=') || current.startsWith('-o=')) {
      const head = current.slice(0, current.indexOf('=') + 1);
      return OUTPUT_FORMATS.map((o) => head + o).filter((o) => o.startsWith(current));
    }
    const flags = [
      ...(command?.flags ?? []),
      ...GLOBAL_FLAGS.filter((f) => ['namespace', 'help'].includes(f.name)),
    ];
    return match(
      current,
      flags.map((f) => `--${f.name}`),
    ).sort();
  }
  if (!command || (command.subcommands && positional.length === 0 && !command.run)) {
    return match(
      current,
      list.map((c) => c.name),
    ).sort();
  }
  if (command.subcommands && positional.length === 0 && command.name === 'create') {
    const subs = match(
      current,
      command.subcommands.map((c) => c.name),
    );
    if (subs.length > 0) return subs.sort();
  }
  const fixed = FIXED_TYPE[command.name];
  if (fixed)
    return positional.length === 0 ? match(current, await names(env, fixed, namespace)).sort() : [];
  if (RESOURCE_COMMANDS.has(command.name)) {
    if (current.includes('/')) {
      const type = current.slice(0, current.indexOf('/'));
      return match(
        current,
        (await names(env, type, namespace)).map((n) => `${type}/${n}`),
      ).sort();
    }
    if (positional.length === 0 || command.name === 'explain') {
      if (command.name === 'explain' && positional.length > 0) return [];
      return match(current, await resourceTypes(env));
    }
    if (!positional[0].includes('/'))
      return match(current, await names(env, positional[0].split(',')[0], namespace)).sort();
  }
  return [];
}
