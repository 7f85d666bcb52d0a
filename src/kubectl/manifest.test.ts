import { describe, expect, it } from 'vitest';
import { parseFieldPath, parseManifest } from './manifest';

const text = `# a comment before the first document
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
        - name: log
          image: fluent-bit:3
---
---
# only a comment
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: web
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: cfg
    data:
      a: "1"
`;

describe('parseManifest', () => {
  const parsed = parseManifest(text);

  it('skips empty documents and flattens List items', () => {
    expect(parsed.errors).toEqual([]);
    expect(
      parsed.documents.map(
        (d) =>
          `${d.object.kind}/${d.object.metadata?.name}@${d.documentIndex}${d.itemIndex === undefined ? '' : `[${d.itemIndex}]`}`,
      ),
    ).toEqual(['Deployment/web@0', 'Service/web@3[0]', 'ConfigMap/cfg@3[1]']);
  });

  it('knows where each document starts', () => {
    expect(parsed.documents[0].start).toEqual({ line: 2, col: 1 });
    expect(parsed.documents[1].start.line).toBe(24);
    expect(parsed.documents[2].start.line).toBe(28);
  });

  it('finds the line of a field path', () => {
    const deployment = parsed.documents[0];
    expect(deployment.lineOf('spec.replicas')).toBe(9);
    expect(deployment.positionOf('spec.template.spec.containers[1].image')).toEqual({
      line: 16,
      col: 11,
      exact: true,
    });
    expect(deployment.lineOf('metadata.labels[app.kubernetes.io/name]')).toBe(7);
    // A missing field points at its closest ancestor.
    expect(deployment.positionOf('spec.template.spec.containers[0].resources.limits')).toEqual({
      line: 13,
      col: 11,
      exact: false,
    });
    expect(parsed.documents[2].lineOf('data.a')).toBe(33);
  });

  it('parses JSON too', () => {
    const json = parseManifest(
      '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}',
    );
    expect(json.errors).toEqual([]);
    expect(json.documents[0].object).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
  });

  it('reports syntax errors with line and column', () => {
    const broken = parseManifest(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n   bad: indent\n',
    );
    expect(broken.documents).toEqual([]);
    expect(broken.errors.length).toBeGreaterThan(0);
    // The yaml package flags the value of `name` (line 4, column 9) that the bad indent turns into a mapping.
    expect(broken.errors[0]).toMatchObject({ line: 4, col: 9, documentIndex: 0 });
    expect(broken.errors[0].message).toBe(
      'error converting YAML to JSON: yaml: line 4: Nested mappings are not allowed in compact mappings',
    );
  });

  it('reports objects without kind or apiVersion as kubectl does', () => {
    const result = parseManifest(
      'apiVersion: v1\nmetadata:\n  name: x\n---\nkind: Pod\n---\n- a list\n',
    );
    expect(result.errors.map((e) => [e.documentIndex, e.line, e.message])).toEqual([
      [0, 1, `Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`],
      [1, 5, `Object 'apiVersion' is missing in '{"kind":"Pod"}'`],
      [2, 7, 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ]);
  });

  it('stops alias bombs', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    const result = parseManifest(bomb);
    expect(result.documents).toEqual([]);
    expect(result.errors[0].message).toMatch(/alias/i);
  });

  it('refuses oversized texts', () => {
    expect(parseManifest('x'.repeat(20), { maxLength: 10 }).errors[0].message).toContain(
      'too large',
    );
  });
});

describe('parseFieldPath', () => {
  it('splits dots and brackets', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].image')).toEqual([
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'image',
    ]);
    expect(parseFieldPath('metadata.annotations[example.com/x]')).toEqual([
      'metadata',
      'annotations',
      'example.com/x',
    ]);
  });
});

describe('nesting depth bound', () => {
  it('refuses hostile nesting before parsing, in every form, and accepts deep but real objects', () => {
    for (const text of [
      'a: ' + '['.repeat(300) + ']'.repeat(300),
      '- '.repeat(300) + 'x',
      'a:\n' +
        Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 1) + `k${i}:`).join('\n') +
        ' 1',
    ]) {
      const { documents, errors } = parseManifest(text);
      expect(documents).toEqual([]);
      expect(errors[0].message).toMatch(/nested too deeply: more than 256 levels/);
    }
    // Brackets inside quoted strings and comments do not count.
    const quoted = parseManifest(
      `a: "${'['.repeat(400)}"\nb: '${'{'.repeat(400)}' # ${'['.repeat(400)}\n`,
    );
    expect(quoted.errors.map((e) => e.message).join()).not.toMatch(/nested too deeply/);
    const deepButFine = parseManifest('a: ' + '['.repeat(50) + '1' + ']'.repeat(50));
    expect(deepButFine.errors.map((e) => e.message).join()).not.toMatch(/nested too deeply/);
  });

  it('survives many deep inputs in a row (no crash of the process)', () => {
    for (let d = 300; d < 20_000; d += 97) {
      expect(parseManifest('- '.repeat(d) + 'x\n').errors.length).toBe(1);
      expect(parseManifest('a: ' + '['.repeat(d)).errors.length).toBe(1);
    }
  });
});
