/**
 * Property testing of the input layers (issue 9): random bytes and random mutations of the
 * real-world manifests in test/fixtures/manifests go through the YAML parser (parseManifest) and
 * the apiserver's `handle` (create/update/patch/delete/get with random bodies, paths, query
 * strings and content types). Each case must return (never throw), within a hang bound, and leave
 * the store's invariants intact. Shared by the Vitest property test and scripts/bench-fuzz.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parseManifest } from '../../src/kubectl/manifest.ts';
import type { ApiRequest, HttpMethod, KubeObject } from '../../src/sim/api/types.ts';
import { createApiServer, type ApiServer } from '../../src/sim/apiserver/apiserver.ts';
import { VirtualClock } from '../../src/sim/clock.ts';
import { createRng } from '../../src/sim/rng.ts';

/** A case: a text for the parser, or a request for the apiserver. */
export type FuzzCase = { kind: 'yaml'; text: string } | { kind: 'request'; request: ApiRequest };

/** How a case was answered: an HTTP status, or the parser's verdict. */
export type FuzzOutcome = number | 'yaml-ok' | 'yaml-error';

/** A hang detector, not a performance assertion: one input must never take this long. */
export const HANG_MS = 2_000;

const FIXTURES = resolve(import.meta.dirname, '../fixtures/manifests');

/** The fixture manifests' texts. */
export function fixtureTexts(): string[] {
  const texts: string[] = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(FIXTURES, dir.name)).sort())
      if (file.endsWith('.yaml')) texts.push(readFileSync(join(FIXTURES, dir.name, file), 'utf8'));
  }
  return texts;
}

/** Fragments that YAML and Kubernetes parsers treat specially. */
const YAML_TOKENS = [
  '&a ',
  '*a',
  '<<: *a',
  '!!binary ',
  '!!str ',
  '? ',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '#',
  '|',
  '>-',
  '\t',
  '\n',
  '\n---\n',
  '...',
  '"',
  "'",
  '\\',
  '%YAML 1.2\n',
  '\u0000',
  '\u001b[31m',
  '\ufeff',
  'null',
  '~',
  '0x1F',
  '1e309',
  '-.inf',
  '.nan',
  'yes',
  'kind: List\nitems:\n- ',
];

/** Random mutations of a text: cut, insert, duplicate, replace with special tokens. */
export function mutatedText(base: string): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat({ max: Math.max(0, base.length) }),
    fc.nat({ max: 40 }),
    fc.oneof(fc.constantFrom(...YAML_TOKENS), fc.string({ maxLength: 12 }), fc.constant('')),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let text = base;
    for (const [at, length, insert] of edits) {
      const start = at % (text.length + 1);
      text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + length));
    }
    return text;
  });
}

const randomBytesText = fc
  .uint8Array({ maxLength: 400 })
  .map((bytes) => new TextDecoder('utf-8').decode(bytes));

/** YAML texts: random bytes, random strings, mutated fixtures. */
export function yamlTextArbitrary(fixtures: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    randomBytesText,
    fc.string({ maxLength: 200, unit: 'binary' }),
    fc.constantFrom(...fixtures).chain(mutatedText),
  );
}

/** Parsed objects of the fixtures (the first document of each). */
function fixtureObjects(fixtures: string[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const text of fixtures)
    for (const doc of parseManifest(text).documents) objects.push(doc.object);
  return objects;
}

/** Replaces the value at a random path of a JSON value (fields removed, retyped, nested). */
function mutateValue(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement];
    const i = path[0] % value.length;
    const copy = [...value];
    copy[i] = mutateValue(value[i], path.slice(1), replacement);
    return copy;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return { [`k${path[0]}`]: replacement };
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (replacement === undefined) delete copy[key];
  else copy[key] = mutateValue(copy[key], path.slice(1), replacement);
  return copy;
}

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    undefined,
    null,
    '',
    -1,
    1e9,
    2 ** 53,
    'a'.repeat(300),
    '\u001b]52;c;aGk=\u0007',
    'Bad_Name',
    {},
    [],
  ),
);

/** Request bodies: fixture objects with random edits, or random JSON. */
function bodyArbitrary(objects: KubeObject[]): fc.Arbitrary<unknown> {
  const edited = fc
    .tuple(
      fc.constantFrom(...objects),
      fc.array(fc.tuple(fc.array(fc.nat({ max: 50 }), { maxLength: 6 }), jsonish), {
        maxLength: 4,
      }),
    )
    .map(([obj, edits]) => edits.reduce<unknown>((v, [path, r]) => mutateValue(v, path, r), obj));
  return fc.oneof(
    { weight: 4, arbitrary: edited },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  );
}

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const CONTENT_TYPES = [
  'application/json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
  'application/xml',
  '',
  'text/plain; charset=utf-8',
];
const QUERY_KEYS = [
  'fieldValidation',
  'dryRun',
  'fieldManager',
  'labelSelector',
  'fieldSelector',
  'limit',
  'continue',
  'resourceVersion',
  'resourceVersionMatch',
  'propagationPolicy',
  'gracePeriodSeconds',
  'force',
  'orphanDependents',
  'includeObject',
  'allowWatchBookmarks',
];
const QUERY_VALUES = [
  'Strict',
  'Warn',
  'Ignore',
  'All',
  'app=web',
  'app in (a,b)',
  '!app',
  'metadata.name=x',
  'status.phase!=Running',
  '-1',
  '0',
  '1',
  '999999999999',
  'abc',
  '',
  'true',
  'NotOlderThan',
  'Exact',
  'Foreground',
  'Orphan',
  '%%',
  '=,=',
  'a'.repeat(300),
];

/** Where requests go: real collection and object paths of the served resources, and junk. */
function pathArbitrary(server: ApiServer): fc.Arbitrary<string> {
  const infos = server.resources();
  const real = fc
    .tuple(
      fc.constantFrom(...infos),
      fc.constantFrom('default', 'kube-system', 'nope', 'fuzz'),
      fc.constantFrom('', 'web', 'x', 'kubernetes', 'default'),
      fc.constantFrom('', '', '/status', '/scale', '/log', '/foo'),
    )
    .map(([info, ns, name, sub]) => {
      const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
      const scope = info.namespaced ? `/namespaces/${ns}` : '';
      return `${prefix}${scope}/${info.resource}${name ? `/${name}${sub}` : ''}`;
    });
  const junk = fc
    .array(
      fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.constantFrom('api', 'apis', 'v1', 'namespaces', '..', '.', '', 'watch'),
      ),
      { maxLength: 8 },
    )
    .map((segments) => `/${segments.join('/')}`);
  return fc.oneof({ weight: 3, arbitrary: real }, { weight: 1, arbitrary: junk });
}

/** Writes aimed where the fixture object belongs (so creates, updates and patches get far). */
function targetedArbitrary(server: ApiServer, objects: KubeObject[]): fc.Arbitrary<ApiRequest> {
  const served = objects.flatMap((obj) => {
    const info = server
      .resources()
      .find(
        (r) =>
          r.kind === obj.kind &&
          (r.group ? `${r.group}/${r.version}` : r.version) === obj.apiVersion,
      );
    if (!info) return [];
    const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
    const collection = `${prefix}${info.namespaced ? '/namespaces/default' : ''}/${info.resource}`;
    return [{ obj, collection, name: obj.metadata?.name ?? '' }];
  });
  if (served.length === 0) return fc.constant({ method: 'GET', path: '/api/v1/namespaces' });
  return fc
    .tuple(
      fc.constantFrom(...served),
      fc.constantFrom<[HttpMethod, string]>(
        ['POST', 'application/json'],
        ['POST', 'application/json'],
        ['PUT', 'application/json'],
        ['PATCH', 'application/merge-patch+json'],
        ['PATCH', 'application/strategic-merge-patch+json'],
        ['PATCH', 'application/apply-patch+yaml'],
        ['DELETE', 'application/json'],
        ['GET', ''],
      ),
      fc.array(fc.tuple(fc.array(fc.nat({ max: 50 }), { maxLength: 6 }), jsonish), {
        maxLength: 3,
      }),
      fc.constantFrom<Record<string, string>>(
        {},
        { fieldValidation: 'Strict' },
        { fieldValidation: 'Warn' },
        { fieldManager: 'fuzz' },
        { dryRun: 'All' },
      ),
    )
    .map(([target, [method, contentType], edits, query]) => {
      const body = edits.reduce<unknown>((v, [path, r]) => mutateValue(v, path, r), target.obj);
      const named = method !== 'POST';
      const request: ApiRequest = {
        method,
        path: named ? `${target.collection}/${target.name}` : target.collection,
        query:
          method === 'PATCH' && contentType.includes('apply')
            ? { fieldManager: 'fuzz', ...query }
            : query,
        user: 'fuzz',
      };
      if (contentType) request.contentType = contentType;
      if (method !== 'GET' && method !== 'DELETE') request.body = body;
      return request;
    });
}

/** Random requests against `server`'s catalogue. */
export function requestArbitrary(server: ApiServer, fixtures: string[]): fc.Arbitrary<ApiRequest> {
  const objects = fixtureObjects(fixtures);
  return fc.oneof(targetedArbitrary(server, objects), randomRequestArbitrary(server, objects));
}

function randomRequestArbitrary(
  server: ApiServer,
  objects: KubeObject[],
): fc.Arbitrary<ApiRequest> {
  return fc
    .record({
      method: fc.constantFrom(...METHODS),
      path: pathArbitrary(server),
      query: fc.dictionary(
        fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })),
        fc.oneof(fc.constantFrom(...QUERY_VALUES), fc.string({ maxLength: 20 })),
        { maxKeys: 4 },
      ),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: fc.oneof(
        { weight: 5, arbitrary: bodyArbitrary(objects) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
      accept: fc.constantFrom(
        undefined,
        'application/json',
        'application/json;as=Table;v=v1;g=meta.k8s.io',
      ),
    })
    .map((r) => {
      const request: ApiRequest = { method: r.method, path: r.path, query: r.query, user: 'fuzz' };
      if (r.contentType) request.contentType = r.contentType;
      if (r.body !== undefined) request.body = r.body;
      if (r.accept) request.accept = r.accept;
      return request;
    });
}

/** Cases for `server`: about a third YAML texts, the rest requests. */
export function caseArbitrary(server: ApiServer, fixtures: string[]): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    {
      weight: 1,
      arbitrary: yamlTextArbitrary(fixtures).map((text): FuzzCase => ({ kind: 'yaml', text })),
    },
    {
      weight: 2,
      arbitrary: requestArbitrary(server, fixtures).map((request): FuzzCase => ({
        kind: 'request',
        request,
      })),
    },
  );
}

/** A fresh apiserver (no controllers: a fuzzed Deployment must not start 10,000 pods). */
export function fuzzServer(seed = 9): { server: ApiServer; clock: VirtualClock } {
  const clock = new VirtualClock();
  return { clock, server: createApiServer({ clock, rng: createRng(seed) }) };
}

/** Runs one case; throws (failing the property) when the handler throws or a case hangs. */
export function runCase(server: ApiServer, fuzzCase: FuzzCase): FuzzOutcome {
  const started = performance.now();
  let outcome: FuzzOutcome;
  if (fuzzCase.kind === 'yaml') {
    outcome = parseManifest(fuzzCase.text).errors.length > 0 ? 'yaml-error' : 'yaml-ok';
  } else {
    const response = server.handle(fuzzCase.request);
    response.watch?.stop();
    outcome = response.status;
  }
  const ms = performance.now() - started;
  if (ms > HANG_MS) throw new Error(`case took ${Math.round(ms)} ms (hang bound ${HANG_MS} ms)`);
  return outcome;
}

/**
 * The store's invariants: every object has a name, a uid and resourceVersion equal to its etcd
 * mod revision; every namespaced object's namespace exists (objects of a namespace being deleted
 * stay until the namespace controller removes them, and the namespace stays until then); the
 * server still lists namespaces.
 */
export function invariantViolations(server: ApiServer): string[] {
  const problems: string[] = [];
  for (const kv of server.etcd.range('/registry/').kvs) {
    const meta = kv.value.metadata ?? {};
    if (typeof meta.name !== 'string' || meta.name === '') problems.push(`${kv.key}: no name`);
    if (typeof meta.uid !== 'string' || meta.uid === '') problems.push(`${kv.key}: no uid`);
    if (meta.resourceVersion !== String(kv.modRevision))
      problems.push(`${kv.key}: resourceVersion ${meta.resourceVersion} != ${kv.modRevision}`);
    if (meta.namespace && !server.etcd.get(`/registry/namespaces/${meta.namespace}`))
      problems.push(`${kv.key}: namespace ${meta.namespace} does not exist`);
  }
  const namespaces = server.handle({ method: 'GET', path: '/api/v1/namespaces' });
  if (namespaces.status !== 200)
    problems.push(`GET /api/v1/namespaces answered ${namespaces.status}`);
  return problems;
}
