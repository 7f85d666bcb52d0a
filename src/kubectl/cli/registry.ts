/**
 * The command tree and kubectl's help texts (`kubectl --help` groups, `kubectl <cmd> --help`).
 */
import type { Command } from './context';
import { GLOBAL_FLAGS } from './args';
import { applyCommand } from './commands/apply';
import { createCommand } from './commands/create';
import { deleteCommand } from './commands/delete';
import { describeCommand } from './commands/describe';
import { editCommand } from './commands/edit';
import { explainCommand } from './commands/explain';
import { getCommand } from './commands/get';
import {
  apiResourcesCommand,
  apiVersionsCommand,
  clusterInfoCommand,
  versionCommand,
} from './commands/info';
import { annotateCommand, labelCommand, patchCommand, setCommand } from './commands/metadata';
import { cordonCommand, drainCommand, taintCommand, uncordonCommand } from './commands/node';
import { eventsCommand, logsCommand, topCommand } from './commands/observe';
import { rolloutCommand } from './commands/rollout';
import { autoscaleCommand, exposeCommand, scaleCommand } from './commands/scale';

/** Every top-level command. */
export const COMMANDS: Command[] = [
  createCommand,
  exposeCommand,
  setCommand,
  explainCommand,
  getCommand,
  editCommand,
  deleteCommand,
  rolloutCommand,
  scaleCommand,
  autoscaleCommand,
  clusterInfoCommand,
  topCommand,
  cordonCommand,
  uncordonCommand,
  drainCommand,
  taintCommand,
  describeCommand,
  logsCommand,
  eventsCommand,
  applyCommand,
  patchCommand,
  labelCommand,
  annotateCommand,
  apiResourcesCommand,
  apiVersionsCommand,
  versionCommand,
];

const GROUPS: [string, string[]][] = [
  ['Basic Commands (Beginner)', ['create', 'expose', 'run', 'set']],
  ['Basic Commands (Intermediate)', ['explain', 'get', 'edit', 'delete']],
  ['Deploy Commands', ['rollout', 'scale', 'autoscale']],
  ['Cluster Management Commands', ['cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint']],
  ['Troubleshooting and Debugging Commands', ['describe', 'logs', 'events']],
  ['Advanced Commands', ['apply', 'patch']],
  ['Settings Commands', ['label', 'annotate', 'completion']],
  ['Other Commands', ['api-resources', 'api-versions', 'version']],
];

/** Finds the deepest command matching the leading words of args. */
export function findCommand(args: string[]): { command?: Command; path: string[]; rest: string[] } {
  let list = COMMANDS;
  let command: Command | undefined;
  const path: string[] = [];
  let i = 0;
  // Flags may sit between words (`kubectl -n x rollout status`); only leading non-flag words count.
  while (i < args.length) {
    const word = args[i];
    if (word.startsWith('-')) break;
    const next = list.find((c) => c.name === word || c.aliases?.includes(word));
    if (!next) break;
    command = next;
    path.push(next.name);
    i++;
    if (!next.subcommands) break;
    list = next.subcommands;
  }
  if (!command) return { path: [args[0]], rest: args.slice(1) };
  return { command, path, rest: args.slice(i) };
}

/** `kubectl --help`. */
export function rootHelp(): string {
  let out =
    'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n';
  for (const [title, names] of GROUPS) {
    const cmds = names
      .map((n) => COMMANDS.find((c) => c.name === n))
      .filter((c): c is Command => !!c);
    if (cmds.length === 0) continue;
    out += `${title}:\n`;
    for (const c of cmds) out += `  ${c.name.padEnd(16)}${c.short}\n`;
    out += '\n';
  }
  out +=
    'Usage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return out;
}

/** `kubectl <cmd> --help`. */
export function commandHelp(command: Command, path: string): string {
  let out = `${command.short}.\n\n`;
  if (command.subcommands) {
    out += 'Available Commands:\n';
    for (const c of command.subcommands) out += `  ${c.name.padEnd(16)}${c.short}\n`;
    out += '\n';
  }
  const flags = command.flags.filter((f) => !GLOBAL_FLAGS.includes(f));
  if (flags.length > 0) {
    out += 'Options:\n';
    for (const f of flags) {
      const head = f.short ? `-${f.short}, --${f.name}` : `    --${f.name}`;
      out += `    ${head}${f.type === 'bool' ? '' : `=${f.type === 'int' ? '-1' : "''"}`}\n`;
    }
    out += '\n';
  }
  out += `Usage:\n  ${command.usage ?? `${path} [flags] [options]`}\n\n`;
  out +=
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return out;
}
