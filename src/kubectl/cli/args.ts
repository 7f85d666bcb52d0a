/**
 * Command-line parsing: a POSIX-shell-like tokenizer (quotes and backslashes) and a cobra/pflag
 * style flag parser (`--flag=value`, `--flag value`, `-n value`, `-nvalue`, `-o=yaml`, booleans,
 * flags anywhere among positional arguments, `--` ends flags).
 */
import { KubectlError } from './errors';

/** Splits a command line like a shell would (no expansion); throws on an unterminated quote. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let inToken = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]))
        current += line[++i];
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inToken = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inToken = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (inToken) out.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (quote) throw new KubectlError(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (inToken) out.push(current);
  return out;
}

export type FlagType = 'bool' | 'string' | 'int' | 'array';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** For bool flags given without `=value`, and defaults shown by completion. */
  default?: string;
  /** A string flag that may appear without a value (`--cascade`, `--dry-run`): this value is used. */
  noOptDefault?: string;
}

export interface ParsedArgs {
  positional: string[];
  /** Last value of each flag given (long name). */
  flags: Map<string, string>;
  /** Every value of array flags (`-f a -f b`, `--from-literal`). */
  arrays: Map<string, string[]>;
}

/** Flags every command accepts (kubectl's persistent flags). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'request-timeout', type: 'string' },
  { name: 'v', short: 'v', type: 'string' },
  { name: 'warnings-as-errors', type: 'bool' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
];

function valueOf(
  spec: FlagSpec,
  given: string | undefined,
  next: () => string | undefined,
  display: string,
): string {
  if (spec.type === 'bool') {
    if (given === undefined) return 'true';
    if (!['true', 'false', '1', '0', 't', 'f', 'TRUE', 'FALSE', 'True', 'False'].includes(given)) {
      throw new KubectlError(
        `invalid argument "${given}" for "${display}" flag: strconv.ParseBool: parsing "${given}": invalid syntax`,
      );
    }
    return ['true', '1', 't', 'TRUE', 'True'].includes(given) ? 'true' : 'false';
  }
  if (given !== undefined) return given;
  if (spec.noOptDefault !== undefined) return spec.noOptDefault;
  const v = next();
  if (v === undefined) throw new KubectlError(`flag needs an argument: ${display}`);
  return v;
}

/** Parses argv against the command's flags plus the global ones; unknown flags are errors. */
export function parseArgs(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const all = [...specs, ...GLOBAL_FLAGS];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short as string, s]));
  const positional: string[] = [];
  const flags = new Map<string, string>();
  const arrays = new Map<string, string[]>();
  const set = (spec: FlagSpec, value: string) => {
    if (spec.type === 'int' && !/^-?\d+$/.test(value)) {
      throw new KubectlError(
        `invalid argument "${value}" for "--${spec.name}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
      );
    }
    flags.set(spec.name, value);
    if (spec.type === 'array') arrays.set(spec.name, [...(arrays.get(spec.name) ?? []), value]);
  };
  let i = 0;
  const next = () => (i + 1 < argv.length ? argv[++i] : undefined);
  for (; i < argv.length; i++) {
    const tok = argv[i];
    if (tok === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (tok.startsWith('--') && tok.length > 2) {
      const eq = tok.indexOf('=');
      const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new KubectlError(`unknown flag: --${name}`);
      set(spec, valueOf(spec, eq < 0 ? undefined : tok.slice(eq + 1), next, `--${name}`));
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1 && !/^-\d/.test(tok)) {
      // Shorthand cluster: `-it`, `-nkube-system`, `-n=foo`, `-oyaml`.
      let j = 1;
      while (j < tok.length) {
        const ch = tok[j];
        const spec = byShort.get(ch);
        if (!spec) throw new KubectlError(`unknown shorthand flag: '${ch}' in ${tok}`);
        if (spec.type === 'bool') {
          if (tok[j + 1] === '=') {
            set(spec, valueOf(spec, tok.slice(j + 2), next, `-${ch}, --${spec.name}`));
            break;
          }
          set(spec, 'true');
          j++;
          continue;
        }
        let rest = tok.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        set(spec, valueOf(spec, rest === '' ? undefined : rest, next, `-${ch}, --${spec.name}`));
        break;
      }
      continue;
    }
    positional.push(tok);
  }
  return { positional, flags, arrays };
}

/** Accessors over a parse result with defaults. */
export class Flags {
  constructor(readonly parsed: ParsedArgs) {}
  get positional(): string[] {
    return this.parsed.positional;
  }
  has(name: string): boolean {
    return this.parsed.flags.has(name);
  }
  str(name: string, fallback = ''): string {
    return this.parsed.flags.get(name) ?? fallback;
  }
  bool(name: string, fallback = false): boolean {
    const v = this.parsed.flags.get(name);
    return v === undefined ? fallback : v === 'true';
  }
  int(name: string, fallback: number): number {
    const v = this.parsed.flags.get(name);
    return v === undefined ? fallback : Number.parseInt(v, 10);
  }
  list(name: string): string[] {
    return (this.parsed.arrays.get(name) ?? []).flatMap((v) =>
      ['filename', 'from-literal', 'from-file', 'env'].includes(name) ? [v] : v.split(','),
    );
  }
}
