/**
 * What every command gets: the host env, an API client, discovery, parsed flags, the effective
 * namespace, and output sinks.
 */
import { ApiClient } from './api';
import type { FlagSpec, Flags } from './args';
import { Discovery } from './discovery';
import type { EditRequest, KubectlEnv } from './types';

export interface CommandContext {
  env: KubectlEnv;
  api: ApiClient;
  discovery: Discovery;
  flags: Flags;
  /** The namespace from -n, else the context's, else `default`. */
  namespace: string;
  /** True when -n was given (objects from files must then match it). */
  explicitNamespace: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Set by `edit`. */
  edit?: EditRequest;
  /** `kubectl <path>` as shown in usage errors (`kubectl rollout status`). */
  commandPath: string;
}

export interface Command {
  name: string;
  aliases?: string[];
  /** One-line description for `kubectl --help`. */
  short: string;
  /** Usage line(s) shown by `--help`. */
  usage?: string;
  flags: FlagSpec[];
  /** Sub-commands (`rollout status`, `create deployment`, `set image`, `top pods`). */
  subcommands?: Command[];
  /** Runs the command; resolves to the exit code (0 when omitted). */
  run?(ctx: CommandContext): Promise<number | void>;
}

/** Builds the API helpers for an env. */
export function apiFor(env: KubectlEnv): { api: ApiClient; discovery: Discovery } {
  return { api: new ApiClient(env), discovery: new Discovery(env) };
}

/** Flags shared by commands that print objects. */
export const OUTPUT_FLAG: FlagSpec = { name: 'output', short: 'o', type: 'string' };
export const FILENAME_FLAG: FlagSpec = { name: 'filename', short: 'f', type: 'array' };
export const SELECTOR_FLAG: FlagSpec = { name: 'selector', short: 'l', type: 'string' };
export const DRY_RUN_FLAG: FlagSpec = {
  name: 'dry-run',
  type: 'string',
  noOptDefault: 'unchanged',
};
