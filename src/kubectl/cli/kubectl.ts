/**
 * `runKubectl(argv, env)`: kubectl v1.32 in TypeScript over any transport. Parses the command
 * line, dispatches to a command, and returns stdout/stderr/exit code; every byte of output passes
 * through `sanitizeForTerminal` because the console is an xterm.
 */
import { Flags, parseArgs, tokenize } from './args';
import { apiFor, type Command, type CommandContext } from './context';
import { formatError, KubectlError } from './errors';
import { COMMANDS, findCommand, rootHelp, commandHelp } from './registry';
import { sanitizeForTerminal } from './terminal';
import type { KubectlEnv, KubectlResult } from './types';

/** Runs one kubectl command line against `env`; never throws. */
export async function runKubectl(argv: string | string[], env: KubectlEnv): Promise<KubectlResult> {
  let stdout = '';
  let stderr = '';
  const out = (text: string) => {
    const safe = sanitizeForTerminal(text);
    stdout += safe;
    env.onOutput?.('stdout', safe);
  };
  const err = (text: string) => {
    const safe = sanitizeForTerminal(text);
    stderr += safe;
    env.onOutput?.('stderr', safe);
  };
  let edit: KubectlResult['edit'];
  let commandPath: string;
  try {
    let args = typeof argv === 'string' ? tokenize(argv) : [...argv];
    if (args[0] === 'kubectl' || args[0] === 'k') args = args.slice(1);
    // Global flags may precede the command (`kubectl -n kube-system get pods`).
    const lead: string[] = [];
    while (args.length > 0 && args[0].startsWith('-')) {
      lead.push(args.shift() as string);
      if (
        /^(-n|--namespace|--context|--kubeconfig|-s|--server|--cluster|--user)$/.test(
          lead[lead.length - 1],
        ) &&
        args.length > 0
      )
        lead.push(args.shift() as string);
    }
    if (args.length === 0) {
      if (lead.some((a) => a === '-h' || a === '--help') || lead.length === 0) {
        out(rootHelp());
        return { stdout, stderr, exitCode: 0 };
      }
      if (lead.includes('--version')) throw new KubectlError('unknown flag: --version');
      parseArgs(lead, []);
      out(rootHelp());
      return { stdout, stderr, exitCode: 0 };
    }
    const { command, path, rest } = findCommand(args);
    commandPath = `kubectl ${path.join(' ')}`;
    if (!command) {
      err(`error: unknown command "${args[0]}" for "kubectl"\n`);
      return { stdout, stderr, exitCode: 1 };
    }
    let parsed;
    try {
      parsed = parseArgs([...lead, ...rest], command.flags);
    } catch (e) {
      if (e instanceof KubectlError) {
        err(`Error: ${e.message}\nSee '${commandPath} --help' for usage.\n`);
        return { stdout, stderr, exitCode: 1 };
      }
      throw e;
    }
    const flags = new Flags(parsed);
    if (flags.bool('help') || !command.run) {
      if (!command.run && flags.positional.length > 0 && command.subcommands) {
        err(`error: unknown command "${flags.positional[0]}" for "${commandPath}"\n`);
        return { stdout, stderr, exitCode: 1 };
      }
      out(commandHelp(command, commandPath));
      return { stdout, stderr, exitCode: 0 };
    }
    const { api, discovery } = apiFor(env);
    const ctx: CommandContext = {
      env,
      api,
      discovery,
      flags,
      namespace: flags.str('namespace') || env.namespace || 'default',
      explicitNamespace: flags.has('namespace'),
      out,
      err,
      commandPath,
    };
    const code = await command.run(ctx);
    edit = ctx.edit;
    return { stdout, stderr, exitCode: code ?? 0, ...(edit ? { edit } : {}) };
  } catch (e) {
    const exitCode = e instanceof KubectlError ? e.exitCode : 1;
    err(formatError(e));
    return { stdout, stderr, exitCode };
  }
}

export type { Command };
export { COMMANDS };
