import { describe, expect, it } from 'vitest';
import { parseArgs, tokenize, Flags } from './args';
import { humanDuration } from './duration';
import { formatError, StatusError, AggregateError, KubectlError } from './errors';
import { goSort } from './go-sort';
import { evaluateJsonPath } from './jsonpath';
import { alignColumns, TabWriter } from './tabwriter';
import { sanitizeForTerminal } from './terminal';
import { parseQuantity, formatCpu, formatMemory } from './quantity';
import { parseTaintSpecs } from './commands/node';
import { runKubectl } from './kubectl';
import { createFakeServer } from './testing/fake-server';

describe('tokenize', () => {
  it('splits like a shell', () => {
    expect(tokenize(`get pods -o jsonpath='{.items[*].metadata.name}' -l "app=web x"`)).toEqual([
      'get',
      'pods',
      '-o',
      'jsonpath={.items[*].metadata.name}',
      '-l',
      'app=web x',
    ]);
    expect(tokenize('patch x -p "{\\"a\\":1}"  ')).toEqual(['patch', 'x', '-p', '{"a":1}']);
    expect(tokenize(`a '' b\\ c`)).toEqual(['a', '', 'b c']);
    expect(() => tokenize(`get 'pods`)).toThrow('unterminated single quote');
  });
});

describe('parseArgs', () => {
  const specs = [
    { name: 'output', short: 'o', type: 'string' as const },
    { name: 'all-namespaces', short: 'A', type: 'bool' as const },
    { name: 'filename', short: 'f', type: 'array' as const },
    { name: 'replicas', type: 'int' as const },
    { name: 'cascade', type: 'string' as const, noOptDefault: 'background' },
  ];
  it('accepts pflag forms anywhere among positionals', () => {
    const p = parseArgs(
      [
        'pods',
        '-oyaml',
        '-nkube-system',
        '-A',
        'x',
        '--replicas=3',
        '-f',
        'a.yaml',
        '-f=b.yaml',
        '--cascade',
        '--',
        '-notaflag',
      ],
      specs,
    );
    expect(p.positional).toEqual(['pods', 'x', '-notaflag']);
    const f = new Flags(p);
    expect([
      f.str('output'),
      f.str('namespace'),
      f.bool('all-namespaces'),
      f.int('replicas', 0),
      f.list('filename'),
      f.str('cascade'),
    ]).toEqual(['yaml', 'kube-system', true, 3, ['a.yaml', 'b.yaml'], 'background']);
  });
  it('rejects unknown flags, missing values and bad numbers like pflag', () => {
    expect(() => parseArgs(['--nope'], specs)).toThrow('unknown flag: --nope');
    expect(() => parseArgs(['-z'], specs)).toThrow("unknown shorthand flag: 'z' in -z");
    expect(() => parseArgs(['-o'], specs)).toThrow('flag needs an argument: -o, --output');
    expect(() => parseArgs(['--replicas=x'], specs)).toThrow(
      'invalid argument "x" for "--replicas" flag',
    );
  });
});

describe('TabWriter (Go text/tabwriter with kubectl settings)', () => {
  it('pads columns to the widest cell plus 3, minimum 6, last cell unpadded', () => {
    expect(alignColumns('NAME\tREADY\tAGE\nweb-1\t1/1\t5m\nx\t0/1\t10d\n')).toBe(
      'NAME    READY   AGE\nweb-1   1/1     5m\nx       0/1     10d\n',
    );
    expect(alignColumns('A\tB\n')).toBe('A     B\n');
  });
  it('aligns each run of lines with a cell in a column separately (describe layout)', () => {
    const text = 'Name:\tweb\nLabels:\ta=1\n\tb=2\nContainers:\n  nginx:\n    Image:\tnginx\n';
    expect(alignColumns(text, { minWidth: 0, padding: 2 })).toBe(
      'Name:    web\nLabels:  a=1\n         b=2\nContainers:\n  nginx:\n    Image:  nginx\n',
    );
  });
  it('remembers widths across flushes when asked (get -w)', () => {
    const w = new TabWriter({ rememberWidths: true });
    w.write('NAME\tAGE\nlong-name-here\t1s\n');
    w.flush();
    w.write('a\t2s\n');
    expect(w.flush()).toBe(`a${' '.repeat(16)}2s\n`);
  });
});

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [-5_000, '<invalid>'],
    [-1_000, '0s'],
    [59_000, '59s'],
    [119_000, '119s'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [3 * 3600_000 + 5 * 60_000, '3h5m'],
    [10 * 3600_000, '10h'],
    [50 * 3600_000, '2d2h'],
    [30 * 86400_000, '30d'],
    [800 * 86400_000, '2y70d'],
    [3000 * 86400_000, '8y'],
  ])('%d ms -> %s', (ms, text) => expect(humanDuration(ms)).toBe(text));
});

describe('JSONPath', () => {
  const list = {
    items: [
      { metadata: { name: 'a', labels: { app: 'x' } }, status: { phase: 'Running' } },
      { metadata: { name: 'b' }, status: { phase: 'Pending' } },
    ],
  };
  it('evaluates paths, wildcards, ranges, filters and literals', () => {
    expect(evaluateJsonPath('{.items[*].metadata.name}', list)).toBe('a b');
    expect(
      evaluateJsonPath('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', list),
    ).toBe('a\tRunning\nb\tPending\n');
    expect(evaluateJsonPath('{.items[?(@.status.phase=="Pending")].metadata.name}', list)).toBe(
      'b',
    );
    expect(evaluateJsonPath('{.items[-1:].metadata.name}', list)).toBe('b');
    expect(evaluateJsonPath('{.items[0].metadata.labels}', list)).toBe('{"app":"x"}');
    expect(evaluateJsonPath('{..name}', list)).toBe('a b');
    expect(evaluateJsonPath('.items[1].metadata.name', list)).toBe('b');
  });
});

describe('sanitizeForTerminal', () => {
  it('makes control characters visible but keeps newlines and tabs', () => {
    expect(sanitizeForTerminal('a\x1b[31mred\x1b[0m\r\n\tb\x07\x9b\x7f')).toBe(
      'a^[[31mred^[[0m\\r\n\tb\\x07\\x9b^?',
    );
  });
  it('is applied to everything runKubectl prints', async () => {
    const s = createFakeServer();
    s.add({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'evil', labels: { x: 'a\x1b]0;pwned\x07' } },
    });
    const r = await runKubectl('get cm --show-labels', s.env());
    expect(r.stdout.includes('\x1b') || r.stdout.includes('\x07')).toBe(false);
    expect(r.stdout).toContain('x=a^[]0;pwned\\x07');
  });
});

describe('errors as kubectl prints them', () => {
  const status = (reason: string, message: string, details?: object) =>
    new StatusError({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason,
      message,
      code: 422,
      details,
    });
  it('formats server errors, invalid objects and aggregates', () => {
    expect(formatError(status('NotFound', 'pods "x" not found'))).toBe(
      'Error from server (NotFound): pods "x" not found\n',
    );
    expect(
      formatError(
        status('Invalid', 'x', {
          kind: 'Deployment',
          name: 'web',
          causes: [
            {
              field: 'spec.replicas',
              message: 'Invalid value: -1: must be greater than or equal to 0',
            },
          ],
        }),
      ),
    ).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    expect(
      formatError(
        status('Invalid', 'x', {
          kind: 'Pod',
          name: 'p',
          causes: [
            { field: 'a', message: 'b' },
            { field: 'c', message: 'd' },
          ],
        }),
      ),
    ).toBe('The Pod "p" is invalid: \n* a: b\n* c: d\n');
    expect(formatError(new AggregateError([status('NotFound', 'a'), new KubectlError('b')]))).toBe(
      'Error from server (NotFound): a\nerror: b\n',
    );
  });
});

describe('goSort', () => {
  it('is insertion sort (stable) up to 12 items and deterministic beyond', () => {
    const small = [3, 1, 2, 1, 3].map((v, i) => ({ v, i }));
    expect(goSort(small, (a, b) => a.v < b.v).map((x) => x.i)).toEqual([1, 3, 2, 0, 4]);
    const big = Array.from({ length: 40 }, (_, i) => ({ v: i % 3, i }));
    const once = goSort([...big], (a, b) => a.v < b.v).map((x) => x.i);
    expect(goSort([...big], (a, b) => a.v < b.v).map((x) => x.i)).toEqual(once);
    expect(once.map((i) => i % 3)).toEqual([...once.map((i) => i % 3)].sort());
  });
});

describe('quantities and taints', () => {
  it('parses and prints resource quantities', () => {
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('128Mi')).toBe(134217728);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(formatCpu(1.5)).toBe('1500m');
    expect(formatCpu(2)).toBe('2');
    expect(formatMemory(192 * 2 ** 20)).toBe('192Mi');
  });
  it('parses taint specs', () => {
    expect(
      parseTaintSpecs(['k=v:NoSchedule', 'k2:NoExecute', 'old-', 'x:PreferNoSchedule-']),
    ).toEqual({
      add: [
        { key: 'k', value: 'v', effect: 'NoSchedule' },
        { key: 'k2', effect: 'NoExecute' },
      ],
      remove: [{ key: 'old' }, { key: 'x', effect: 'PreferNoSchedule' }],
    });
    expect(() => parseTaintSpecs(['k=v:Never'])).toThrow(
      'invalid taint effect: Never, unsupported taint effect',
    );
  });
});
